//! The demo's printed documents, made in memory: every document, and the
//! large print of those that have one. The app loads each once out of
//! sight after an event opens, so that WebKit has parsed each document's
//! style and matched its fonts at each of its sizes before the organiser's
//! first preview, as the warm-up of the UI does for the Programme tab.
//! One document a call, from the demo read once a process: the first call
//! writes the demo into a database in memory and reads it (`load_demo`
//! into a file takes 12.6 ms), and a call after it takes 0.07–0.27 ms
//! (p50, IPC bench).

use crate::db::Db;
use crate::error::Result;
use crate::print::{render, Document, PrintData, PrintFile, PrintOptions};
use std::sync::OnceLock;

/// The practice documents in order: each document of [`Document::ALL`],
/// followed by its large print where it has one.
fn practice() -> impl Iterator<Item = (Document, bool)> {
    Document::ALL.into_iter().flat_map(|document| {
        [(document, false), (document, true)]
            .into_iter()
            .filter(|&(d, large)| !large || d.has_large_print())
    })
}

/// The `n`th printed document of the demo day (from 0), or `None` past the
/// last.
pub fn practice_print(n: usize) -> Result<Option<PrintFile>> {
    static DATA: OnceLock<PrintData> = OnceLock::new();
    let Some((document, large)) = practice().nth(n) else {
        return Ok(None);
    };
    let data = match DATA.get() {
        Some(data) => data,
        None => {
            let made = demo_data()?;
            DATA.get_or_init(|| made)
        }
    };
    let options = PrintOptions {
        large,
        ..PrintOptions::default()
    };
    render(document, data, &options).map(Some)
}

/// The demo with its attendees and their confirmed workshops: what every
/// document but the erratum prints (which then says that no version of the
/// programme went out yet).
fn demo_data() -> Result<PrintData> {
    let mut db = Db::open_in_memory()?;
    let event = db.load_demo()?;
    db.print_data(event, Document::Signin, &PrintOptions::default())
}
