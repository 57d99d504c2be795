//! Every IPC command on the large demo (the demo, 500 more sessions in 10
//! more rooms, 10,060 attendees: `Db::load_large_demo`), through Tauri's
//! own IPC on the mock runtime: the arguments' JSON in, the command, the
//! answer serialized to JSON out, as the window calls it. Prints each
//! command's median (p50), p99 and slowest run over many runs; a change is
//! undone (untimed) after each run so every run changes the same event.
//! Reports figures; asserts nothing. These machines are noisy.
//!
//!     cargo bench -p deroule-app --bench ipc            (RUNS=200 for more)
//!     ONLY=get_programme,attendees cargo bench …    (only those commands)
//!
//! Not measured: the commands that reach outside the app (publish,
//! keep_calendar_password, start_sending: a server, the keyring), open
//! native windows (print_document, save_pdf), and import_file (the one
//! `--open-from` file here is the CSV list; `benches/import.rs` times the
//! core's importers).

use deroule::Db;
use deroule_app::{builder, AppState};
use serde_json::{json, Value};
use std::time::{Duration, Instant};
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{get_ipc_response, MockRuntime};
use tauri::webview::InvokeRequest;
use tauri::{Manager, WebviewWindow};

struct Bench {
    window: WebviewWindow<MockRuntime>,
    runs: usize,
    /// The commands to time (`ONLY`, comma-separated); all when empty.
    only: Vec<String>,
    rows: Vec<(String, Duration, Duration, Duration, usize)>,
    /// The name of the next measure's row, when the command alone would
    /// not tell it (`open_print badges`); the command's name otherwise.
    label: Option<String>,
}

impl Bench {
    /// The answer as JSON and its size, and the time of the IPC round trip
    /// alone (the command and its answer's serialization, not the parsing
    /// here).
    fn call(&self, cmd: &str, body: &Value) -> Result<(Value, usize, Duration), Value> {
        call_on(&self.window, cmd, body)
    }

    /// Names the row of the next measure `name`.
    fn labelled(&mut self, name: String) -> &mut Bench {
        self.label = Some(name);
        self
    }

