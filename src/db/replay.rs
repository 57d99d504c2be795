//! Running the statements of an undo or redo step, which the undo triggers
//! wrote as SQL text (`install_undo_triggers`): `DELETE FROM main.T WHERE
//! rowid=N` for a row inserted, `INSERT INTO main.T(…) VALUES (…)` for a row
//! deleted, `UPDATE main.T SET … WHERE rowid=N` for a row changed.
//!
//! Each statement run as it was written was parsed and compiled anew, with
//! the code of every trigger and foreign key action of its table: undoing a
//! copy of the large event (its 514 items and what hangs on them) took
//! 40 ms, most of it compiling the same DELETE again. So the same
//! statements run, in the same order, through one prepared statement for
//! each form, the row's values bound to it:
//! - a DELETE's rowid;
//! - an INSERT's values, as `quote()` wrote them: NULL, an integer, a text.
//!   A real (a venue's coordinates) or a blob is left to SQLite's own
//!   reading of the text: the statement runs as written, so that no value
//!   reads back other than SQLite would read it;
//! - anything else (an UPDATE) runs as written.

use crate::Result;
use rusqlite::types::Value;
use rusqlite::Connection;

/// Runs `statements` in their order, inside the caller's transaction,
/// each form's statement kept in the connection's cache from one undo to
/// the next (compiling them with their triggers was a tenth of undoing a
/// copied event).
pub(super) fn run(tx: &Connection, statements: &[String]) -> Result<()> {
    for sql in statements {
        if let Some((table, rowid)) = delete_of(sql) {
            tx.prepare_cached(&format!("DELETE FROM main.{table} WHERE rowid=?1"))?
                .execute([rowid])?;
        } else if let Some((head, values)) = insert_of(sql) {
            let marks = vec!["?"; values.len()].join(",");
            tx.prepare_cached(&format!("{head}({marks})"))?
                .execute(rusqlite::params_from_iter(values))?;
        } else {
            tx.execute_batch(sql)?;
        }
    }
    Ok(())
}

/// `DELETE FROM main.T WHERE rowid=N` as (T, N).
fn delete_of(sql: &str) -> Option<(&str, i64)> {
    let (table, rowid) = sql
        .strip_prefix("DELETE FROM main.")?
        .split_once(" WHERE rowid=")?;
    let is_name = !table.is_empty()
        && table
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_');
    Some((table, rowid.parse().ok()?)).filter(|_| is_name)
}

/// `INSERT INTO main.T(c,…) VALUES (v,…)` as its head, up to and with
/// `VALUES `, and its values; none when a value is a real or a blob, or
/// the statement is not of that form. Column names hold no `)`, so the
/// first `) VALUES (` ends the head.
fn insert_of(sql: &str) -> Option<(&str, Vec<Value>)> {
    if !sql.starts_with("INSERT INTO main.") {
        return None;
    }
    let at = sql.find(") VALUES (")? + ") VALUES ".len();
    Some((&sql[..at], quoted_row(&sql[at..])?))
}

/// `(v,…)` as `quote()` writes a row: NULL, integers and texts (in single
/// quotes, a quote in one doubled).
fn quoted_row(row: &str) -> Option<Vec<Value>> {
    let mut rest = row.strip_prefix('(')?;
    let mut values = Vec::new();
    loop {
        let (value, after) = if let Some(text) = rest.strip_prefix('\'') {
            // Up to the quote not doubled.
            let mut out = String::new();
            let mut chunk = text;
            loop {
                let end = chunk.find('\'')?;
                out.push_str(&chunk[..end]);
                chunk = &chunk[end + 1..];
                match chunk.strip_prefix('\'') {
                    Some(more) => {
                        out.push('\'');
                        chunk = more;
                    }
                    None => break,
                }
            }
            (Value::Text(out), chunk)
        } else {
            let end = rest.find([',', ')'])?;
            let token = &rest[..end];
            let value = match token {
                "NULL" => Value::Null,
                _ if is_integer(token) => Value::Integer(token.parse().ok()?),
                _ => return None,
            };
            (value, &rest[end..])
        };
        values.push(value);
        if let Some(next) = after.strip_prefix(',') {
            rest = next;
        } else {
            return (after == ")").then_some(values);
        }
    }
}

