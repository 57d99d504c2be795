//! No hang and no crash from inside a command.
//!
//! Commands are `async` so they never run on the main thread, which means
//! they run on the async runtime's few worker threads (as many as cores).
//! Whatever may wait — the database lock, SQLite, a native file dialog that
//! stays open for minutes, a print operation — goes through [`blocking`],
//! which hands the worker's duties to another thread for that time
//! (`tokio::task::block_in_place`): two dialogs open on a two-core machine
//! no longer stall every other command. [`blocking`] also catches a panic
//! (a bug) and answers with an `internal` error, so the UI is never left
//! waiting for an answer that will not come; the transaction the panic
//! interrupted was rolled back as it unwound, and the locks it poisoned are
//! reused (they guard nothing a panic can leave half-done: see
//! `AppState::with`).

use deroule::{Error, ErrorCode};
use std::any::Any;
use std::panic::{catch_unwind, AssertUnwindSafe};
use tokio::runtime::{Handle, RuntimeFlavor};

/// Runs `f` off the async workers, turning a panic into an `internal`
/// error.
pub(crate) fn blocking<T>(f: impl FnOnce() -> Result<T, Error>) -> Result<T, Error> {
    let run = || catch_unwind(AssertUnwindSafe(f)).unwrap_or_else(|panic| Err(internal(&*panic)));
    match Handle::try_current() {
        // On a worker of the multi-threaded runtime (the app's): give the
        // worker's queue to another thread while `f` waits. Elsewhere (a
        // plain thread, or already inside `blocking`), just run it.
        Ok(handle) if handle.runtime_flavor() == RuntimeFlavor::MultiThread => {
            tokio::task::block_in_place(run)
        }
        _ => run(),
    }
}

/// The error a panic becomes, with its message for the logs.
fn internal(panic: &(dyn Any + Send)) -> Error {
    let what = panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a panic".into());
    let error = Error::new(
        ErrorCode::Internal,
        format!("internal error (nothing was changed): {what}"),
    );
    eprintln!("deroule: {}", error.message);
    error
}

/// Faults the IPC tests inject where a real one would strike: a panic in
/// the middle of a change, and a file dialog that stays open.
#[cfg(test)]
#[derive(Default)]
pub(crate) struct Faults {
    /// The next database call panics inside a transaction that has already
    /// deleted every item.
    pub(crate) panic_next: std::sync::atomic::AtomicBool,
    /// Answers the file dialogs instead of the system (which the mock
    /// runtime does not have), taking as long as it likes.
    #[allow(clippy::type_complexity)]
    pub(crate) dialog: std::sync::Mutex<
        Option<std::sync::Arc<dyn Fn() -> Option<std::path::PathBuf> + Send + Sync>>,
    >,
    /// Runs while work is made on a copy of the database (`AppState::apart`:
    /// everyone's calendars, the saved messages, publishing), given the
    /// database: what another command would do then.
    #[allow(clippy::type_complexity)]
    pub(crate) apart:
        std::sync::Mutex<Option<Box<dyn Fn(&std::sync::Mutex<deroule::Db>) + Send + Sync>>>,
}

#[cfg(test)]
impl Faults {
    pub(crate) fn before_change(&self, db: &mut deroule::Db) {
        use std::sync::atomic::Ordering;
        if self.panic_next.swap(false, Ordering::SeqCst) {
            let _: deroule::Result<()> = db.change("fault", |tx| {
                tx.execute("DELETE FROM items", [])?;
                panic!("a fault injected by a test");
            });
        }
    }

    pub(crate) fn while_apart(&self, db: &std::sync::Mutex<deroule::Db>) {
        if let Some(meanwhile) = &*self.apart.lock().unwrap_or_else(|p| p.into_inner()) {
            meanwhile(db);
        }
    }

    pub(crate) fn dialog(
        &self,
    ) -> Option<std::sync::Arc<dyn Fn() -> Option<std::path::PathBuf> + Send + Sync>> {
        self.dialog
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }
}

#[cfg(test)]
mod tests {
    //! On the mock runtime, which runs commands on the same multi-threaded
    //! async runtime as the app.

    use crate::tests::{invoke, tempfile_dir, window};
    use crate::AppState;
    use serde_json::json;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::{mpsc, Arc, Condvar, Mutex};
    use std::time::Duration;
    use tauri::Manager;

