#!/usr/bin/env bash
# Builds Déroulé's installable packages with Tauri's bundler: a .deb and an
# AppImage, each with the icons, the desktop entry and the file association
# for Déroulé files (.deroule, application/x-deroule: the database of one's
# events, opened with `deroule-app FILE`). Prints where they are and the
# release binary's size (kept under 20 MB).
#
#   scripts/package.sh            both
#   scripts/package.sh deb        the .deb only
#
# The AppImage needs linuxdeploy, which Tauri's bundler downloads from
# GitHub on first use: offline, it fails and the .deb is still built.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
bash scripts/setup.sh run
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
if [ -n "${CI:-}" ] && [ "$CI" != true ] && [ "$CI" != false ]; then
  export CI=true
fi
TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"
case "$TARGET" in /*) ;; *) TARGET="$ROOT/$TARGET" ;; esac
BUNDLE="$TARGET/release/bundle"
# 20 MB as a size is read on any screen: 20,000,000 bytes (19.07 MiB).
MAX_BYTES=20000000

BIN="$TARGET/release/deroule-app"
./ui/node_modules/.bin/tauri build --no-bundle
# How much of the startup order the linker was given (src-tauri/build.rs)
# this build still has: a symbol's name holds a hash of its crate's build
# settings, so changing a dependency or a profile renames many of them, and
# the ones renamed are left where the linker puts them.
ORDER=src-tauri/startup-order.txt
ordered=$(wc -l < "$ORDER")
found=$(nm "$BIN" 2>/dev/null | awk '{print $NF}' | sort -u | comm -12 - <(sort -u "$ORDER") | wc -l)
echo "startup order: $found of $ordered symbols of $ORDER are in this build"
if [ $((found * 100)) -lt $((ordered * 80)) ]; then
  echo "package: warning: under 80 %: run scripts/startup-order.sh to lay out what a start runs again" >&2
fi
# Without its symbol tables (about 24 MB -> 19 MB); panics still say where.
strip "$BIN"
./ui/node_modules/.bin/tauri bundle --bundles deb
DEB="$(ls -t "$BUNDLE"/deb/*.deb | head -1)"

APPIMAGE=""
if [ "${1:-all}" != deb ]; then
  # linuxdeploy is fetched on first use.
  if ./ui/node_modules/.bin/tauri bundle --bundles appimage; then
    APPIMAGE="$(ls -t "$BUNDLE"/appimage/*.AppImage | head -1)"
  else
    echo "package: the AppImage could not be built (linuxdeploy is downloaded from GitHub: offline?); the .deb is built" >&2
  fi
fi

size=$(stat -c %s "$BIN")
echo
echo "==> packages"
echo "deb:      $DEB ($(($(stat -c %s "$DEB") / 1024)) kB)"
[ -n "$APPIMAGE" ] && echo "AppImage: $APPIMAGE ($(($(stat -c %s "$APPIMAGE") / 1024)) kB)"
echo "binary:   $BIN ($size bytes; at most $MAX_BYTES)"
if [ "$size" -gt "$MAX_BYTES" ]; then
  echo "package: error: the release binary is over 20 MB ($size bytes)" >&2
  exit 1
fi
