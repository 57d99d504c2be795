#!/usr/bin/env bash
# The .ics export of a large programme, Déroulé against Python's icalendar,
# side by side in one run: each a whole process (start, read the same SQLite
# file, write the calendar), alternated RUNS times (default 7); prints the
# medians and the ratio. Reports figures; asserts nothing.
#
#   scripts/ics-vs-python.sh            SESSIONS=5000 by default
#
# Python: DEROULE_TEST_PYTHON when set, else the tests' virtual environment
# under target/ (icalendar installed into it when missing).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"
case "$TARGET" in /*) ;; *) TARGET="$ROOT/$TARGET" ;; esac
SESSIONS="${SESSIONS:-5000}"
RUNS="${RUNS:-7}"

cargo build --release -q -p deroule --bin deroule
CLI="$TARGET/release/deroule"
PY="${DEROULE_TEST_PYTHON:-$ROOT/target/test-venv/bin/python3}"
if [ ! -x "$PY" ]; then python3 -m venv "$ROOT/target/test-venv"; fi
"$PY" -c 'import icalendar' 2> /dev/null || "$PY" -m pip install --quiet icalendar

DIR="$(mktemp -d)"
trap 'rm -rf "$DIR"' EXIT
EVENT=$("$CLI" demo --large --sessions "$SESSIONS" --attendees 0 --db "$DIR/big.db")
ITEMS=$(sqlite3 "$DIR/big.db" "SELECT count(*) FROM items WHERE event_id = $EVENT" 2> /dev/null || echo "$((SESSIONS + 14))")

# ms COMMAND...: runs it, prints its wall time in milliseconds.
ms() {
  local t0 t1
  t0=$(date +%s%N)
  "$@" > /dev/null
  t1=$(date +%s%N)
  echo $(((t1 - t0) / 1000000))
}

ours=() theirs=()
for _ in $(seq "$RUNS"); do
  ours+=("$(ms "$CLI" export ics --db "$DIR/big.db" --event "$EVENT" --out "$DIR/deroule.ics")")
  theirs+=("$(ms "$PY" scripts/ics_python.py "$DIR/big.db" "$EVENT" "$DIR/python.ics")")
done
median() { printf '%s\n' "$@" | sort -n | sed -n "$(($# / 2 + 1))p"; }
a=$(median "${ours[@]}")
b=$(median "${theirs[@]}")
echo "events: $ITEMS ($SESSIONS sessions + the demo's), runs: $RUNS"
echo "deroule export ics: median $a ms (${ours[*]}) — $(grep -c '^BEGIN:VEVENT' "$DIR/deroule.ics") VEVENTs, $(($(stat -c %s "$DIR/deroule.ics") / 1024)) kB"
echo "python icalendar:   median $b ms (${theirs[*]}) — $(grep -c '^BEGIN:VEVENT' "$DIR/python.ics") VEVENTs, $(($(stat -c %s "$DIR/python.ics") / 1024)) kB"
echo "ratio: $(echo "scale=1; $b / $a" | bc)× faster"