    /// Times `cmd` while `busy` runs again and again on another thread,
    /// at least `rounds` times: what a click waits for while a long export
    /// writes its files (the export holding the database, or the cores).
    /// Each call comes 1 to 20 ms after the one before, so that the calls
    /// fall anywhere in the export.
    fn time_during(&mut self, cmd: &str, body: Value, busy: (&str, Value), rounds: usize) {
        use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering::Relaxed};
        let (busy, busy_body) = busy;
        let label = self.label.take().unwrap_or_else(|| busy.to_owned());
        if !self.only.is_empty() && !self.only.iter().any(|c| c == cmd || c == busy) {
            return;
        }
        let done = AtomicUsize::new(0);
        let stop = AtomicBool::new(false);
        let window = &self.window;
        let (mut times, mut size) = (Vec::new(), 0);
        std::thread::scope(|scope| {
            scope.spawn(|| {
                while !stop.load(Relaxed) {
                    call_on(window, busy, &busy_body).unwrap_or_else(|e| panic!("{busy}: {e}"));
                    done.fetch_add(1, Relaxed);
                    // A pause, as between two exports a person starts:
                    // one started at once took the lock again before the
                    // click waiting for it (a lock is not fair).
                    std::thread::sleep(Duration::from_millis(5));
                }
            });
            // Pauses out of step with the export (xorshift: they need not
            // be random, only spread).
            let mut seed = 0x2545_f491_u32;
            while times.len() <= self.runs || done.load(Relaxed) < rounds {
                seed ^= seed << 13;
                seed ^= seed >> 17;
                seed ^= seed << 5;
                std::thread::sleep(Duration::from_millis(1 + u64::from(seed % 20)));
                let (_, n, took) =
                    call_on(window, cmd, &body).unwrap_or_else(|e| panic!("{cmd}: {e}"));
                size = n;
                times.push(took);
            }
            stop.store(true, Relaxed);
        });
        self.report(format!("{cmd} during {label}"), times, size);
    }

    fn value(&self, cmd: &str, body: Value) -> Value {
        self.call(cmd, &body)
            .unwrap_or_else(|e| panic!("{cmd}: {e}"))
            .0
    }

    /// Times `cmd` with `body`; a change is undone after each run (untimed).
    fn time(&mut self, cmd: &str, body: Value, undo: bool) {
        self.time_after(cmd, body, &[], undo);
    }

    /// Times `cmd` with `body` at most `most` times (and once to warm up):
    /// for an export that writes every attendee's own file, 10,060
    /// calendars of the large demo's 514 common items each.
    fn time_at_most(&mut self, cmd: &str, body: Value, most: usize) {
        let runs = self.runs;
        self.runs = runs.min(most);
        self.time(cmd, body, false);
        self.runs = runs;
    }

    /// Times `cmd` with `body`, after `before` (untimed) each time.
    fn time_after(&mut self, cmd: &str, body: Value, before: &[(&str, Value)], undo: bool) {
        self.time_each(cmd, &|_| body.clone(), before, undo);
    }

    /// As `time_after`, with the body of each run (by its number): for a
    /// change undo does not revert (a version marked), which must differ
    /// from run to run.
    fn time_each(
        &mut self,
        cmd: &str,
        body: &dyn Fn(usize) -> Value,
        before: &[(&str, Value)],
        undo: bool,
    ) {
        let label = self.label.take().unwrap_or_else(|| cmd.to_owned());
        if !self.only.is_empty() && !self.only.iter().any(|c| c == cmd) {
            return;
        }
        let runs = if undo || !before.is_empty() {
            self.runs.div_ceil(2)
        } else {
            self.runs
        };
        let mut times = Vec::with_capacity(runs);
        // The undo of each run's change, timed too: pressing Ctrl+Z is an
        // interaction as much as the change.
        let mut undos = Vec::with_capacity(runs);
        let (mut size, mut undo_size) = (0, 0);
        for run in 0..runs + 1 {
            for (c, b) in before {
                self.value(c, b.clone());
            }
            // A change that changed nothing (an allocation applied again
            // as it stands) leaves nothing to undo.
            let history = undo.then(|| self.value("history", json!({})));
            match self.call(cmd, &body(run)) {
                Ok((_, n, took)) => {
                    size = n;
                    times.push(took);
                }
                Err(e) => panic!("{cmd}: {e}"),
            }
            if history.is_some_and(|h| h != self.value("history", json!({}))) {
                let (_, n, took) = self
                    .call("undo", &json!({}))
                    .unwrap_or_else(|e| panic!("undo {cmd}: {e}"));
                undos.push(took);
                undo_size = n;
            }
        }
        // A change undone at each run, the warm-up's undo included.
        let undone = undos.len() == times.len();
        self.report(label.clone(), times, size);
        if undone {
            self.report(format!("  undo {label}"), undos, undo_size);
        }
    }

    /// Prints and keeps a measure's row; the first run was a warm-up.
    fn report(&mut self, label: String, mut times: Vec<Duration>, size: usize) {
        times.remove(0); // the warm-up run
        times.sort();
        let at = |q: f64| times[((times.len() as f64 - 1.0) * q).round() as usize];
        let row = (label, at(0.5), at(0.99), times[times.len() - 1], size);
        println!(
            "{:<32} {:>9.2} {:>9.2} {:>9.2} {:>10}",
            row.0,
            ms(row.1),
            ms(row.2),
            ms(row.3),
            row.4
        );
        self.rows.push(row);
    }
}

