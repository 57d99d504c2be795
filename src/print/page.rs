//! The paper of a printed document, as typed data: what its `@page` rule
//! says, for a program that prints it (the app gives it to GTK). Each
//! document declares it beside the CSS that carries the same rule; a test
//! checks that both agree.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A document's paper, orientation and margins.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PageGeometry {
    pub paper: Paper,
    pub orientation: Orientation,
    /// The margins of the page, in millimetres.
    pub margins_mm: Margins,
}

/// The paper sizes documents use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Paper {
    /// ISO A4, 210 × 297 mm.
    A4,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Orientation {
    Portrait,
    Landscape,
}

/// Four margins, in millimetres.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, TS)]
pub struct Margins {
    pub top: f64,
    pub right: f64,
    pub bottom: f64,
    pub left: f64,
}

impl PageGeometry {
    /// A4 with these margins (top, right, bottom, left), as in CSS.
    pub const fn a4(orientation: Orientation, [top, right, bottom, left]: [f64; 4]) -> Self {
        PageGeometry {
            paper: Paper::A4,
            orientation,
            margins_mm: Margins {
                top,
                right,
                bottom,
                left,
            },
        }
    }
}
