#!/usr/bin/env bash
# Builds Déroulé in release mode (UI embedded) and starts it.
#
#   scripts/run.sh [APP ARGUMENTS...]      e.g. scripts/run.sh --db ~/deroule.db
#
# Installs what is missing first (scripts/setup.sh run). Needs a graphical
# session; on a machine without one: xvfb-run -a scripts/run.sh
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

# The app opens a window: fail now rather than after a long build.
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  echo "run: error: no display (neither DISPLAY nor WAYLAND_DISPLAY is set)." >&2
  echo "run: start it from a desktop session, or under a virtual X server:" >&2
  echo "run:   xvfb-run -a -s '-screen 0 1280x800x24' scripts/run.sh $*" >&2
  exit 1
fi

bash scripts/setup.sh run
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

# The Tauri CLI reads CI as its --ci flag and accepts only true or false.
if [ -n "${CI:-}" ] && [ "$CI" != true ] && [ "$CI" != false ]; then
  export CI=true
fi

echo "==> building the app (release)"
# Runs `npm run build` in ui/ (tauri.conf.json beforeBuildCommand), then cargo
# with the UI embedded; --no-bundle: no .deb/AppImage, just the binary.
./ui/node_modules/.bin/tauri build --no-bundle

APP="${CARGO_TARGET_DIR:-$ROOT/target}/release/deroule-app"
echo "==> starting $APP $*"
exec "$APP" "$@"
