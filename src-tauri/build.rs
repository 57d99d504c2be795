//! Reads the commands of `src/commands/` (every fn with a
//! `#[tauri::command…]` attribute) and declares them everywhere else:
//! - to tauri-build, so each gets its own permission (`allow-<command>`);
//! - in `capabilities/main.json`, which grants the editor window exactly
//!   those (rewritten only when it changes, before tauri-build reads it);
//! - in `$OUT_DIR/ipc.rs`, included by `src/commands/mod.rs`: the invoke
//!   handler, `COMMANDS`, and each command's signature with its real types,
//!   from which a test writes the UI's TypeScript (`src/typescript.rs`).

use quote::ToTokens;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command as Process;

/// Parameters Tauri fills itself: they are not sent by the UI.
const INJECTED: &[&str] = &["State", "AppHandle", "Window", "WebviewWindow", "Webview"];

struct Command {
    /// The file's module under `commands`.
    module: String,
    name: String,
    docs: String,
    /// camelCase name as the UI sends it, and the Rust type.
    args: Vec<(String, String)>,
    /// The type of the value on success; None for `()`.
    ok: Option<String>,
}

/// A command file: its module name, its `use` items, its commands.
struct File {
    module: String,
    uses: Vec<String>,
    commands: Vec<Command>,
}

fn main() {
    let dir = Path::new("src/commands");
    println!("cargo:rerun-if-changed={}", dir.display());
    let files = read_commands(dir);
    // tauri-build keeps the names for the whole run: leaked, once.
    let names: &'static [&'static str] = Vec::leak(
        files
            .iter()
            .flat_map(|f| &f.commands)
            .map(|c| &*String::leak(c.name.clone()))
            .collect(),
    );

    write_if_changed(Path::new("capabilities/main.json"), &capability(names));
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("OUT_DIR"));
    write_if_changed(&out.join("ipc.rs"), &ipc_rs(&files));

    startup_order();

    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(tauri_build::AppManifest::new().commands(names)),
    )
    .expect("failed to run tauri-build");
}

/// The functions a start runs, laid side by side by the linker in the
/// order of `startup-order.txt` (made by `scripts/startup-order.sh`): the
/// kernel maps code 64 KB around each page that runs, and scattered over
/// the binary they mapped 10.8 of its 13 MB of code; side by side, about
/// 2 MB (see ARCHITECTURE.md). Only lld and mold know the option: lld is
/// the linker of Rust's own toolchains for x86_64 Linux since 1.90, so the
/// order is given for release builds there, unless another linker was
/// chosen (`RUSTC_LINKER`, or `-C linker…` in the flags).
fn startup_order() {
    let order = Path::new("startup-order.txt");
    println!("cargo:rerun-if-changed={}", order.display());
    println!("cargo:rerun-if-env-changed=RUSTC_LINKER");
    let var = |name: &str| std::env::var(name).unwrap_or_default();
    let target = (
        var("CARGO_CFG_TARGET_OS"),
        var("CARGO_CFG_TARGET_ARCH"),
        var("CARGO_CFG_TARGET_ENV"),
    );
    let chosen_linker = std::env::var_os("RUSTC_LINKER").is_some()
        || var("CARGO_ENCODED_RUSTFLAGS").contains("linker");
    if target != ("linux".into(), "x86_64".into(), "gnu".into())
        || var("PROFILE") != "release"
        || chosen_linker
        || !rustc_links_with_lld()
    {
        return;
    }
    let Ok(order) = std::fs::canonicalize(order) else {
        return;
    };
    println!(
        "cargo:rustc-link-arg-bins=-Wl,--symbol-ordering-file={}",
        order.display()
    );
    // Functions renamed or gone since the order was made are left out.
    println!("cargo:rustc-link-arg-bins=-Wl,--no-warn-symbol-ordering");
}

/// Whether rustc links with its own lld on x86_64 Linux: the toolchains
/// the Rust project distributes do from 1.90 on, and ship it beside their
/// standard library (`gcc-ld/ld.lld`). A toolchain built by a distribution
/// may link with the system's linker instead, and has no such file.
fn rustc_links_with_lld() -> bool {
    let rustc = std::env::var_os("RUSTC").unwrap_or_else(|| "rustc".into());
    let ask = |arg: &str| {
        Process::new(&rustc)
            .args(arg.split(' '))
            .output()
            .ok()
            .map(|out| String::from_utf8_lossy(&out.stdout).trim().to_owned())
    };
    let Some(version) = ask("-vV") else {
        return false;
    };
    let Some(release) = version.lines().find_map(|l| l.strip_prefix("release: ")) else {
        return false;
    };
    let mut parts = release
        .split(['.', '-'])
        .map(|p| p.parse::<u32>().unwrap_or(0));
    let (major, minor) = (parts.next().unwrap_or(0), parts.next().unwrap_or(0));
    let shipped = ask("--print sysroot").is_some_and(|sysroot| {
        Path::new(&sysroot)
            .join("lib/rustlib/x86_64-unknown-linux-gnu/bin/gcc-ld/ld.lld")
            .exists()
    });
    (major, minor) >= (1, 90) && shipped
}

