//! Passwords of servers (the calendar server, the mail server): never in the
//! database. Each is kept in the system keyring (the `keyring` crate: Secret
//! Service on Linux, the Keychain on macOS, the Credential Manager on
//! Windows), under its service's name ("Déroulé CalDAV", "Déroulé SMTP")
//! and the account "user@server". An environment variable of its own
//! (`DEROULE_CALDAV_PASSWORD`, `DEROULE_SMTP_PASSWORD`) overrides it, for
//! scripts, tests and machines without a keyring.

use crate::error::{Error, ErrorCode, Result};

/// Where one kind of server's passwords are kept.
#[derive(Debug, Clone, Copy)]
pub struct Secret {
    /// The keyring's service name.
    pub service: &'static str,
    /// The variable that gives the password instead of the keyring.
    pub variable: &'static str,
    /// Where in the app the password is given, for error messages.
    pub where_given: &'static str,
}

/// The calendar server's (publishing).
pub const CALDAV: Secret = Secret {
    service: "Déroulé CalDAV",
    variable: "DEROULE_CALDAV_PASSWORD",
    where_given: "the app's Publish dialog",
};

/// The mail server's (messages to the people concerned).
pub const SMTP: Secret = Secret {
    service: "Déroulé SMTP",
    variable: "DEROULE_SMTP_PASSWORD",
    where_given: "the app's Notify dialog",
};

/// The variable that gives the calendar server's password.
pub const PASSWORD_VARIABLE: &str = CALDAV.variable;

impl Secret {
    fn entry(&self, server: &str, user: &str) -> keyring::Result<keyring::Entry> {
        keyring::Entry::new(self.service, &format!("{user}@{}", server.trim()))
    }

    /// The password for `user` at `server`: the variable's, else the
    /// keyring's. No user: no password. Errors say where it was looked for.
    pub fn password(&self, server: &str, user: &str) -> Result<String> {
        if user.is_empty() {
            return Ok(String::new());
        }
        if let Ok(p) = std::env::var(self.variable) {
            return Ok(p);
        }
        let found = self.entry(server, user).and_then(|e| e.get_password());
        found.map_err(|e| {
            let why = match e {
                keyring::Error::NoEntry => "the system keyring holds no password for it".to_owned(),
                e => format!("the system keyring cannot be read ({e})"),
            };
            Error::invalid(
                "password",
                "no_password",
                format!(
                    "no password for {user} at {server}: {why}; give it once in {}, or set {}",
                    self.where_given, self.variable
                ),
            )
        })
    }

    /// Whether the keyring (or the variable) holds a password for `user`
    /// at `server`, without saying it.
    pub fn has_password(&self, server: &str, user: &str) -> bool {
        !user.is_empty() && self.password(server, user).is_ok()
    }

    /// Keeps the password for `user` at `server` in the system keyring.
    pub fn store_password(&self, server: &str, user: &str, password: &str) -> Result<()> {
        self.entry(server, user)
            .and_then(|e| e.set_password(password))
            .map_err(|e| Error {
                code: ErrorCode::Io,
                field: Some("password".into()),
                reason: Some("keyring_unavailable".into()),
                message: format!("the system keyring cannot keep the password ({e})"),
            })
    }
}

/// The calendar server's password for `user` at `url`.
pub fn password(url: &str, user: &str) -> Result<String> {
    CALDAV.password(url, user)
}

/// Keeps the calendar server's password for `user` at `url`.
pub fn store_password(url: &str, user: &str, password: &str) -> Result<()> {
    CALDAV.store_password(url, user, password)
}
