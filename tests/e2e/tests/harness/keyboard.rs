//! The keyboard as a person uses it, and what a screen reader is told:
//! keys pressed on whatever has focus (WebDriver actions, real key events),
//! what has focus now, and the window's live region.

use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::key::Key;

use std::time::{Duration, Instant};

use super::{App, TIMEOUT};

impl App {
    /// Presses `key` on whatever has focus, holding `modifiers` (Shift,
    /// Control…) down around it.
    pub async fn press_with(&self, modifiers: &[Key], key: impl Into<char>) {
        let key: char = key.into();
        let mut keys = KeyActions::new("keyboard".into());
        for &m in modifiers {
            keys = keys.then(KeyAction::Down { value: m.into() });
        }
        keys = keys
            .then(KeyAction::Down { value: key })
            .then(KeyAction::Up { value: key });
        for &m in modifiers.iter().rev() {
            keys = keys.then(KeyAction::Up { value: m.into() });
        }
        self.client()
            .perform_actions(keys)
            .await
            .unwrap_or_else(|e| panic!("cannot press {key:?}: {e}"));
    }

    /// Presses `key` alone on whatever has focus.
    pub async fn press(&self, key: impl Into<char>) {
        self.press_with(&[], key).await;
    }

    /// Types `text` on whatever has focus, key by key.
    pub async fn type_text(&self, text: &str) {
        for c in text.chars() {
            self.press(c).await;
        }
    }

    /// What has focus, as a test names it: its `data-testid`, else its tag
    /// and its name or text (`BODY` when focus was lost to the page).
    pub async fn focused(&self) -> String {
        self.js_text(
            "const e = document.activeElement; if (!e) return ''; \
             if (e.dataset.testid) return e.dataset.testid; \
             const name = e.getAttribute('aria-label') || e.textContent.trim().replace(/\\s+/g, ' '); \
             return e.tagName + (e === document.body ? '' : ' ' + name.slice(0, 60));",
        )
        .await
    }

    /// Waits until the element with `data-testid=testid` has focus.
    pub async fn wait_focused(&self, testid: &str) {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let now = self.focused().await;
            if now == testid {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "focus never reached `{testid}`: it is on `{now}`"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// The text of the window's live region: what the last action said.
    pub async fn announced(&self) -> String {
        self.content("[data-testid=live-region]").await
    }

    /// Waits until the live region says `text`.
    pub async fn wait_announced(&self, text: &str) {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let now = self.announced().await;
            if now == text {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "the live region never said {text:?}; it says {now:?}"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
}
