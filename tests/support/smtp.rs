//! An SMTP server for the tests: aiosmtpd (from PyPI, in the tests'
//! Python), started on 127.0.0.1, saving each message it accepts into a
//! folder as `NNN-recipient.eml`. It can refuse one recipient at RCPT (550)
//! and, after a number of messages, answer DATA with "421 closing", to
//! play a server that fails mid-way. Stopped when dropped.

use super::python::python;
use std::io::{BufRead, BufReader};
use std::net::TcpListener;
use std::process::{Child, Command, Stdio};

/// Pinned, as the tests' other Python packages.
pub const PACKAGES: &[&str] = &["aiosmtpd==1.4.6"];

pub struct Sink {
    child: Child,
    pub port: u16,
    dir: tempfile::TempDir,
}

const SINK: &str = r#"
import os, sys
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult
out, port, refuse, close_after = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4])
user, password = sys.argv[5], sys.argv[6]
def text(x):
    return x.decode() if isinstance(x, bytes) else x
def authenticator(server, session, envelope, mechanism, auth_data):
    ok = text(auth_data.login) == user and text(auth_data.password) == password
    # Not handled: aiosmtpd answers itself (235, or 535 on a refusal).
    return AuthResult(success=ok, handled=False)
class Handler:
    n = 0
    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if refuse and address.lower() == refuse.lower():
            return '550 5.1.1 Mailbox unavailable'
        envelope.rcpt_tos.append(address)
        return '250 OK'
    async def handle_DATA(self, server, session, envelope):
        if close_after >= 0 and Handler.n >= close_after:
            return '421 4.3.2 Service shutting down'
        Handler.n += 1
        name = '%03d-%s.eml' % (Handler.n, envelope.rcpt_tos[0])
        with open(os.path.join(out, name), 'wb') as f:
            f.write(envelope.original_content)
        return '250 2.0.0 Queued'
import warnings
warnings.simplefilter('ignore')  # AUTH without TLS: on 127.0.0.1, for the test
login = dict(authenticator=authenticator, auth_required=True, auth_require_tls=False) if user else {}
c = Controller(Handler(), hostname='127.0.0.1', port=port, **login)
c.start()
print('ready', flush=True)
sys.stdin.read()
c.stop()
"#;

/// A port nothing listens on (yet).
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

impl Sink {
    /// A server on `port`, refusing `refuse` (empty: nobody) and closing
    /// after `close_after` messages (negative: never).
    pub fn start(port: u16, refuse: &str, close_after: i64) -> Sink {
        Sink::start_with_login(port, refuse, close_after, ("", ""))
    }

    /// The same, requiring a login (AUTH PLAIN or LOGIN) with this user
    /// and password (an empty user: none).
    pub fn start_with_login(
        port: u16,
        refuse: &str,
        close_after: i64,
        (user, password): (&str, &str),
    ) -> Sink {
        let py = python(PACKAGES);
        let dir = tempfile::tempdir().unwrap();
        let mut child = Command::new(py)
            .arg("-c")
            .arg(SINK)
            .arg(dir.path())
            .arg(port.to_string())
            .arg(refuse)
            .arg(close_after.to_string())
            .arg(user)
            .arg(password)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        assert_eq!(line.trim(), "ready", "the SMTP sink did not start");
        Sink { child, port, dir }
    }

    /// The recipients of the messages accepted, in order.
    pub fn received(&self) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(self.dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
            .into_iter()
            .map(|n| n[4..n.len() - 4].to_owned())
            .collect()
    }
}

impl Drop for Sink {
    fn drop(&mut self) {
        drop(self.child.stdin.take());
        let _ = self.child.wait();
    }
}
