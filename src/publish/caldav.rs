//! A small blocking CalDAV client (RFC 4791 over WebDAV, RFC 4918): what
//! publishing needs and nothing more. Check the calendar collection
//! (PROPFIND, Depth 0), list its resources with their ETags (PROPFIND,
//! Depth 1), and write one resource with a precondition, so nothing another
//! client changed is overwritten blindly: `If-None-Match: *` to create,
//! `If-Match: <etag>` to replace.
//!
//! Why our own: `libdav`, the maintained Rust CalDAV client, is async over
//! hyper and tokio and leaves TLS and DNS to the caller; the core is
//! synchronous and these four requests are short. HTTP is `ureq` (blocking,
//! small), TLS through the system's library and roots (`native-tls`, which
//! the app already links), so a server with the organisation's own
//! certificate authority works as in the browser.

use std::time::Duration;
use ureq::http::{Request, StatusCode};

/// How a request failed, for the report and the messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DavError {
    /// No answer: the server cannot be reached (offline, wrong host, TLS).
    Unreachable(String),
    /// The server answered with an error status.
    Status(u16),
    /// The server's answer could not be read.
    BadAnswer(String),
}

impl DavError {
    /// The HTTP status, when the server answered.
    pub fn status(&self) -> Option<u16> {
        match self {
            DavError::Status(s) => Some(*s),
            _ => None,
        }
    }
}

/// A resource of the collection: its path on the server and its ETag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listed {
    pub href: String,
    pub etag: Option<String>,
}

/// What must hold on the server for a write to go ahead.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Precondition<'a> {
    /// The resource does not exist yet.
    Absent,
    /// The resource is still as we left it.
    Etag(&'a str),
}

/// One calendar collection on one server, with its credentials.
pub struct Client {
    agent: ureq::Agent,
    /// The collection's URL, ending with "/".
    collection: String,
    authorization: Option<String>,
}

impl Client {
    /// A client for the calendar collection at `url`; `user` empty means
    /// no authentication.
    pub fn new(url: &str, user: &str, password: &str) -> Client {
        let tls = ureq::tls::TlsConfig::builder()
            .provider(ureq::tls::TlsProvider::NativeTls)
            .root_certs(ureq::tls::RootCerts::PlatformVerifier)
            .build();
        let agent = ureq::Agent::config_builder()
            .tls_config(tls)
            .http_status_as_error(false)
            .allow_non_standard_methods(true)
            .timeout_global(Some(Duration::from_secs(30)))
            .build()
            .new_agent();
        let mut collection = url.trim().to_owned();
        if !collection.ends_with('/') {
            collection.push('/');
        }
        let authorization = (!user.is_empty()).then(|| {
            use base64::Engine;
            let pair = format!("{user}:{password}");
            format!(
                "Basic {}",
                base64::engine::general_purpose::STANDARD.encode(pair)
            )
        });
        Client {
            agent,
            collection,
            authorization,
        }
    }

    /// The collection's URL, ending with "/".
    pub fn collection(&self) -> &str {
        &self.collection
    }

    /// The full URL of `href` (a path on the server, or a full URL).
    pub fn url_of(&self, href: &str) -> String {
        if href.starts_with("http://") || href.starts_with("https://") {
            return href.to_owned();
        }
        let origin_end = self
            .collection
            .find("://")
            .and_then(|i| self.collection[i + 3..].find('/').map(|j| i + 3 + j))
            .unwrap_or(self.collection.len());
        format!("{}{href}", &self.collection[..origin_end])
    }

    fn send(
        &self,
        method: &str,
        url: &str,
        headers: &[(&str, &str)],
        body: Option<&str>,
    ) -> Result<(u16, Option<String>, String), DavError> {
        let mut builder = Request::builder().method(method).uri(url);
        if let Some(auth) = &self.authorization {
            builder = builder.header("Authorization", auth);
        }
        for (name, value) in headers {
            builder = builder.header(*name, *value);
        }
        let request = builder
            .body(body.unwrap_or("").to_owned())
            .map_err(|e| DavError::Unreachable(format!("bad address {url:?}: {e}")))?;
        let mut response = self.agent.run(request).map_err(|e| match e {
            ureq::Error::StatusCode(s) => DavError::Status(s),
            e => DavError::Unreachable(e.to_string()),
        })?;
        let status = response.status().as_u16();
        let etag = response
            .headers()
            .get("ETag")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let text = response
            .body_mut()
            .read_to_string()
            .map_err(|e| DavError::BadAnswer(e.to_string()))?;
        Ok((status, etag, text))
    }

