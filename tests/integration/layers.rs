//! The shape of the core's source: arrows between modules point one way (see
//! the layers in `src/lib.rs`), and no file grows past what one can read.
//!
//! The checks read the source as text: every path that starts with
//! `crate::` or `super::` (in `use` lines and in code, groups included) is
//! resolved from the file's place in the tree, and its first segment below
//! the level looked at names the module it reaches. Comment lines are
//! skipped, so a doc may name any module.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Files longer than this are split along their seams.
const MAX_FN_LINES: usize = 100;
const MAX_LINES: usize = 800;

/// No top-level module of the core imports one that imports it back.
#[test]
fn top_level_modules_point_one_way() {
    let sources = sources();
    let reexports = crate_root_reexports();
    let graph = graph(&sources, &[], &reexports);
    // The checker sees the imports it should (a blind one would pass).
    assert!(graph["signups"].contains_key("programme"));
    assert!(graph["exchange"].contains_key("signups"));
    // Messages sit above the changes and the calendars they attach.
    assert!(graph["notify"].contains_key("versions"));
    assert!(graph["notify"].contains_key("exchange"));
    if let Some(cycle) = find_cycle(&graph) {
        panic!(
            "the core's modules import each other: {}",
            describe(&graph, &cycle)
        );
    }
}

/// Inside `signups`, the files and folders point one way too (attendees
/// below the engine, the engine below allocation, csv and seats).
#[test]
fn signups_modules_point_one_way() {
    let sources = sources();
    let graph = graph(&sources, &["signups"], &BTreeMap::new());
    assert!(graph["engine"].contains_key("attendees"));
    assert!(graph["seats"].contains_key("engine"));
    if let Some(cycle) = find_cycle(&graph) {
        panic!(
            "signups' modules import each other: {}",
            describe(&graph, &cycle)
        );
    }
}

/// No source file of the core is longer than [`MAX_LINES`].
#[test]
fn source_files_stay_readable() {
    let too_long: Vec<String> = sources()
        .iter()
        .filter(|s| s.text.lines().count() > MAX_LINES)
        .map(|s| format!("{} ({} lines)", s.path.join("/"), s.text.lines().count()))
        .collect();
    assert!(
        too_long.is_empty(),
        "split these files along their seams (at most {MAX_LINES} lines): {}",
        too_long.join(", ")
    );
}

/// No function of the core is longer than [`MAX_FN_LINES`] unless a comment
/// just above it says why (`// Long: …`).
#[test]
fn functions_stay_readable() {
    let mut too_long = Vec::new();
    for source in sources() {
        for (name, line, length) in long_functions(&source.text, MAX_FN_LINES) {
            too_long.push(format!(
                "{}:{line} {name} ({length} lines)",
                source.path.join("/")
            ));
        }
    }
    assert!(
        too_long.is_empty(),
        "break these functions into named steps (at most {MAX_FN_LINES} lines), \
         or write why beside them (`// Long: …`): {}",
        too_long.join(", ")
    );
}

/// Functions of more than `max` lines, as (name, first line, length), that
/// no `// Long:` comment above them explains. A function runs from its `fn`
/// line to the first later line that closes a brace at the same indentation.
fn long_functions(text: &str, max: usize) -> Vec<(String, usize, usize)> {
    let lines: Vec<&str> = text.lines().collect();
    let mut found = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let trimmed = line.trim_start();
        let indent = &line[..line.len() - trimmed.len()];
        let signature = [
            "fn ",
            "pub fn ",
            "pub(crate) fn ",
            "pub(super) fn ",
            "const fn ",
        ]
        .iter()
        .find_map(|p| trimmed.strip_prefix(p));
        let Some(rest) = signature else { continue };
        if line.trim_end().ends_with(';') {
            continue;
        }
        let close = format!("{indent}}}");
        let Some(end) = (i + 1..lines.len()).find(|&j| lines[j].trim_end() == close) else {
            continue;
        };
        let explained = lines[..i]
            .iter()
            .rev()
            .take_while(|l| {
                let l = l.trim_start();
                l.starts_with("//") || l.starts_with("#[")
            })
            .any(|l| l.trim_start().starts_with("// Long:"));
        if end - i > max && !explained {
            let name = rest.split(['(', '<']).next().unwrap_or(rest).to_owned();
            found.push((name, i + 1, end - i));
        }
    }
    found
}