/// One call through the IPC, as [`Bench::call`] makes it.
fn call_on(
    window: &WebviewWindow<MockRuntime>,
    cmd: &str,
    body: &Value,
) -> Result<(Value, usize, Duration), Value> {
    let t0 = Instant::now();
    let response = get_ipc_response(
        window,
        InvokeRequest {
            cmd: cmd.into(),
            callback: CallbackFn(0),
            error: CallbackFn(1),
            url: window.url().expect("window URL"),
            body: InvokeBody::Json(body.clone()),
            headers: Default::default(),
            invoke_key: window.app_handle().invoke_key().to_string(),
        },
    )?;
    let took = t0.elapsed();
    let value: Value = response.deserialize().expect("JSON response");
    let size = value.to_string().len();
    Ok((value, size, took))
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn main() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let db_path = dir.path().join("large.db");
    let csv = dir.path().join("attendees.csv");
    std::fs::write(
        &csv,
        "Nom;E-mail;Organisation\nNoémie Sauvage;noemie.sauvage@exemple.org;Fablab\n",
    )
    .unwrap();
    let t0 = Instant::now();
    let mut db = Db::open(&db_path).expect("a database");
    let event = db
        .load_large_demo(Default::default())
        .expect("the large demo");
    drop(db);
    println!(
        "large demo written in {:.1} s ({})",
        t0.elapsed().as_secs_f64(),
        db_path.display()
    );
    let state = AppState::new(Db::open(&db_path), db_path.clone())
        .without_dialogs(dir.path().to_owned(), csv.clone());
    let app = builder::<MockRuntime>()
        .build(tauri::generate_context!(test = true))
        .expect("mock app");
    app.manage(state);
    let window = tauri::WebviewWindowBuilder::new(&app, "main", Default::default())
        .build()
        .expect("mock window");
    let runs = std::env::var("RUNS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(40);
    let only = std::env::var("ONLY")
        .map(|o| o.split(',').map(|c| c.trim().to_owned()).collect())
        .unwrap_or_default();
    let mut b = Bench {
        window,
        runs,
        only,
        rows: Vec::new(),
        label: None,
    };

    let programme = b.value("get_programme", json!({ "eventId": event }));
    let reg = b.value("signup_state", json!({ "eventId": event }));
    let attendees = b.value("attendees", json!({ "eventId": event }));
    let item = programme["items"][100].clone();
    let room = programme["rooms"][0].clone();
    let speaker = programme["speakers"][0].clone();
    let attendee = attendee_at(&attendees, 5000);
    let block = reg["blocks"][0].clone();
    let workshop_signup = reg["signups"][0].clone();
    let promotion_signup = reg["signups"][1].clone();
    let talk = programme["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["kind"] == "pitches")
        .unwrap()["id"]
        .clone();
    let demo_attendee = json!({ "id": workshop_signup["attendeeId"] });
    let other_workshop = reg["signups"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["itemId"] != workshop_signup["itemId"])
        .unwrap()["itemId"]
        .clone();
    b.value(
        "mark_version",
        json!({ "eventId": event, "label": "Envoyé" }),
    );
    let allocation = json!({ "kind": "allocation", "blockId": block["id"] });
    // The list the import commands read must have been picked in this
    // window (untimed here, so that `ONLY` may leave the pick out).
    b.value("pick_attendees_csv", json!({ "eventId": event }));

    println!(
        "\n{:<32} {:>9} {:>9} {:>9} {:>10}",
        "command (ms)", "p50", "p99", "max", "bytes"
    );
    // Reading.
    b.time("list_events", json!({}), false);
    b.time("get_programme", json!({ "eventId": event }), false);
    b.time("attendees", json!({ "eventId": event }), false);
    b.time("signup_state", json!({ "eventId": event }), false);
    b.time("history", json!({}), false);
    b.time("database_path", json!({}), false);
    b.time("list_speakers", json!({}), false);
    b.time(
        "attendee_day",
        json!({ "eventId": event, "attendeeId": demo_attendee["id"] }),
        false,
    );
    b.time(
        "rankings",
        json!({ "attendeeId": demo_attendee["id"] }),
        false,
    );
    b.time("versions", json!({ "eventId": event }), false);
    b.time(
        "changes",
        json!({ "eventId": event, "since": null, "lang": "fr" }),
        false,
    );
    b.time("publications", json!({ "eventId": event }), false);
    b.time("smtp_settings", json!({}), false);
    b.time("sending_status", json!({}), false);
    b.time(
        "notify_preview",
        json!({ "eventId": event, "request": allocation, "template": null, "sampleOf": null }),
        false,
    );
    b.time("pick_attendees_csv", json!({ "eventId": event }), false);
    b.time(
        "preview_attendees_csv",
        json!({ "eventId": event, "path": csv, "mapping": null }),
        false,
    );
    b.time(
        "allocate_block",
        json!({ "blockId": block["id"], "dryRun": true }),
        false,
    );
    // Writing files (to the folder --save-to would name).
    for (format, selection) in [
        ("ics", json!({ "kind": "all" })),
        ("schedule_xml", json!({ "kind": "all" })),
        ("schedule_json", json!({ "kind": "all" })),
        (
            "ics",
            json!({ "kind": "attendee", "value": demo_attendee["id"] }),
        ),
    ] {
        b.labelled(format!(
            "export_file {format} {}",
            selection["kind"].as_str().unwrap()
        ))
        .time(
            "export_file",
            json!({ "eventId": event, "format": format, "selection": selection }),
            false,
        );
    }
    b.time_at_most("export_personal_calendars", json!({ "eventId": event }), 3);
    b.time(
        "export_web_page",
        json!({ "eventId": event, "lang": "fr" }),
        false,
    );
    for sheet in ["attendees", "signups", "allocation", "changes"] {
        b.labelled(format!("export_sheet {sheet}")).time(
            "export_sheet",
            json!({ "eventId": event, "sheet": sheet, "format": "xlsx" }),
            false,
        );
    }
    b.time(
        "save_notify_eml",
        json!({ "eventId": event, "request": allocation }),
        false,
    );
    // A click while a long export runs (the programme read, as a tab
    // opening does): it waits for the database as long as the export holds
    // it, and shares the cores with it.
    let read = json!({ "eventId": event });
    for (label, busy, body, rounds) in [
        (
            "export_sheet attendees",
            "export_sheet",
            json!({ "eventId": event, "sheet": "attendees", "format": "xlsx" }),
            20,
        ),
        (
            "save_notify_eml",
            "save_notify_eml",
            json!({ "eventId": event, "request": allocation }),
            10,
        ),
        (
            "export_personal_calendars",
            "export_personal_calendars",
            json!({ "eventId": event }),
            2,
        ),
    ] {
        b.labelled(label.into())
            .time_during("get_programme", read.clone(), (busy, body), rounds);
    }
    let mut changed = programme["event"].clone();
    changed["description"] = json!("Une autre description.");
    for document in [
        "programme",
        "schedules",
        "speakers",
        "signin",
        "rooms",
        "badges",
        "erratum",
    ] {
        // Everyone's schedules are over one document's limit on this event:
        // the first batch the window offers (longest day 514 + 4 workshops).
        let options = match document {
            "schedules" => {
                let fit = deroule::print::MAX_SCHEDULE_LINES / 518;
                json!({ "attendeeIds": attendees["ids"].as_array().unwrap()[..fit] })
            }
            _ => json!({}),
        };
        let body = json!({ "eventId": event, "document": document, "options": options });
        // As the window asks: after a change (made and undone, untimed),
        // the Print menu opened (`prepare_print`), then the document
        // chosen. Unprepared, read from the database. Then again,
        // unchanged, as when the preview's options change: made from what
        // was read (`Db::kept`).
        let change = [
            ("update_event", json!({ "event": changed })),
            ("undo", json!({})),
        ];
        let prepare = ("prepare_print", json!({ "eventId": event }));
        b.labelled(format!("open_print {document}")).time_after(
            "open_print",
            body.clone(),
            &[change[0].clone(), change[1].clone(), prepare.clone()],
            false,
        );
        b.labelled(format!("open_print {document} unprepared"))
            .time_after("open_print", body.clone(), &change, false);
        b.labelled(format!("open_print {document} again"))
            .time("open_print", body, false);
    }
    // The Print menu opened after a change.
    b.time_after(
        "prepare_print",
        json!({ "eventId": event }),
        &[
            ("update_event", json!({ "event": changed })),
            ("undo", json!({})),
        ],
        false,
    );
    // The demo's documents, loaded out of sight once an event is open, one
    // a call (the first call of a process also reads the demo: untimed).
    for n in [0, 2, 8] {
        b.labelled(format!("rehearse_print {n}"))
            .time("rehearse_print", json!({ "n": n }), false);
    }
    // Changing (each undone after its run, untimed).
    let mut moved = item.clone();
    moved["startsAt"] = json!(item["startsAt"].as_str().unwrap().replace(":00", ":05"));
    moved["endsAt"] = json!(item["endsAt"].as_str().unwrap().replace(":15", ":20"));
    b.time("save_item", json!({ "item": moved }), true);
    // Five minutes longer from the running order, what follows rippled.
    b.time(
        "retime_item",
        json!({ "id": item["id"], "startsAt": item["startsAt"], "endsAt": moved["endsAt"], "ripple": true }),
        true,
    );
    b.time("delete_item", json!({ "id": item["id"] }), true);
    let mut changed = programme["event"].clone();
    changed["description"] = json!("Une autre description.");
    b.time("update_event", json!({ "event": changed }), true);
    let mut venue = programme["venue"].clone();
    venue["accessNotes"] = json!("Entrée par la cour.");
    b.time(
        "save_venue",
        json!({ "eventId": event, "venue": venue }),
        true,
    );
    let mut bigger = room.clone();
    bigger["capacity"] = json!(500);
    b.time("save_room", json!({ "room": bigger }), true);
    b.time("move_room", json!({ "id": room["id"], "delta": 1 }), true);
    b.time(
        "delete_room",
        json!({ "id": programme["rooms"][9]["id"] }),
        true,
    );
    let mut speaker2 = speaker.clone();
    speaker2["bio"] = json!("Une biographie.");
    b.time("save_speaker", json!({ "speaker": speaker2 }), true);
    b.time("delete_speaker", json!({ "id": speaker["id"] }), true);
    let mut renamed = attendee.clone();
    renamed["notes"] = json!("Allergie : arachides");
    b.time("save_attendee", json!({ "attendee": renamed }), true);
    b.time("delete_attendee", json!({ "id": attendee["id"] }), true);
    b.time(
        "sign_up",
        json!({ "itemId": workshop_signup["itemId"], "attendeeId": attendee["id"], "source": "manual" }),
        true,
    );
    b.time(
        "cancel_signup",
        json!({ "id": workshop_signup["id"] }),
        true,
    );
    b.time(
        "move_signup",
        json!({ "signupId": promotion_signup["id"], "itemId": other_workshop }),
        true,
    );
    b.time(
        "set_attendance",
        json!({ "signupId": workshop_signup["id"], "attended": true }),
        true,
    );
    let mut renamed_block = block.clone();
    renamed_block["name"] = json!("Ateliers (au choix)");
    b.time("save_block", json!({ "block": renamed_block }), true);
    b.time("delete_block", json!({ "id": block["id"] }), true);
    b.time(
        "set_item_workshop",
        json!({ "itemId": talk, "blockId": block["id"], "sameAs": null }),
        true,
    );
    b.time(
        "make_block",
        json!({ "block": { "id": null, "eventId": event, "name": "Bloc", "minChoices": 1, "maxChoices": 1 },
                "itemIds": [talk] }),
        true,
    );
    b.time(
        "set_ranking",
        json!({ "attendeeId": attendee["id"], "blockId": block["id"],
                "workshopIds": [reg["workshops"][0]["id"]] }),
        true,
    );
    b.labelled("allocate_block (applied)".into()).time(
        "allocate_block",
        json!({ "blockId": block["id"], "dryRun": false }),
        true,
    );
    // Versions stay when undone: each run marks one of its own.
    b.time_each(
        "mark_version",
        &|run| json!({ "eventId": event, "label": format!("Bench {run}") }),
        &[],
        true,
    );
    b.time(
        "import_attendees_csv",
        json!({ "eventId": event, "path": csv, "mapping": null }),
        true,
    );
    b.time(
        "duplicate_event",
        json!({ "id": event, "copySuffix": " (copie)" }),
        true,
    );
    b.time("delete_event", json!({ "id": event }), true);
    b.time("load_demo", json!({}), true);
    b.time(
        "create_event",
        json!({ "event": { "title": "Nouveau", "date": "2026-03-12", "dayStart": "09:00",
                           "dayEnd": "17:00", "timeZone": "Europe/Paris", "language": "fr" } }),
        true,
    );
    // Undo and redo themselves, of a moved item.
    let save = ("save_item", json!({ "item": moved }));
    b.time_after("undo", json!({}), std::slice::from_ref(&save), false);
    b.time_after(
        "redo",
        json!({}),
        &[save.clone(), ("undo", json!({}))],
        true,
    );
    // Redo of the largest change a click makes (its undo is timed with
    // it): a copy of the whole event (514 items, their speakers and parts).
    let duplicate = (
        "duplicate_event",
        json!({ "id": event, "copySuffix": " (copie)" }),
    );
    b.labelled("redo duplicate_event".into()).time_after(
        "redo",
        json!({}),
        &[duplicate.clone(), ("undo", json!({}))],
        true,
    );
    let attendees = b.value("attendees", json!({ "eventId": event }));
    let programme = b.value("get_programme", json!({ "eventId": event }));
    println!(
        "\nafter the bench: {} attendees, {} items (as before: every change undone)",
        attendees["ids"].as_array().unwrap().len(),
        programme["items"].as_array().unwrap().len()
    );

    let over: Vec<String> = b
        .rows
        .iter()
        .filter(|r| r.2 > Duration::from_millis(16))
        .map(|r| format!("{} ({:.1} ms)", r.0.trim(), ms(r.2)))
        .collect();
    println!(
        "\n{} measures; p99 over 16 ms: {}",
        b.rows.len(),
        if over.is_empty() {
            "none".to_owned()
        } else {
            over.join(", ")
        }
    );
}

/// The `i`-th attendee of the `attendees` answer (one list per field), as
/// the object `save_attendee` takes.
fn attendee_at(list: &Value, i: usize) -> Value {
    let shared =
        |names: &str, index: &str| list[names][list[index][i].as_u64().unwrap() as usize].clone();
    json!({
        "id": list["ids"][i],
        "eventId": list["eventId"],
        "name": list["names"][i],
        "email": list["emails"][i],
        "organisation": shared("organisations", "organisation"),
        "category": shared("categories", "category"),
        "notes": list["notes"][i],
        "registeredAt": list["registeredAt"][i],
    })
}
