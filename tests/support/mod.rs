//! Helpers shared by the core's integration tests and the end-to-end tests
//! (each includes this folder with `#[path]`).

pub mod python;
pub mod radicale;
pub mod smtp;