    #[test]
    fn a_panic_inside_a_command_answers_internal_and_the_app_goes_on() {
        let (app, window) = window();
        let id = invoke(&window, "load_demo", json!({})).unwrap();
        let items = |w| {
            invoke(w, "get_programme", json!({ "eventId": id })).unwrap()["items"]
                .as_array()
                .unwrap()
                .len()
        };
        assert_eq!(items(&window), 14);

        // The command panics with the database lock held, in a transaction
        // that has deleted every item: the UI gets an answer...
        let state = app.state::<AppState>();
        state.faults.panic_next.store(true, Ordering::SeqCst);
        let err = invoke(&window, "history", json!({})).unwrap_err();
        assert_eq!(err["code"], "internal");
        assert!(
            err["message"]
                .as_str()
                .unwrap()
                .contains("a fault injected by a test"),
            "{err}"
        );
        // ...nothing of the transaction remains, and every command works on:
        // reading, the history as it was, undo, a new change.
        assert_eq!(items(&window), 14);
        assert_eq!(
            invoke(&window, "history", json!({})).unwrap(),
            json!({ "undo": "demo.load", "redo": null })
        );
        invoke(&window, "undo", json!({})).unwrap();
        assert!(invoke(&window, "list_events", json!({}))
            .unwrap()
            .as_array()
            .unwrap()
            .is_empty());
        invoke(&window, "load_demo", json!({})).unwrap();
    }

    /// Releases the dialogs when dropped, so a failed test does not leave
    /// threads waiting forever.
    struct Gate(Arc<(Mutex<bool>, Condvar)>);

    impl Gate {
        fn open(&self) {
            *self.0 .0.lock().unwrap() = true;
            self.0 .1.notify_all();
        }
    }

    impl Drop for Gate {
        fn drop(&mut self) {
            self.open();
        }
    }

    #[test]
    fn open_file_dialogs_do_not_stall_the_other_commands() {
        let (app, window) = window();
        let id = invoke(&window, "load_demo", json!({}))
            .unwrap()
            .as_i64()
            .unwrap();
        let dir = tempfile_dir().join("dialogs");
        std::fs::create_dir_all(&dir).unwrap();

        // More dialogs open at once than the runtime has worker threads,
        // each answered only when the gate opens (a user taking their time).
        let workers = std::thread::available_parallelism().map_or(2, |n| n.get());
        let dialogs = workers + 2;
        let gate = Gate(Arc::new((Mutex::new(false), Condvar::new())));
        let opened = Arc::new(AtomicUsize::new(0));
        {
            let (gate, opened, dir) = (Arc::clone(&gate.0), Arc::clone(&opened), dir.clone());
            *app.state::<AppState>().faults.dialog.lock().unwrap() = Some(Arc::new(move || {
                let n = opened.fetch_add(1, Ordering::SeqCst);
                let (open, cv) = &*gate;
                let mut is_open = open.lock().unwrap();
                while !*is_open {
                    is_open = cv.wait(is_open).unwrap();
                }
                Some(dir.join(format!("programme-{n}.ics")))
            }));
        }
        let exports: Vec<_> = (0..dialogs)
            .map(|_| {
                let window = window.clone();
                std::thread::spawn(move || {
                    invoke(
                        &window,
                        "export_file",
                        json!({ "eventId": id, "format": "ics", "selection": { "kind": "all" } }),
                    )
                })
            })
            .collect();
        let waited = std::time::Instant::now();
        while opened.load(Ordering::SeqCst) < dialogs && waited.elapsed() < Duration::from_secs(30)
        {
            std::thread::sleep(Duration::from_millis(20));
        }
        let all_open = opened.load(Ordering::SeqCst);

        // While they are all open, the editor still answers.
        let (answer, answered) = mpsc::channel();
        {
            let window = window.clone();
            std::thread::spawn(move || {
                let _ = answer.send(invoke(&window, "get_programme", json!({ "eventId": id })));
            });
        }
        let programme = answered.recv_timeout(Duration::from_secs(30));
        gate.open();
        assert_eq!(
            all_open, dialogs,
            "only {all_open} dialogs could open at once"
        );
        let programme = programme.expect("a command answered while dialogs were open");
        assert_eq!(programme.unwrap()["items"].as_array().unwrap().len(), 14);

        // Then each export is written where its dialog said.
        let mut written: Vec<String> = exports
            .into_iter()
            .map(|t| t.join().unwrap().unwrap().as_str().unwrap().to_owned())
            .collect();
        written.sort();
        assert_eq!(written.len(), dialogs);
        for path in &written {
            let text = std::fs::read_to_string(path).unwrap();
            assert!(text.starts_with("BEGIN:VCALENDAR"), "{path}");
        }
    }
}