#[test]
fn the_length_check_sees_long_functions() {
    let body = "    x();\n".repeat(5);
    let text = format!("fn short() {{\n{body}}}\n\n    pub fn long() {{\n{body}{body}    }}\n\n// Long: one table.\nfn table() {{\n{body}{body}}}\n");
    assert_eq!(long_functions(&text, 8), vec![("long".to_owned(), 9, 11)]);
}

struct Source {
    /// Path below `src/`, by component: `["signups", "csv", "mod.rs"]`.
    path: Vec<String>,
    text: String,
}

impl Source {
    /// The module this file is: `signups/csv/mod.rs` is `[signups, csv]`.
    fn module(&self) -> Vec<String> {
        let mut module = self.path.clone();
        let file = module.pop().unwrap();
        match file.as_str() {
            "mod.rs" | "lib.rs" | "main.rs" => {}
            _ => module.push(file.trim_end_matches(".rs").to_owned()),
        }
        module
    }
}

fn sources() -> Vec<Source> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    walk(&src, &mut files);
    files.sort();
    files
        .into_iter()
        .map(|file| Source {
            path: file
                .strip_prefix(&src)
                .unwrap()
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect(),
            text: std::fs::read_to_string(&file).unwrap(),
        })
        .collect()
}

/// What `src/lib.rs` re-exports at the crate's root (`pub use db::Db;`):
/// `crate::Db` reaches `db`.
fn crate_root_reexports() -> BTreeMap<String, String> {
    let lib =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("src/lib.rs")).unwrap();
    let mut map = BTreeMap::new();
    for line in lib.lines() {
        let Some(rest) = line.trim().strip_prefix("pub use ") else {
            continue;
        };
        for path in expand(rest.trim_end_matches(';')) {
            if let (Some(module), Some(name)) = (path.first(), path.last()) {
                map.insert(name.clone(), module.clone());
            }
        }
    }
    map
}

/// The modules directly under `level` (a module path) and, for each, the
/// others it reaches, with the files that do.
type Graph = BTreeMap<String, BTreeMap<String, BTreeSet<String>>>;

fn graph(sources: &[Source], level: &[&str], reexports: &BTreeMap<String, String>) -> Graph {
    let depth = level.len();
    let in_level =
        |module: &[String]| module.len() > depth && module.iter().zip(level).all(|(a, b)| a == b);
    // The nodes: files and folders directly under the level.
    let mut graph = Graph::new();
    for source in sources {
        let module = source.module();
        if in_level(&module) {
            graph.entry(module[depth].clone()).or_default();
        }
    }
    for source in sources {
        let module = source.module();
        if !in_level(&module) {
            continue;
        }
        let from = &module[depth];
        let code: String = source
            .text
            .lines()
            .filter(|l| !l.trim_start().starts_with("//"))
            .collect::<Vec<_>>()
            .join("\n");
        for path in paths(&code, &module) {
            let mut path = path;
            if depth == 0 {
                if let Some(module) = path.first().and_then(|name| reexports.get(name)) {
                    path.insert(0, module.clone());
                }
            }
            let reached = path
                .get(depth)
                .filter(|_| path.iter().zip(level).all(|(a, b)| a == b));
            if let Some(to) = reached {
                if to != from && graph.contains_key(to) {
                    graph
                        .get_mut(from)
                        .unwrap()
                        .entry(to.clone())
                        .or_default()
                        .insert(source.path.join("/"));
                }
            }
        }
    }
    graph
}

/// Every path of `code` that starts with `crate::` or `super::`, resolved to
/// a path from the crate's root; `module` is the file's own.
fn paths(code: &str, module: &[String]) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let bytes = code.as_bytes();
    let mut i = 0;
    while i < code.len() {
        let starts_word = i == 0 || !(bytes[i - 1].is_ascii_alphanumeric() || bytes[i - 1] == b'_');
        let rest = &code[i..];
        if starts_word && (rest.starts_with("crate::") || rest.starts_with("super::")) {
            let end = tree_end(rest);
            for path in expand(&rest[..end]) {
                if let Some(resolved) = resolve(&path, module) {
                    out.push(resolved);
                }
            }
            i += end.max(1);
        } else {
            i += rest.chars().next().map_or(1, char::len_utf8);
        }
    }
    out
}

