#!/usr/bin/env bash
# Measures the real window on the large event: on-screen times of the
# actions people make, and memory (PSS over the app and its WebKit
# processes). Prints figures; asserts nothing.
#
#   scripts/measure-window.sh [APP]     APP: a release binary (default: build one)
#
# RUNS=N repeats the whole sequence N times (default 3) and prints medians;
# MOVES=M moves an item and undoes it M times a run (default 5); ROUNDS=K
# goes through every tab and the searches K more times a run (default 3),
# with memory after each round (growth from repeating the same actions),
# and which process holds it (the app, WebKit's web and network processes).
# Exports (everyone's calendars, while the programme's preview is asked
# for) go to $OUT/exports and are removed after each run.
# Screenshots of the first run and figures.json are left in $OUT (default
# a fresh folder under /tmp) to check that each click landed where meant.
# Needs: Xvfb, xdotool, ImageMagick's import, python3, dbus-run-session
# (scripts/setup.sh test).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"
case "$TARGET" in /*) ;; *) TARGET="$ROOT/$TARGET" ;; esac

APP="${1:-}"
if [ -z "$APP" ]; then
  ./ui/node_modules/.bin/tauri build --no-bundle
  APP="$TARGET/release/deroule-app"
fi
OUT="${OUT:-$(mktemp -d /tmp/deroule-measure.XXXXXX)}"
mkdir -p "$OUT"

# The large event (the demo, 500 more sessions in 10 more rooms, 10,060
# attendees), written by the command line into a fresh database.
cargo build -q -p deroule --bin deroule
DB="$OUT/large.db"
rm -f "$DB"
t0=$(date +%s.%N)
"$TARGET/debug/deroule" demo --large --db "$DB" > /dev/null
echo "large event written in $(echo "$(date +%s.%N) - $t0" | bc) s: $DB"

# A display of our own, and a home of our own (the UI keeps its language in
# the webview's storage under the data folder).
DISPLAY_NUM=$(for n in $(seq 90 140); do [ -e "/tmp/.X11-unix/X$n" ] || { echo "$n"; break; }; done)
Xvfb ":$DISPLAY_NUM" -screen 0 1280x800x24 -nolisten tcp > /dev/null 2>&1 &
XVFB=$!
trap 'kill $XVFB 2> /dev/null || true' EXIT
for _ in $(seq 50); do [ -e "/tmp/.X11-unix/X$DISPLAY_NUM" ] && break; sleep 0.1; done
export DISPLAY=":$DISPLAY_NUM"
export XDG_DATA_HOME="$OUT/data" XDG_CACHE_HOME="$OUT/cache" XDG_CONFIG_HOME="$OUT/config"
# A caret that does not blink: a blink in the search field would pass for
# the key it is waiting to see.
mkdir -p "$XDG_CONFIG_HOME/gtk-3.0"
printf '[Settings]\ngtk-cursor-blink = false\n' > "$XDG_CONFIG_HOME/gtk-3.0/settings.ini"

# A session bus of its own, as every desktop session has: without one, GIO,
# the accessibility bridge and the single-instance check each try to start
# one (dbus-launch, six tries), which made cold start about 80 ms longer
# than on a desktop (median of 6 launches: 530 against 450 ms).
# The floor: a bare WebKitGTK window, built here (the app's build needs
# libwebkit2gtk-4.1-dev already); measured without it if it does not build.
if cc -O2 -o "$OUT/webkit_floor" scripts/webkit_floor.c $(pkg-config --cflags --libs webkit2gtk-4.1); then
  export WEBKIT_FLOOR="$OUT/webkit_floor"
fi

dbus-run-session -- python3 scripts/measure_window.py "$APP" "$DB" "$OUT" 2> >(grep -v -e '^dbus-daemon' -e 'portal' -e '^$' -e 'pw.conf' -e 'Ignoring invalid max threads' -e 'SpiRegistry' >&2)
echo "screenshots and figures.json: $OUT"
