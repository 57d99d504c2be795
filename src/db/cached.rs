//! Statements run once per row of a batch (a list imported, the demo
//! loaded, an allocation applied) go through the connection's statement
//! cache: preparing a write compiles the undo triggers it fires, and
//! preparing was half the work of loading the demo.

use rusqlite::{Connection, Params, Row};

/// The statement cache's size: the batches' statements, and then some,
/// without one pushing another out.
pub(crate) const CAPACITY: usize = 64;

/// `query_row` and `execute`, with the statement prepared once.
pub(crate) trait Cached {
    fn query_row_cached<T, P: Params, F: FnOnce(&Row<'_>) -> rusqlite::Result<T>>(
        &self,
        sql: &str,
        params: P,
        f: F,
    ) -> rusqlite::Result<T>;

    fn execute_cached<P: Params>(&self, sql: &str, params: P) -> rusqlite::Result<usize>;
}

impl Cached for Connection {
    fn query_row_cached<T, P: Params, F: FnOnce(&Row<'_>) -> rusqlite::Result<T>>(
        &self,
        sql: &str,
        params: P,
        f: F,
    ) -> rusqlite::Result<T> {
        self.prepare_cached(sql)?.query_row(params, f)
    }

    fn execute_cached<P: Params>(&self, sql: &str, params: P) -> rusqlite::Result<usize> {
        self.prepare_cached(sql)?.execute(params)
    }
}
