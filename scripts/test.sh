#!/usr/bin/env bash
# Runs every check of Déroulé, in order, stopping at the first failure:
# formatting, clippy, core tests, UI checks and tests, then the end-to-end
# tests in the real app window (under a virtual X server).
#
#   scripts/test.sh
#
# Installs what is missing first (scripts/setup.sh test). Nothing is skipped
# when CI is set.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

bash scripts/setup.sh test
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

# The Tauri CLI reads CI as its --ci flag and accepts only true or false.
if [ -n "${CI:-}" ] && [ "$CI" != true ] && [ "$CI" != false ]; then
  export CI=true
fi

APP="${CARGO_TARGET_DIR:-$ROOT/target}/debug/deroule-app"
case "$APP" in
  /*) ;;
  *) APP="$ROOT/$APP" ;;
esac

START=$SECONDS
CURRENT=""
DONE=()

# step NAME COMMAND...: announces and runs one step, timing it.
step() {
  CURRENT="$1"
  shift
  echo
  echo "==> $CURRENT"
  local t0=$SECONDS
  "$@"
  DONE+=("$CURRENT ($((SECONDS - t0)) s)")
  CURRENT=""
}

# On failure, say which step failed.
on_exit() {
  local status=$?
  if [ "$status" -ne 0 ] && [ -n "$CURRENT" ]; then
    echo
    echo "==> FAILED: $CURRENT (exit status $status)" >&2
  fi
}
trap on_exit EXIT

step "format (cargo fmt --check)" cargo fmt --all --check
step "lints (cargo clippy)" cargo clippy --workspace --all-targets -- -D warnings
step "core tests" cargo test -p deroule -p highs-interrupt -p malloc-trim
step "app IPC tests" cargo test -p deroule-app
step "UI check (svelte-check)" npm --prefix ui run check
step "UI tests (vitest)" npm --prefix ui test
# A debug build with the UI embedded (the CLI runs `npm run build` in ui/,
# then cargo with tauri/custom-protocol), bundled as a .deb by Tauri's
# bundler as scripts/package.sh does in release.
# The binary and the .deb are copied out of the target folder at once: when
# several checkouts share one CARGO_TARGET_DIR, another build may replace them.
E2E_DIR="$(mktemp -d)"
E2E_APP="$E2E_DIR/deroule-app"
build_app() {
  ./ui/node_modules/.bin/tauri build --debug --no-bundle
  ./ui/node_modules/.bin/tauri bundle --debug --bundles deb
  cp "$APP" "$E2E_APP"
  cp "$(ls -t "$(dirname "$APP")"/bundle/deb/*.deb | head -1)" "$E2E_DIR/deroule.deb"
}
step "app build for e2e" build_app
step "end-to-end tests" env DEROULE_APP="$E2E_APP" \
  xvfb-run -a -s "-screen 0 1280x800x24" \
  cargo test -p deroule-e2e -- --test-threads=1
# The .deb installed with apt, the installed app started on a .deroule file
# under Xvfb, its window checked.
step "installed package (.deb)" bash scripts/check-installed.sh "$E2E_DIR/deroule.deb"
# The release build as it is shipped: stripped, bundled as a .deb, and
# refused over 20 MB (it once grew past it with nothing to say so); then
# installed and started like the debug one.
release_package() {
  bash scripts/package.sh deb
  cp "$(ls -t "$(dirname "$APP")/../release/bundle/deb/"*.deb | head -1)" "$E2E_DIR/deroule-release.deb"
}
step "release package (.deb, binary under 20 MB)" release_package
step "installed release package (.deb)" bash scripts/check-installed.sh "$E2E_DIR/deroule-release.deb"

echo
echo "==> all ${#DONE[@]} steps passed in $((SECONDS - START)) s:"
printf '    %s\n' "${DONE[@]}"
