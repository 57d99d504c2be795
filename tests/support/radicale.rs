//! A real CalDAV server for the tests: Radicale (from PyPI, in the tests'
//! Python), started on 127.0.0.1 with a free port and an account, and read
//! back with another client entirely (Python's `caldav`).

use super::python::python;
use serde::Deserialize;
use std::collections::HashMap;
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub const USER: &str = "organiser";
pub const PASSWORD: &str = "secret";
/// Pinned, as the tests' other Python packages.
const PACKAGES: &[&str] = &["radicale==3.9.0", "caldav==3.6.0", "icalendar"];

/// A Radicale server of its own, stopped when dropped.
pub struct Radicale {
    child: Child,
    pub port: u16,
    python: PathBuf,
    _dir: tempfile::TempDir,
}

impl Radicale {
    pub fn start() -> Radicale {
        let python = python(PACKAGES);
        let dir = tempfile::tempdir().unwrap();
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let users = dir.path().join("users");
        std::fs::write(&users, format!("{USER}:{PASSWORD}\n")).unwrap();
        let config = dir.path().join("config");
        std::fs::write(
            &config,
            format!(
                "[server]\nhosts = 127.0.0.1:{port}\n[auth]\ntype = htpasswd\nhtpasswd_filename = {}\n\
                 htpasswd_encryption = plain\n[storage]\nfilesystem_folder = {}\n[rights]\ntype = owner_only\n\
                 [logging]\nlevel = warning\n",
                users.display(),
                dir.path().join("collections").display()
            ),
        )
        .unwrap();
        let child = Command::new(&python)
            .args(["-m", "radicale", "--config"])
            .arg(&config)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("Radicale starts");
        let server = Radicale {
            child,
            port,
            python,
            _dir: dir,
        };
        let start = Instant::now();
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                start.elapsed() < Duration::from_secs(30),
                "Radicale did not start on port {port}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        server
    }

    pub fn root(&self) -> String {
        format!("http://127.0.0.1:{}/", self.port)
    }

    /// Creates a calendar collection (with `caldav`); returns its URL.
    pub fn calendar(&self, id: &str) -> String {
        let out = self.py(
            "import sys, caldav\n\
             c = caldav.DAVClient(url=sys.argv[1], username=sys.argv[2], password=sys.argv[3])\n\
             print(c.principal().make_calendar(name=sys.argv[4], cal_id=sys.argv[4]).url)",
            &[&self.root(), USER, PASSWORD, id],
        );
        out.trim().to_owned()
    }

    fn py(&self, script: &str, args: &[&str]) -> String {
        super::python::run_script(&self.python, script, args)
    }

    /// Every event of the calendar at `url`, by UID, read with `caldav`.
    pub fn read(&self, url: &str) -> HashMap<String, Remote> {
        const READ: &str = r#"
import sys, json, caldav
from caldav.elements import dav
c = caldav.DAVClient(url=sys.argv[1], username=sys.argv[2], password=sys.argv[3])
out = []
for ev in c.calendar(url=sys.argv[1]).events():
    comp = ev.icalendar_component
    out.append({'href': str(ev.url), 'etag': str(ev.props.get(dav.GetEtag.tag, '')),
                'uid': str(comp['uid']), 'sequence': int(comp.get('sequence', 0)),
                'status': str(comp.get('status', '')), 'summary': str(comp['summary'])})
print(json.dumps(out))
"#;
        let list: Vec<Remote> =
            serde_json::from_str(&self.py(READ, &[url, USER, PASSWORD])).unwrap();
        list.into_iter().map(|r| (r.uid.clone(), r)).collect()
    }

    /// Another client changes an event's title on the server.
    pub fn change_elsewhere(&self, url: &str, uid: &str, title: &str) {
        self.py(
            "import sys, caldav\n\
             c = caldav.DAVClient(url=sys.argv[1], username=sys.argv[2], password=sys.argv[3])\n\
             ev = c.calendar(url=sys.argv[1]).event_by_uid(sys.argv[4])\n\
             ev.icalendar_component['summary'] = sys.argv[5]\n\
             ev.save()",
            &[url, USER, PASSWORD, uid, title],
        );
    }
}

impl Drop for Radicale {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[derive(Debug, Clone, Deserialize)]
pub struct Remote {
    pub href: String,
    pub etag: String,
    pub uid: String,
    pub sequence: i64,
    pub status: String,
    pub summary: String,
}
