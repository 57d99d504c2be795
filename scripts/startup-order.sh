#!/usr/bin/env bash
# Records which functions of the app's binary run while it starts and shows
# the events list (valgrind's callgrind, under its own Xvfb and session bus),
# and writes them to src-tauri/startup-order.txt, the order the linker lays
# them out in (src-tauri/build.rs). Run it again now and then: a function
# renamed or added since is only left out of the order, never an error.
# Usage: bash scripts/startup-order.sh [SECONDS]   (default 60)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
SECONDS_RECORDED="${1:-60}"
command -v valgrind >/dev/null || { echo "startup-order: valgrind is needed (apt-get install valgrind)" >&2; exit 1; }
TARGET="${CARGO_TARGET_DIR:-target}"
APP="$TARGET/release/deroule-app"
# scripts/package.sh strips the binary in place, and cargo then holds it
# current: without its symbol table the functions cannot be named, so it is
# linked again.
if [ -e "$APP" ] && [ -z "$(nm "$APP" 2>/dev/null | head -1)" ]; then
  rm -f "$APP"
fi
./ui/node_modules/.bin/tauri build --no-bundle
cargo build --release -p deroule --bin deroule
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
# The events list of the large demo, as scripts/measure-window.sh measures it.
"$TARGET/release/deroule" demo --large --db "$WORK/demo.db" >/dev/null
export XDG_DATA_HOME="$WORK/data" XDG_CONFIG_HOME="$WORK/config" XDG_CACHE_HOME="$WORK/cache"
xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- \
  timeout -s INT "$SECONDS_RECORDED" valgrind --tool=callgrind --callgrind-out-file="$WORK/callgrind.out" \
  "$APP" --db "$WORK/demo.db" >/dev/null 2>&1 || true
python3 scripts/startup_order.py "$WORK/callgrind.out" "$APP" src-tauri/startup-order.txt
