use std::path::Path;

/// The TypeScript types the UI compiles against are those the Rust types
/// produce. `UPDATE_BINDINGS=1 cargo test -p deroule bindings` rewrites them.
#[test]
fn bindings_are_current() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(deroule::bindings::PATH);
    let expected = deroule::bindings::typescript();
    if std::env::var_os("UPDATE_BINDINGS").is_some() {
        std::fs::write(&path, &expected).unwrap();
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == expected,
        "{} is stale: run `UPDATE_BINDINGS=1 cargo test -p deroule bindings` and commit it",
        path.display()
    );
}