/// The command files, by file name, and their commands in order.
fn read_commands(dir: &Path) -> Vec<File> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("src/commands")
        .map(|e| e.expect("a directory entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "rs"))
        .collect();
    paths.sort();
    let mut files = Vec::new();
    for path in paths {
        let module = path.file_stem().unwrap().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(&path).expect("a command file");
        let file = syn::parse_file(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let mut uses = Vec::new();
        let mut commands = Vec::new();
        for item in &file.items {
            match item {
                syn::Item::Use(u) => uses.push(u.to_token_stream().to_string()),
                syn::Item::Fn(f) if f.attrs.iter().any(is_command) => {
                    commands.push(command(&module, f, &path));
                }
                _ => {}
            }
        }
        if !commands.is_empty() {
            files.push(File {
                module,
                uses,
                commands,
            });
        }
    }
    let mut seen = std::collections::HashSet::new();
    for c in files.iter().flat_map(|f| &f.commands) {
        assert!(seen.insert(&c.name), "two commands are named {}", c.name);
    }
    files
}

/// `#[tauri::command]`, `#[tauri::command(async)]`, `#[command]`.
fn is_command(attr: &syn::Attribute) -> bool {
    let path = attr.path();
    let segments: Vec<String> = path.segments.iter().map(|s| s.ident.to_string()).collect();
    match segments.as_slice() {
        [one] | [_, one] if one == "command" => {
            // Renamed arguments would need the same rule here.
            if let syn::Meta::List(list) = &attr.meta {
                let args = list.tokens.to_string();
                assert!(
                    !args.contains("rename_all"),
                    "commands keep Tauri's camelCase arguments: {args}"
                );
            }
            true
        }
        _ => false,
    }
}

fn command(module: &str, f: &syn::ItemFn, path: &Path) -> Command {
    let name = f.sig.ident.to_string();
    assert!(
        matches!(
            f.vis,
            syn::Visibility::Restricted(_) | syn::Visibility::Public(_)
        ),
        "{}: command {name} must be pub(crate)",
        path.display()
    );
    let docs = f
        .attrs
        .iter()
        .filter_map(|a| match &a.meta {
            syn::Meta::NameValue(nv) if nv.path.is_ident("doc") => match &nv.value {
                syn::Expr::Lit(syn::ExprLit {
                    lit: syn::Lit::Str(s),
                    ..
                }) => Some(s.value()),
                _ => None,
            },
            _ => None,
        })
        .map(|line| line.strip_prefix(' ').unwrap_or(&line).to_owned())
        .collect::<Vec<_>>()
        .join("\n");
    let mut args = Vec::new();
    for input in &f.sig.inputs {
        let syn::FnArg::Typed(arg) = input else {
            panic!("{}: command {name} takes self", path.display());
        };
        if injected(&arg.ty) {
            continue;
        }
        let syn::Pat::Ident(ident) = &*arg.pat else {
            panic!("{}: command {name}: name each argument", path.display());
        };
        args.push((camel_case(&ident.ident.to_string()), tokens(&arg.ty)));
    }
    let ok = match &f.sig.output {
        syn::ReturnType::Default => None,
        syn::ReturnType::Type(_, ty) => {
            let ok = ok_type(ty);
            match &ok {
                syn::Type::Tuple(t) if t.elems.is_empty() => None,
                _ => Some(tokens(&ok)),
            }
        }
    };
    Command {
        module: module.to_owned(),
        name,
        docs,
        args,
        ok,
    }
}

fn tokens(ty: &syn::Type) -> String {
    ty.to_token_stream().to_string()
}

/// Whether Tauri injects this parameter (state, app handle, window).
fn injected(ty: &syn::Type) -> bool {
    match ty {
        syn::Type::Path(p) => p
            .path
            .segments
            .last()
            .is_some_and(|s| INJECTED.contains(&s.ident.to_string().as_str())),
        syn::Type::Reference(r) => injected(&r.elem),
        _ => false,
    }
}

/// `T` of `Result<T, E>` or of an alias `Res<T>`; else the type itself.
fn ok_type(ty: &syn::Type) -> syn::Type {
    if let syn::Type::Path(p) = ty {
        if let Some(last) = p.path.segments.last() {
            let name = last.ident.to_string();
            if let (true, syn::PathArguments::AngleBracketed(a)) =
                (name == "Result" || name == "Res", &last.arguments)
            {
                if let Some(syn::GenericArgument::Type(t)) = a.args.first() {
                    return t.clone();
                }
            }
        }
    }
    ty.clone()
}

/// `copy_suffix` → `copySuffix`, as Tauri's command macro names arguments.
fn camel_case(snake: &str) -> String {
    let mut out = String::new();
    let mut upper = false;
    for c in snake.chars() {
        if c == '_' {
            upper = !out.is_empty();
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// The editor window's capability: every command, and nothing else.
fn capability(names: &[&str]) -> String {
    let permissions: Vec<String> = names
        .iter()
        .map(|n| format!("    \"allow-{}\"", n.replace('_', "-")))
        .collect();
    format!(
        r#"{{
  "$schema": "../gen/schemas/desktop-schema.json",
  "identifier": "main",
  "description": "The editor window: Déroulé's own commands and nothing else.",
  "windows": ["main"],
  "permissions": [
{}
  ]
}}
"#,
        permissions.join(",\n")
    )
}

fn ipc_rs(files: &[File]) -> String {
    let commands: Vec<&Command> = files.iter().flat_map(|f| &f.commands).collect();
    let mut out =
        String::from("// Generated by src-tauri/build.rs from src/commands/*.rs: do not edit.\n\n");
    out.push_str("/// Every command, by file then in order.\n#[allow(dead_code)]\n");
    out.push_str("pub(crate) const COMMANDS: &[&str] = &[\n");
    for c in &commands {
        writeln!(out, "    {:?},", c.name).unwrap();
    }
    out.push_str("];\n\n");
    out.push_str(
        "/// The invoke handler with every command.\n\
         pub(crate) fn handler<R: tauri::Runtime>(\n\
         ) -> impl Fn(tauri::ipc::Invoke<R>) -> bool + Send + Sync + 'static {\n    \
         tauri::generate_handler![\n",
    );
    for c in &commands {
        writeln!(out, "        {}::{},", c.module, c.name).unwrap();
    }
    out.push_str("    ]\n}\n\n");
    out.push_str(
        "/// Each command's signature with its real types (for the TypeScript).\n\
         #[cfg(test)]\npub(crate) fn signatures() -> Vec<crate::typescript::Signature> {\n    \
         let mut all = Vec::new();\n",
    );
    for f in files {
        writeln!(
            out,
            "    all.extend(signatures_{}::signatures());",
            f.module
        )
        .unwrap();
    }
    out.push_str("    all\n}\n");
    for f in files {
        // The file's own `use` items, so its types resolve as they do there
        // (this module sits beside it, under `commands`).
        writeln!(
            out,
            "\n#[cfg(test)]\n#[allow(unused_imports, unused_variables, clippy::all)]\nmod signatures_{} {{",
            f.module
        )
        .unwrap();
        writeln!(out, "    use super::{}::*;", f.module).unwrap();
        for u in &f.uses {
            writeln!(out, "    {u}").unwrap();
        }
        out.push_str("    use crate::typescript::{ts, Arg, Signature};\n    use ts_rs::TypeVisitor as _;\n\n");
        out.push_str("    pub(super) fn signatures() -> Vec<Signature> {\n        vec![\n");
        for c in &f.commands {
            writeln!(out, "            Signature {{").unwrap();
            writeln!(out, "                name: {:?},", c.name).unwrap();
            writeln!(out, "                docs: {:?},", c.docs).unwrap();
            out.push_str("                args: vec![\n");
            for (name, ty) in &c.args {
                writeln!(
                    out,
                    "                    Arg {{ name: {name:?}, ts: ts::<{ty}> }},"
                )
                .unwrap();
            }
            out.push_str("                ],\n");
            match &c.ok {
                Some(ty) => writeln!(out, "                ok: Some(ts::<{ty}>),").unwrap(),
                None => out.push_str("                ok: None,\n"),
            }
            out.push_str("                visit: |v| {\n");
            for ty in c.args.iter().map(|(_, t)| t).chain(&c.ok) {
                writeln!(out, "                    v.visit::<{ty}>();").unwrap();
            }
            out.push_str("                },\n            },\n");
        }
        out.push_str("        ]\n    }\n}\n");
    }
    out
}

fn write_if_changed(path: &Path, contents: &str) {
    if std::fs::read_to_string(path).ok().as_deref() != Some(contents) {
        std::fs::write(path, contents).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    }
}