    /// Checks that the collection exists, that we may use it, and that it
    /// is a calendar.
    pub fn check_calendar(&self) -> Result<(), DavError> {
        const BODY: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<d:propfind xmlns:d="DAV:"><d:prop><d:resourcetype/></d:prop></d:propfind>"#;
        let (status, _, text) = self.send(
            "PROPFIND",
            &self.collection,
            &[
                ("Depth", "0"),
                ("Content-Type", "application/xml; charset=utf-8"),
            ],
            Some(BODY),
        )?;
        if status != 207 {
            return Err(DavError::Status(status));
        }
        let doc = roxmltree::Document::parse(&text)
            .map_err(|e| DavError::BadAnswer(format!("not WebDAV XML: {e}")))?;
        let is_calendar = doc.descendants().any(|n| {
            n.tag_name().name() == "calendar"
                && n.tag_name().namespace() == Some("urn:ietf:params:xml:ns:caldav")
        });
        if is_calendar {
            Ok(())
        } else {
            Err(DavError::BadAnswer("not a calendar collection".into()))
        }
    }

    /// The collection's resources and their ETags.
    pub fn list(&self) -> Result<Vec<Listed>, DavError> {
        const BODY: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<d:propfind xmlns:d="DAV:"><d:prop><d:getetag/></d:prop></d:propfind>"#;
        let (status, _, text) = self.send(
            "PROPFIND",
            &self.collection,
            &[
                ("Depth", "1"),
                ("Content-Type", "application/xml; charset=utf-8"),
            ],
            Some(BODY),
        )?;
        if status != 207 {
            return Err(DavError::Status(status));
        }
        parse_multistatus(&text)
    }

    /// Writes `body` (an iCalendar object) at `href` if `pre` holds;
    /// returns the new ETag when the server gives it.
    pub fn put(
        &self,
        href: &str,
        body: &str,
        pre: Precondition<'_>,
    ) -> Result<Option<String>, DavError> {
        let (name, value) = match pre {
            Precondition::Absent => ("If-None-Match", "*"),
            Precondition::Etag(etag) => ("If-Match", etag),
        };
        let (status, etag, _) = self.send(
            "PUT",
            &self.url_of(href),
            &[
                (name, value),
                ("Content-Type", "text/calendar; charset=utf-8"),
            ],
            Some(body),
        )?;
        match StatusCode::from_u16(status) {
            Ok(s) if s.is_success() => Ok(etag),
            _ => Err(DavError::Status(status)),
        }
    }

    /// Removes the resource at `href` if it is still as we left it (`etag`;
    /// None: whatever it holds). A resource already gone counts as removed.
    pub fn delete(&self, href: &str, etag: Option<&str>) -> Result<(), DavError> {
        let headers: Vec<(&str, &str)> = etag.map(|e| ("If-Match", e)).into_iter().collect();
        let (status, _, _) = self.send("DELETE", &self.url_of(href), &headers, None)?;
        match status {
            200..=299 | 404 => Ok(()),
            s => Err(DavError::Status(s)),
        }
    }
}

/// The `href` and `getetag` of each response of a 207 Multi-Status, the
/// collection itself left out (it ends with "/").
fn parse_multistatus(text: &str) -> Result<Vec<Listed>, DavError> {
    let doc = roxmltree::Document::parse(text)
        .map_err(|e| DavError::BadAnswer(format!("not WebDAV XML: {e}")))?;
    let dav = |n: &roxmltree::Node<'_, '_>, name: &str| {
        n.tag_name().name() == name && n.tag_name().namespace() == Some("DAV:")
    };
    let mut out = Vec::new();
    for response in doc.descendants().filter(|n| dav(n, "response")) {
        let Some(href) = response
            .descendants()
            .find(|n| dav(n, "href"))
            .and_then(|n| n.text())
        else {
            continue;
        };
        if href.ends_with('/') {
            continue;
        }
        let etag = response
            .descendants()
            .find(|n| dav(n, "getetag"))
            .and_then(|n| n.text())
            .map(|t| t.trim().to_owned());
        out.push(Listed {
            href: href.trim().to_owned(),
            etag,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_multistatus() {
        let text = r#"<?xml version="1.0"?>
<multistatus xmlns="DAV:"><response><href>/u/cal/</href><propstat><prop><getetag/></prop></propstat></response>
<response><href>/u/cal/abc.ics</href><propstat><prop><getetag>"e1"</getetag></prop><status>HTTP/1.1 200 OK</status></propstat></response></multistatus>"#;
        assert_eq!(
            parse_multistatus(text).unwrap(),
            vec![Listed {
                href: "/u/cal/abc.ics".into(),
                etag: Some("\"e1\"".into())
            }]
        );
        assert!(parse_multistatus("<html>").is_err());
    }

    #[test]
    fn resolves_hrefs_against_the_server() {
        let c = Client::new("https://cal.example.org/dav/u/cal", "", "");
        assert_eq!(c.collection(), "https://cal.example.org/dav/u/cal/");
        assert_eq!(
            c.url_of("/dav/u/cal/x.ics"),
            "https://cal.example.org/dav/u/cal/x.ics"
        );
        assert_eq!(c.url_of("http://other/x.ics"), "http://other/x.ics");
    }
}
