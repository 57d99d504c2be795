//! The calendar server's password: never in the database. It is kept in the
//! system keyring (the `keyring` crate: Secret Service on Linux, the
//! Keychain on macOS, the Credential Manager on Windows), under the service
//! "Déroulé CalDAV" and the account "user@url". `DEROULE_CALDAV_PASSWORD`
//! overrides it, for scripts, tests and machines without a keyring.

use crate::error::{Error, ErrorCode, Result};

/// The variable that gives the password instead of the keyring.
pub const PASSWORD_VARIABLE: &str = "DEROULE_CALDAV_PASSWORD";
const SERVICE: &str = "Déroulé CalDAV";

fn entry(url: &str, user: &str) -> keyring::Result<keyring::Entry> {
    keyring::Entry::new(SERVICE, &format!("{user}@{}", url.trim()))
}

/// The password for `user` at `url`: the variable's, else the keyring's.
/// No user: no password. Errors say where the password was looked for.
pub fn password(url: &str, user: &str) -> Result<String> {
    if user.is_empty() {
        return Ok(String::new());
    }
    if let Ok(p) = std::env::var(PASSWORD_VARIABLE) {
        return Ok(p);
    }
    let found = entry(url, user).and_then(|e| e.get_password());
    found.map_err(|e| {
        let why = match e {
            keyring::Error::NoEntry => "the system keyring holds no password for it".to_owned(),
            e => format!("the system keyring cannot be read ({e})"),
        };
        Error::invalid(
            "password",
            "no_password",
            format!(
                "no password for {user} at {url}: {why}; give it once in the app's Publish dialog, or set {PASSWORD_VARIABLE}"
            ),
        )
    })
}

/// Keeps the password for `user` at `url` in the system keyring.
pub fn store_password(url: &str, user: &str, password: &str) -> Result<()> {
    entry(url, user)
        .and_then(|e| e.set_password(password))
        .map_err(|e| Error {
            code: ErrorCode::Io,
            field: Some("password".into()),
            reason: Some("keyring_unavailable".into()),
            message: format!("the system keyring cannot keep the password ({e})"),
        })
}