/// Where a path (with its groups, if any) ends in `text`.
fn tree_end(text: &str) -> usize {
    let mut depth = 0;
    for (i, c) in text.char_indices() {
        match c {
            '{' => depth += 1,
            '}' if depth == 0 => return i,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    return i + 1;
                }
            }
            c if depth == 0 && !(c.is_alphanumeric() || c == '_' || c == ':') => return i,
            _ => {}
        }
    }
    text.len()
}

/// `a::{b, c::{d}}` → `[a, b]`, `[a, c, d]`.
fn expand(tree: &str) -> Vec<Vec<String>> {
    let tree = tree.trim();
    let Some(open) = tree.find('{') else {
        let path: Vec<String> = tree
            .split("::")
            .map(|s| s.split_whitespace().next().unwrap_or("").to_owned())
            .filter(|s| !s.is_empty())
            .collect();
        return vec![path];
    };
    let prefix: Vec<String> = tree[..open]
        .split("::")
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect();
    let inner = &tree[open + 1..tree.rfind('}').unwrap_or(tree.len())];
    let mut parts = Vec::new();
    let (mut depth, mut start) = (0, 0);
    for (i, c) in inner.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(&inner[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&inner[start..]);
    parts
        .into_iter()
        .filter(|p| !p.trim().is_empty())
        .flat_map(|p| {
            expand(p).into_iter().map(|tail| {
                let mut path = prefix.clone();
                path.extend(tail);
                path
            })
        })
        .collect()
}

/// `crate::a::b` → `[a, b]`; `super::b` from `[signups, a]` → `[signups, b]`.
fn resolve(path: &[String], module: &[String]) -> Option<Vec<String>> {
    let mut segments = path.iter().peekable();
    let mut base: Vec<String> = match segments.peek().map(|s| s.as_str()) {
        Some("crate") => {
            segments.next();
            Vec::new()
        }
        Some("super") => module.to_vec(),
        _ => return None,
    };
    while segments.peek().map(|s| s.as_str()) == Some("super") {
        segments.next();
        base.pop()?;
    }
    base.extend(segments.filter(|s| *s != "self" && *s != "*").cloned());
    Some(base)
}

/// A cycle of the graph, as the modules along it (the first one repeated
/// at the end), or `None`.
fn find_cycle(graph: &Graph) -> Option<Vec<String>> {
    fn visit(
        node: &str,
        graph: &Graph,
        done: &mut BTreeSet<String>,
        stack: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        if let Some(at) = stack.iter().position(|n| n == node) {
            let mut cycle = stack[at..].to_vec();
            cycle.push(node.to_owned());
            return Some(cycle);
        }
        if done.contains(node) {
            return None;
        }
        stack.push(node.to_owned());
        for next in graph[node].keys() {
            if let Some(cycle) = visit(next, graph, done, stack) {
                return Some(cycle);
            }
        }
        stack.pop();
        done.insert(node.to_owned());
        None
    }
    let mut done = BTreeSet::new();
    graph
        .keys()
        .find_map(|node| visit(node, graph, &mut done, &mut Vec::new()))
}

/// "programme → signups (programme/store.rs) → programme (signups/engine.rs)".
fn describe(graph: &Graph, cycle: &[String]) -> String {
    let mut out = cycle[0].clone();
    for pair in cycle.windows(2) {
        let files: Vec<&str> = graph[&pair[0]][&pair[1]]
            .iter()
            .map(String::as_str)
            .collect();
        out.push_str(&format!(" → {} ({})", pair[1], files.join(", ")));
    }
    out
}

#[test]
fn the_checks_see_imports() {
    let module = |m: &[&str]| m.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    let found = paths(
        "use crate::{db::Db, signups::{engine, seats::within}};\nlet x = super::attendees::get(c);",
        &module(&["signups", "csv"]),
    );
    assert_eq!(
        found,
        vec![
            module(&["db", "Db"]),
            module(&["signups", "engine"]),
            module(&["signups", "seats", "within"]),
            module(&["signups", "attendees", "get"]),
        ]
    );
    let sources = [
        Source {
            path: module(&["programme", "store.rs"]),
            text: "use crate::signups::engine;".into(),
        },
        Source {
            path: module(&["signups", "engine.rs"]),
            text: "// crate::exchange in a comment\nfn f() { crate::programme::store::within::event(c, 1) }".into(),
        },
    ];
    let graph = graph(&sources, &[], &BTreeMap::new());
    assert_eq!(
        find_cycle(&graph).map(|c| describe(&graph, &c)),
        Some("programme → signups (programme/store.rs) → programme (signups/engine.rs)".into())
    );
}
