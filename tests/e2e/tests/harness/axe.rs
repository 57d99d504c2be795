//! axe-core (from the UI's npm packages) run in the real window: the
//! WCAG 2.x A and AA rules, and WCAG 2.2 AA, on what the window shows now.

use super::App;
use serde_json::Value;
use std::path::PathBuf;

/// The rule sets a screen must pass.
const TAGS: &str = "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']";

fn axe_source() -> String {
    let path =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../ui/node_modules/axe-core/axe.min.js");
    std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "{} cannot be read ({e}): run `npm --prefix ui install` (scripts/setup.sh does)",
            path.display()
        )
    })
}

impl App {
    /// The WCAG A/AA violations axe finds in the window now, one line each:
    /// the rule, its impact, and the elements at fault.
    pub async fn axe_violations(&self) -> Vec<String> {
        let script = format!(
            "{source}\n;const done = arguments[arguments.length - 1];\
             axe.run(document, {{ runOnly: {TAGS}, resultTypes: ['violations'] }})\
               .then(r => done(r.violations.map(v => v.id + ' (' + v.impact + '): ' + v.help + ' — ' +\
                 v.nodes.map(n => n.target.join(' ') + ' [' + n.failureSummary.replace(/\\s+/g, ' ') + ']').join('; '))))\
               .catch(e => done(['axe failed: ' + e]));",
            source = axe_source()
        );
        let found = self
            .client()
            .execute_async(&script, vec![])
            .await
            .unwrap_or_else(|e| panic!("cannot run axe: {e}"));
        match found {
            Value::Array(list) => list
                .into_iter()
                .map(|v| v.as_str().unwrap_or_default().to_owned())
                .collect(),
            other => panic!("axe answered {other}"),
        }
    }

    /// Fails with every violation axe finds on the window now, naming `screen`.
    pub async fn assert_accessible(&self, screen: &str) {
        let found = self.axe_violations().await;
        assert!(
            found.is_empty(),
            "{screen}: {} accessibility violation(s):\n{}",
            found.len(),
            found.join("\n")
        );
    }
}
