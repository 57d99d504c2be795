#!/usr/bin/env bash
# Installs what Déroulé needs on a Debian/Ubuntu machine, skipping whatever is
# already there (safe to run again and again).
#
#   scripts/setup.sh run    what building and running the app needs
#   scripts/setup.sh test   the same, plus what the tests need (the default)
#
# System packages come from apt (with sudo when not root). Rust is not
# installed here: install it with rustup (https://rustup.rs) first.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
MODE="${1:-test}"
case "$MODE" in
  run | test) ;;
  *)
    echo "usage: $0 [run|test]" >&2
    exit 2
    ;;
esac

# Building the app: compilers, and WebKitGTK 4.1 (which pulls GTK 3 and libsoup 3);
# cmake and libclang-dev build HiGHS, the MIP solver of the allocation (the
# highs-sys crate compiles it from source and generates its bindings with bindgen),
# and libclang-dev the bindings of SQLite's session extension (rusqlite's
# "session" feature generates them with bindgen too).
BUILD_PACKAGES=(build-essential pkg-config libssl-dev libwebkit2gtk-4.1-dev curl file cmake libclang-dev)
# Tests: a virtual X server for the window, WebKit's WebDriver for tauri-driver,
# xmllint (the schedule export against the c3voc XSD), Python with venv
# (the tests check exports with independent parsers: icalendar, jsonschema),
# and headless Chromium with poppler's pdfinfo/pdftotext/pdffonts/pdftoppm
# (printed documents rendered to PDF and read back), and dbus-daemon (a
# private session bus for the single-instance test).
# xdotool and ImageMagick: the installed package's window found and looked at
# (scripts/check-installed.sh), the window measured (scripts/measure-window.sh;
# the bare WebKit page it compares the app with, scripts/webkit_floor.c, is
# built with the build packages).
TEST_PACKAGES=(xvfb xauth fontconfig webkit2gtk-driver libxml2-utils python3 python3-venv chromium poppler-utils zbar-tools dbus-daemon xdotool imagemagick bc sqlite3)
NODE_MIN_MAJOR=20

say() { echo "setup: $*"; }
die() {
  echo "setup: error: $*" >&2
  exit 1
}

# Cargo installs binaries (tauri-driver) under $CARGO_HOME/bin.
CARGO_BIN="${CARGO_HOME:-$HOME/.cargo}/bin"
case ":$PATH:" in
  *":$CARGO_BIN:"*) ;;
  *) export PATH="$CARGO_BIN:$PATH" ;;
esac

# ---- apt ---------------------------------------------------------------------

APT_UPDATED=0

# Runs a command as root: directly when we are root, else through sudo.
as_root() {
  if [ "$(id -u)" -eq 0 ]; then
    "$@"
  elif command -v sudo > /dev/null; then
    sudo "$@"
  else
    die "need root to run: $* (and sudo is not installed)"
  fi
}

is_installed() {
  dpkg-query -W -f='${Status}' "$1" 2> /dev/null | grep -q "install ok installed"
}

# Installs the named Debian packages that are not installed yet.
apt_install() {
  local missing=() pkg
  for pkg in "$@"; do
    is_installed "$pkg" || missing+=("$pkg")
  done
  [ "${#missing[@]}" -eq 0 ] && return 0
  if ! command -v apt-get > /dev/null; then
    die "missing packages: ${missing[*]} (no apt-get here: install them with your package manager)"
  fi
  say "installing ${missing[*]}"
  if [ "$APT_UPDATED" -eq 0 ]; then
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q
    APT_UPDATED=1
  fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}"
}

if command -v dpkg-query > /dev/null; then
  apt_install "${BUILD_PACKAGES[@]}"
  if [ "$MODE" = test ]; then
    apt_install "${TEST_PACKAGES[@]}"
  fi
else
  say "not a Debian-based system: make sure the equivalents of these are installed:"
  say "  ${BUILD_PACKAGES[*]}"
  if [ "$MODE" = test ]; then
    say "  ${TEST_PACKAGES[*]}"
  fi
fi

# ---- Rust --------------------------------------------------------------------

if ! command -v cargo > /dev/null; then
  die "cargo not found. Install Rust with rustup:
    curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh
then open a new shell (or run: source \"\$HOME/.cargo/env\") and run this again."
fi

if [ "$MODE" = test ]; then
  # The tests run `cargo fmt` (component rustfmt) and `cargo clippy` (clippy).
  for pair in fmt:rustfmt clippy:clippy; do
    subcommand="${pair%%:*}" component="${pair#*:}"
    if ! cargo "$subcommand" --version > /dev/null 2>&1; then
      command -v rustup > /dev/null ||
        die "cargo $subcommand is missing: install the Rust component $component"
      say "adding the Rust component $component"
      rustup component add "$component"
    fi
  done
fi

# ---- Node.js and the UI's packages -------------------------------------------

if ! command -v node > /dev/null || ! command -v npm > /dev/null; then
  apt_install nodejs npm
fi
node_major="$(node -p 'process.versions.node.split(".")[0]')"
if [ "$node_major" -lt "$NODE_MIN_MAJOR" ]; then
  die "Node.js >= $NODE_MIN_MAJOR is needed, found $(node --version) (Debian 12 ships 18).
Install a newer one, e.g. from https://nodejs.org or with nvm, and run this again."
fi

# npm install (not npm ci: the lockfile cannot hold the builds of @tauri-apps/cli
# for other systems, so npm ci rejects it) when node_modules is missing or older
# than package.json / package-lock.json.
UI="$ROOT/ui"
STAMP="$UI/node_modules/.package-lock.json"
if [ ! -e "$STAMP" ] || [ "$UI/package.json" -nt "$STAMP" ] ||
  { [ -e "$UI/package-lock.json" ] && [ "$UI/package-lock.json" -nt "$STAMP" ]; }; then
  say "npm install in ui/"
  npm --prefix "$UI" install --no-audit --no-fund
  # npm may rewrite package-lock.json after its stamp: make the stamp newest.
  if [ -e "$STAMP" ]; then touch "$STAMP"; fi
fi

# ---- tauri-driver (WebDriver for the end-to-end tests) -----------------------

if [ "$MODE" = test ] && ! command -v tauri-driver > /dev/null; then
  say "cargo install tauri-driver"
  cargo install tauri-driver --locked
fi

say "ready to $MODE"