/// An integer as `quote()` writes one: digits, perhaps after a minus.
fn is_integer(token: &str) -> bool {
    let digits = token.strip_prefix('-').unwrap_or(token);
    !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_statements_the_triggers_write() {
        assert_eq!(
            delete_of("DELETE FROM main.items WHERE rowid=42"),
            Some(("items", 42))
        );
        assert_eq!(delete_of("DELETE FROM main.items WHERE rowid=x"), None);
        assert_eq!(delete_of("DELETE FROM main.a b WHERE rowid=1"), None);
        assert_eq!(delete_of("UPDATE main.items SET a=1 WHERE rowid=1"), None);
        let insert = "INSERT INTO main.rooms(id,name,x) VALUES (3,'a) VALUES (''b'', c',NULL)";
        assert_eq!(
            insert_of(insert),
            Some((
                "INSERT INTO main.rooms(id,name,x) VALUES ",
                vec![
                    Value::Integer(3),
                    Value::Text("a) VALUES ('b', c".into()),
                    Value::Null
                ]
            ))
        );
        assert_eq!(
            quoted_row("(-12,'',' ''')"),
            Some(vec![
                Value::Integer(-12),
                Value::Text(String::new()),
                Value::Text(" '".into())
            ])
        );
        // Left to SQLite: a real, a blob, anything unexpected.
        for row in ["(1.5)", "(X'00')", "(1,'a'", "(1)x", "('a)", "(-)", "()"] {
            assert_eq!(quoted_row(row), None, "{row}");
        }
        assert!(insert_of("DELETE FROM main.items WHERE rowid=1").is_none());
    }

    #[test]
    fn runs_in_order_row_for_row() {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(
            "CREATE TABLE main.t (id INTEGER PRIMARY KEY, v TEXT, r REAL);
             CREATE TABLE main.seen (n INTEGER PRIMARY KEY AUTOINCREMENT, what TEXT);
             CREATE TRIGGER t_in AFTER INSERT ON t BEGIN INSERT INTO seen(what) VALUES ('+' || new.id); END;
             CREATE TRIGGER t_out AFTER DELETE ON t BEGIN INSERT INTO seen(what) VALUES ('-' || old.id); END;
             INSERT INTO t VALUES (1, 'x', NULL), (2, 'y', NULL);",
        )
        .unwrap();
        conn.execute("DELETE FROM seen", []).unwrap();
        let statements: Vec<String> = [
            "DELETE FROM main.t WHERE rowid=2",
            "INSERT INTO main.t(id,v,r) VALUES (9,'a,b)',NULL)",
            "INSERT INTO main.t(id,v,r) VALUES (5,NULL,45.7640000000001)",
            "DELETE FROM main.t WHERE rowid=1",
            "INSERT INTO main.t(id,v,r) VALUES (7,'it''s',NULL)",
            "UPDATE main.t SET v='z' WHERE rowid=5",
        ]
        .map(String::from)
        .to_vec();
        run(&conn, &statements).unwrap();
        let seen: Vec<String> = conn
            .prepare("SELECT what FROM seen ORDER BY n")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert_eq!(seen, ["-2", "+9", "+5", "-1", "+7"]);
        let rows: Vec<(i64, Option<String>, Option<f64>)> = conn
            .prepare("SELECT id, v, r FROM t ORDER BY id")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert_eq!(
            rows,
            [
                (5, Some("z".into()), Some(45.7640000000001)),
                (7, Some("it's".into()), None),
                (9, Some("a,b)".into()), None)
            ]
        );
    }
}
