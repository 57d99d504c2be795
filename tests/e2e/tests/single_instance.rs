//! One window per database: launched again on the same file, the app hands
//! over to the running one (which comes to the front) and exits; on
//! another file it opens as usual. On Linux the instances find each other
//! on the D-Bus session bus: the test runs its own.

use crate::harness::{app_binary, App, TempDb};
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A private session bus, stopped on drop.
struct Bus {
    daemon: Child,
    _dir: tempfile::TempDir,
}

impl Bus {
    fn start() -> (Bus, String) {
        let dir = tempfile::tempdir().unwrap();
        let address = format!("unix:path={}", dir.path().join("bus").display());
        let mut daemon = Command::new("dbus-daemon")
            .args(["--session", "--nofork", "--print-address=1", "--address"])
            .arg(&address)
            .stdout(Stdio::piped())
            .spawn()
            .expect("dbus-daemon (apt package dbus-daemon; scripts/setup.sh installs it)");
        let mut line = String::new();
        BufReader::new(daemon.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        assert!(line.starts_with("unix:"), "dbus-daemon said {line:?}");
        (Bus { daemon, _dir: dir }, line.trim().to_owned())
    }
}

impl Drop for Bus {
    fn drop(&mut self) {
        let _ = self.daemon.kill();
        let _ = self.daemon.wait();
    }
}

/// The app launched directly (not through WebDriver) on `db`.
fn launch_directly(db: &std::path::Path, bus: &str) -> Child {
    Command::new(app_binary())
        .arg("--db")
        .arg(db)
        .env("DBUS_SESSION_BUS_ADDRESS", bus)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

fn exits_within(child: &mut Child, limit: Duration) -> Option<std::process::ExitStatus> {
    let start = Instant::now();
    while start.elapsed() < limit {
        if let Some(status) = child.try_wait().unwrap() {
            return Some(status);
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    None
}

#[tokio::test]
async fn a_second_launch_on_the_same_database_hands_over_to_the_first() {
    let (_bus, address) = Bus::start();
    // The app under WebDriver inherits the test's environment.
    std::env::set_var("DBUS_SESSION_BUS_ADDRESS", &address);
    let db = TempDb::new();
    let app = App::start(db.path()).await;
    std::env::remove_var("DBUS_SESSION_BUS_ADDRESS");
    app.load_demo().await;

    // Again on the same file: it hands over and exits at once, successfully
    // (which it does only once the first accepted the hand-over).
    let mut second = launch_directly(db.path(), &address);
    let status = exits_within(&mut second, Duration::from_secs(30));
    if status.is_none() {
        let _ = second.kill();
    }
    assert!(
        status.is_some_and(|s| s.success()),
        "the second launch did not hand over: {status:?}"
    );
    // The first goes on, its work as it was.
    assert_eq!(app.count("[data-testid=item]").await, 14);

    // On another file, another instance opens and stays.
    let other = TempDb::new();
    let mut third = launch_directly(other.path(), &address);
    let status = exits_within(&mut third, Duration::from_secs(5));
    let _ = third.kill();
    let _ = third.wait();
    assert_eq!(status, None, "a launch on another database exited");
    app.quit().await;
}
