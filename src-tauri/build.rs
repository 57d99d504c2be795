fn main() {
    // Each app command gets its own permission (allow-<command>), so the
    // capability file grants exactly the commands the UI calls.
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS)),
    )
    .expect("failed to run tauri-build");
}

/// Every command of `src/lib.rs`; the capability grants each by name.
const COMMANDS: &[&str] = &[
    "list_events",
    "create_event",
    "update_event",
    "duplicate_event",
    "delete_event",
    "get_programme",
    "save_venue",
    "save_room",
    "move_room",
    "delete_room",
    "save_item",
    "delete_item",
    "list_speakers",
    "save_speaker",
    "delete_speaker",
    "registrations",
    "attendee_day",
    "save_attendee",
    "delete_attendee",
    "sign_up",
    "cancel_signup",
    "move_signup",
    "set_attendance",
    "set_promotion_told",
    "save_block",
    "delete_block",
    "set_item_workshop",
    "make_block",
    "set_ranking",
    "rankings",
    "allocate_block",
    "load_demo",
    "undo",
    "redo",
    "history",
    "database_path",
    "export_file",
    "import_file",
    "pick_attendees_csv",
    "preview_attendees_csv",
    "import_attendees_csv",
    "open_print",
    "print_document",
    "save_pdf",
];
