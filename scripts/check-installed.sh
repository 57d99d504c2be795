#!/usr/bin/env bash
# Installs a Déroulé .deb on this machine with apt, starts the installed app
# under a virtual X server on a .deroule file (as the desktop would open
# one), and checks its window: shown, titled Déroulé, not blank, and the
# file created as its database. Also checks what the package put in place:
# the desktop entry with its file association, the icons, the MIME type.
#
#   scripts/check-installed.sh PATH.deb      (scripts/test.sh runs it)
set -euo pipefail

DEB="$(realpath "$1")"
say() { echo "check-installed: $*"; }
fail() {
  echo "check-installed: FAILED: $*" >&2
  exit 1
}
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

say "installing $DEB"
as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --reinstall "$DEB" > /dev/null
PKG="$(dpkg-deb -f "$DEB" Package)"
dpkg-query -W -f='${Status}\n' "$PKG" | grep -q "install ok installed" || fail "$PKG is not installed"

BIN=/usr/bin/deroule-app
[ -x "$BIN" ] || fail "$BIN is missing"
DESKTOP="$(dpkg -L "$PKG" | grep '^/usr/share/applications/.*\.desktop$' | head -1)"
[ -n "$DESKTOP" ] || fail "no desktop entry in $PKG"
grep -q '^Exec=deroule-app %f$' "$DESKTOP" || fail "$DESKTOP does not pass the file: $(grep ^Exec "$DESKTOP")"
grep -q '^MimeType=application/x-deroule;$' "$DESKTOP" || fail "$DESKTOP has no file association"
grep -q '^Name=Déroulé$' "$DESKTOP" || fail "$DESKTOP is not named Déroulé"
dpkg -L "$PKG" | grep -q '^/usr/share/icons/hicolor/.*/apps/deroule-app\.png$' || fail "no icons in $PKG"
[ -f /usr/share/mime/packages/deroule.xml ] || fail "the MIME type is not installed"
grep -q 'glob pattern="\*.deroule"' /usr/share/mime/packages/deroule.xml || fail "the MIME type names no *.deroule"
say "package ok: $DESKTOP, icons, application/x-deroule"

WORK="$(mktemp -d)"
DISPLAY_NUM=$(for n in $(seq 150 199); do [ -e "/tmp/.X11-unix/X$n" ] || { echo "$n"; break; }; done)
Xvfb ":$DISPLAY_NUM" -screen 0 1280x800x24 -nolisten tcp > /dev/null 2>&1 &
XVFB=$!
APP=""
cleanup() {
  # The app ends by the signal (status 143): not a failure of the check.
  if [ -n "$APP" ] && kill "$APP" 2> /dev/null; then wait "$APP" 2> /dev/null || true; fi
  kill "$XVFB" 2> /dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT
for _ in $(seq 50); do [ -e "/tmp/.X11-unix/X$DISPLAY_NUM" ] && break; sleep 0.1; done

FILE="$WORK/Rencontres 2027.deroule"
DISPLAY=":$DISPLAY_NUM" XDG_DATA_HOME="$WORK/data" XDG_CONFIG_HOME="$WORK/config" XDG_CACHE_HOME="$WORK/cache" \
  "$BIN" "$FILE" > "$WORK/app.log" 2>&1 &
APP=$!
window=""
for _ in $(seq 150); do
  window="$(DISPLAY=":$DISPLAY_NUM" xdotool search --onlyvisible --name '^Déroulé$' 2> /dev/null | head -1 || true)"
  [ -n "$window" ] && break
  kill -0 "$APP" 2> /dev/null || fail "the installed app exited: $(cat "$WORK/app.log")"
  sleep 0.2
done
[ -n "$window" ] || fail "no window titled Déroulé within 30 s"
# The page drawn: wait until the screen holds more than a blank window's colours.
colours=0
for _ in $(seq 100); do
  DISPLAY=":$DISPLAY_NUM" import -window root "$WORK/shot.png" 2> /dev/null || true
  colours=$(identify -format '%k' "$WORK/shot.png" 2> /dev/null || echo 0)
  [ "$colours" -gt 50 ] && break
  sleep 0.3
done
[ "$colours" -gt 50 ] || fail "the window stayed blank ($colours colours)"
[ -s "$FILE" ] || fail "the app did not open $FILE as its database"
cp "$WORK/shot.png" "${SHOT:-/tmp/deroule-installed.png}"
say "the installed app shows its window ($colours colours; screenshot ${SHOT:-/tmp/deroule-installed.png}) on $FILE"
