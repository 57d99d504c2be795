#!/usr/bin/env python3
"""Drives the real Déroulé window with real X input and prints how long each
action takes to show on screen, and how much memory the app holds.

    scripts/measure-window.sh            (builds the fixture, starts Xvfb)

On-screen time: from the moment the input is sent (xdotool: XTest events, as
a keyboard or mouse would make them) until a region of the screen stops
changing; the time reported is that of the last change seen (the screen is
read every few milliseconds with XGetImage). WebDriver's "element present"
fires before a frame is painted, so it is not used.

Memory: PSS (proportional set size: shared pages divided among the processes
sharing them) summed over the app and every process it started
(WebKitWebProcess, WebKitNetworkProcess), from /proc/PID/smaps_rollup.

Standard library only (ctypes over libX11). Reports figures; asserts nothing.
The coordinates are those of a 1280×800 screen with the window filling it.
"""

import ctypes
import ctypes.util
import json
import os
import statistics
import subprocess
import sys
import time

# ---- the screen -------------------------------------------------------------

X11 = ctypes.cdll.LoadLibrary(ctypes.util.find_library("X11") or "libX11.so.6")


class XImage(ctypes.Structure):
    _fields_ = [
        ("width", ctypes.c_int),
        ("height", ctypes.c_int),
        ("xoffset", ctypes.c_int),
        ("format", ctypes.c_int),
        ("data", ctypes.c_void_p),
        ("byte_order", ctypes.c_int),
        ("bitmap_unit", ctypes.c_int),
        ("bitmap_bit_order", ctypes.c_int),
        ("bitmap_pad", ctypes.c_int),
        ("depth", ctypes.c_int),
        ("bytes_per_line", ctypes.c_int),
    ]


X11.XOpenDisplay.restype = ctypes.c_void_p
X11.XOpenDisplay.argtypes = [ctypes.c_char_p]
X11.XDefaultRootWindow.restype = ctypes.c_ulong
X11.XDefaultRootWindow.argtypes = [ctypes.c_void_p]
X11.XGetImage.restype = ctypes.POINTER(XImage)
X11.XGetImage.argtypes = [
    ctypes.c_void_p, ctypes.c_ulong, ctypes.c_int, ctypes.c_int,
    ctypes.c_uint, ctypes.c_uint, ctypes.c_ulong, ctypes.c_int,
]
X11.XDestroyImage.argtypes = [ctypes.POINTER(XImage)]

ZPIXMAP = 2
ALL_PLANES = 0xFFFFFFFF

DPY = X11.XOpenDisplay(None)
if not DPY:
    sys.exit("measure: cannot open the display (DISPLAY=%s)" % os.environ.get("DISPLAY"))
ROOT = X11.XDefaultRootWindow(DPY)

# Regions (x, y, width, height) of a 1280×800 window filling the screen.
SCREEN = (0, 0, 1280, 800)
# Below the header and the tabs: what a tab or a list shows.
MAIN = (0, 82, 1280, 718)
# The Participants list and its category filters, below the search field
# (whose caret blinks).
LIST = (0, 160, 900, 640)


def grab(region):
    x, y, w, h = region
    img = X11.XGetImage(DPY, ROOT, x, y, w, h, ALL_PLANES, ZPIXMAP)
    if not img:
        return b""
    data = ctypes.string_at(img.contents.data, img.contents.bytes_per_line * h)
    X11.XDestroyImage(img)
    # Compared whole (a memcmp): hashing a region of 3.7 MB took longer
    # than reading it, and a read every few ms is the clock's resolution.
    return data


def settle(region, t0, first_timeout=30.0, quiet=1.5, before=None):
    """Seconds from t0 to the last change of `region`, once it has not
    changed for `quiet` seconds, or for one and a half times the longest
    wait between two changes seen (a window that froze 6 s before its first
    change may freeze as long before its next); None when it never changed."""
    last = grab(region) if before is None else before
    changed_at = None
    longest = 0.0
    while True:
        now = time.perf_counter()
        if changed_at is None and now - t0 > first_timeout:
            return None
        if changed_at is not None and now - changed_at > min(20.0, max(quiet, 1.5 * longest)):
            return changed_at - t0
        current = grab(region)
        if current != last:
            now = time.perf_counter()
            longest = max(longest, now - (changed_at or t0))
            changed_at = now
            last = current
        time.sleep(0.002)


def xdo(*args):
    subprocess.run(["xdotool", *args], check=True)


# Keys and clicks of a measured action go through XTest from this process,
# so the clock starts when the input is sent (starting xdotool took 10–20 ms
# before it sent anything). Typing a word still goes through xdotool.
XTST = ctypes.cdll.LoadLibrary(ctypes.util.find_library("Xtst") or "libXtst.so.6")
XTST.XTestFakeKeyEvent.argtypes = [ctypes.c_void_p, ctypes.c_uint, ctypes.c_int, ctypes.c_ulong]
XTST.XTestFakeButtonEvent.argtypes = [ctypes.c_void_p, ctypes.c_uint, ctypes.c_int, ctypes.c_ulong]
XTST.XTestFakeMotionEvent.argtypes = [ctypes.c_void_p, ctypes.c_int, ctypes.c_int, ctypes.c_int, ctypes.c_ulong]
X11.XStringToKeysym.restype = ctypes.c_ulong
X11.XStringToKeysym.argtypes = [ctypes.c_char_p]
X11.XKeysymToKeycode.restype = ctypes.c_ubyte
X11.XKeysymToKeycode.argtypes = [ctypes.c_void_p, ctypes.c_ulong]
X11.XFlush.argtypes = [ctypes.c_void_p]
MODIFIERS = {"ctrl": "Control_L", "shift": "Shift_L", "alt": "Alt_L"}


def keycode(name):
    code = X11.XKeysymToKeycode(DPY, X11.XStringToKeysym(MODIFIERS.get(name, name).encode()))
    if not code:
        sys.exit(f"measure: no key for {name}")
    return code


def press(combos):
    """Presses and releases each combo ("Down", "ctrl+z") in turn."""
    for combo in combos:
        codes = [keycode(k) for k in combo.split("+")]
        for c in codes:
            XTST.XTestFakeKeyEvent(DPY, c, True, 0)
        for c in reversed(codes):
            XTST.XTestFakeKeyEvent(DPY, c, False, 0)
    X11.XFlush(DPY)


def act(region, *xdotool_args, quiet=1.5):
    """Sends the input, returns the on-screen time in ms: from the key
    pressed or the button clicked (a pointer moved first, and what its
    hover changes, is not counted) to the last change of `region`."""
    kind = xdotool_args[0]
    if kind == "mousemove":
        x, y = int(xdotool_args[1]), int(xdotool_args[2])
        XTST.XTestFakeMotionEvent(DPY, -1, x, y, 0)
        X11.XFlush(DPY)
        time.sleep(0.3)
    before = grab(region)
    t0 = time.perf_counter()
    if kind == "key":
        press(xdotool_args[1:])
    elif kind == "mousemove":
        XTST.XTestFakeButtonEvent(DPY, 1, True, 0)
        XTST.XTestFakeButtonEvent(DPY, 1, False, 0)
        X11.XFlush(DPY)
    else:
        xdo(*xdotool_args)
    took = settle(region, t0, quiet=quiet, before=before)
    return None if took is None else took * 1000


def first_change(region, t0, before, timeout=2.0):
    """Seconds from t0 to the first change of `region`; None if none came."""
    while time.perf_counter() - t0 < timeout:
        if grab(region) != before:
            return time.perf_counter() - t0
        time.sleep(0.001)
    return None


def keys_until_shown(region, keys, spacing=0.15):
    """Types `keys` one by one (XTest), each once the one before showed and
    `spacing` seconds passed: for each, ms from the key to the first change
    of `region` (the field echoing it, the list it filters)."""
    out = []
    for key in keys:
        before = grab(region)
        t0 = time.perf_counter()
        press([key])
        took = first_change(region, t0, before)
        out.append(None if took is None else took * 1000)
        time.sleep(spacing)
    return out


def wheel_until_shown(x, y, steps, button=5, spacing=0.12):
    """Turns the wheel `steps` notches over (x, y), waiting `spacing` s
    between them: for each, ms from the notch to the first change of the
    list region."""
    XTST.XTestFakeMotionEvent(DPY, -1, x, y, 0)
    X11.XFlush(DPY)
    time.sleep(0.3)
    out = []
    for _ in range(steps):
        before = grab(LIST)
        t0 = time.perf_counter()
        XTST.XTestFakeButtonEvent(DPY, button, True, 0)
        XTST.XTestFakeButtonEvent(DPY, button, False, 0)
        X11.XFlush(DPY)
        took = first_change(LIST, t0, before)
        out.append(None if took is None else took * 1000)
        time.sleep(spacing)
    return out


def screenshot(path):
    subprocess.run(["import", "-window", "root", path], check=False)


# ---- memory -----------------------------------------------------------------


def descendants(pid):
    children = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                stat = f.read()
        except OSError:
            continue
        ppid = int(stat[stat.rindex(")") + 2 :].split()[1])
        children.setdefault(ppid, []).append(int(entry))
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(children.get(p, []))
    return out


def pss_mb(pid):
    return sum(pss_by_process(pid).values())


def pss_by_process(pid):
    """PSS in MB of the app and each process it started, by the process's
    name (the app, WebKitWebProces, WebKitNetworkPr: /proc's 15 characters)."""
    out = {}
    for p in descendants(pid):
        try:
            with open(f"/proc/{p}/comm") as f:
                name = "app" if p == pid else f.read().strip()
            with open(f"/proc/{p}/smaps_rollup") as f:
                for line in f:
                    if line.startswith("Pss:"):
                        out[name] = out.get(name, 0) + int(line.split()[1]) / 1024
        except OSError:
            pass
    return out


# ---- the app ----------------------------------------------------------------


def start_app(app, db, env, save_to):
    before = grab(SCREEN)
    t0 = time.perf_counter()
    # Exports go into `save_to`, with no dialog to answer.
    proc = subprocess.Popen([app, "--db", db, "--save-to", save_to], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    took = settle(SCREEN, t0, quiet=2.0, before=before)
    return proc, None if took is None else took * 1000


def webkit_environment(pid):
    """What the app added to WebKit's environment (its lean settings, from
    webview::before_start): the variables of its web process that this
    process does not have or has otherwise."""
    for p in descendants(pid):
        try:
            with open(f"/proc/{p}/comm") as f:
                if not f.read().startswith("WebKitWebProc"):
                    continue
            with open(f"/proc/{p}/environ", "rb") as f:
                pairs = [entry.decode().split("=", 1) for entry in f.read().split(b"\0") if b"=" in entry]
        except OSError:
            continue
        return {name: value for name, value in pairs if os.environ.get(name) != value}
    return {}


def webkit_floor(env):
    """A bare WebKitGTK window (scripts/webkit_floor.c, built by
    measure-window.sh into $WEBKIT_FLOOR) started in `env`: how long it
    took to show its page (ms) and then its PSS by process; None when it
    was not built or did not show."""
    floor = os.environ.get("WEBKIT_FLOOR")
    if not floor or not os.access(floor, os.X_OK):
        return None
    before = grab(SCREEN)
    t0 = time.perf_counter()
    proc = subprocess.Popen([floor], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    shown = settle(SCREEN, t0, first_timeout=15.0, quiet=2.0, before=before)
    split = pss_by_process(proc.pid) if shown is not None and proc.poll() is None else None
    stop_app(proc)
    return None if split is None else (shown * 1000, split)


def stop_app(proc):
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
    time.sleep(0.5)


def median(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def fmt(v):
    return "—" if v is None else f"{v:,.0f} ms"


def main():
    app, db, out = sys.argv[1], sys.argv[2], sys.argv[3]
    # é and è on keycodes of their own: xdotool would otherwise remap a
    # spare keycode for each and restore it at once, and a window that
    # reads the key late would read another letter.
    subprocess.run(["xmodmap", "-e", "keycode 250 = eacute Eacute", "-e", "keycode 251 = egrave Egrave"], check=True)
    runs = int(os.environ.get("RUNS", "3"))
    moves = int(os.environ.get("MOVES", "5"))
    env = dict(os.environ)
    times = {}

    def record(name, value, quiet_print=False):
        times.setdefault(name, []).append(value)
        if not quiet_print:
            print(f"  {name}: {fmt(value)}", flush=True)

    rounds = int(os.environ.get("ROUNDS", "3"))

    def searches():
        for word in ("élodie", "carré", "médiathèque", "zz"):
            xdo("mousemove", *SEARCH, "click", "1")
            xdo("mousemove", *PARKED)
            act(LIST, "type", "--delay", "120", word, quiet=1.5)
            act(LIST, "key", "ctrl+a", "BackSpace", quiet=1.5)

    memory = {}
    # PSS by process on the events list, and after the last round.
    first_split, split = {}, {}
    # The same for the bare WebKitGTK window, after each run.
    floor_split = {}
    # The environment the app gives WebKit, for the bare page measured after
    # the runs.
    lean = {}
    for run in range(runs):
        print(f"run {run + 1} of {runs}", flush=True)
        exports = f"{out}/exports"
        os.makedirs(exports, exist_ok=True)
        proc, cold = start_app(app, db, env, exports)
        record("cold start to the events list", cold)
        time.sleep(1.0)
        memory.setdefault("events list", []).append(pss_mb(proc.pid))
        lean = lean or webkit_environment(proc.pid)
        for name, mb in pss_by_process(proc.pid).items():
            first_split.setdefault(name, []).append(mb)
        if run == 0:
            screenshot(f"{out}/1-events.png")
        record("opening the event", act(SCREEN, "mousemove", *EVENT_OPEN, "click", "1"))
        time.sleep(0.5)
        memory.setdefault("event open", []).append(pss_mb(proc.pid))
        if run == 0:
            screenshot(f"{out}/2-programme.png")
        xdo("mousemove", *PARKED)
        record("Participants tab", act(MAIN, "mousemove", *TAB["participants"], "click", "1"))
        if run == 0:
            screenshot(f"{out}/3-participants.png")
        xdo("mousemove", *SEARCH, "click", "1")
        time.sleep(0.3)
        xdo("mousemove", *PARKED)
        record("search, first key (é)", act(LIST, "key", "eacute", quiet=2.0))
        if run == 0:
            screenshot(f"{out}/4-search-E.png")
        xdo("key", "BackSpace")
        settle(LIST, time.perf_counter(), first_timeout=30, quiet=2.0)
        record("typing élodie until the list is final", act(LIST, "type", "--delay", "120", "élodie", quiet=2.5))
        if run == 0:
            screenshot(f"{out}/5-search-elodie.png")
        record("clearing the search", act(LIST, "key", "ctrl+a", "BackSpace", quiet=2.0))
        for tab in ("changes", "details", "venue", "speakers"):
            record(f"{tab.capitalize()} tab, first visit", act(MAIN, "mousemove", *TAB[tab], "click", "1"))
        xdo("mousemove", *PARKED)
        record("back to the Programme tab", act(MAIN, "mousemove", *TAB["programme"], "click", "1"))
        memory.setdefault("every tab visited", []).append(pss_mb(proc.pid))
        # Focus an item of the timeline (click opens its panel, Escape
        # closes it and gives focus back to the item), then move it.
        record("opening an item in the panel", act(MAIN, "mousemove", *ITEM, "click", "1"))
        xdo("key", "Escape")
        time.sleep(1.0)
        xdo("mousemove", *PARKED)
        # Several moves a run: one is a single sample of a short action.
        for move in range(moves):
            record("moving an item by 5 min (↓)", act(MAIN, "key", "Down"))
            record("undoing it (Ctrl+Z)", act(MAIN, "key", "ctrl+z"))
            if run == 0 and move == 0:
                screenshot(f"{out}/6-after-move.png")
        # The print preview of everyone's badges (10,060 attendees and 261
        # speakers, 1,033 sheets), shown 20 sheets at a time; then the
        # programme, which flows as one sheet (514 items, ~70 pages of
        # paper), in parts cut between its slots; then personal schedules,
        # their first batch (39 days of 506 lines), each day in pieces cut
        # the same way. Each until its first sheet or part shows (the
        # preview's region less its scrollbar, whose thumb shrinks while the
        # rest loads), then the next ones; closed.
        for doc, first, nxt, following, shot in (
            (BADGES, "print preview of every badge, until the first sheet shows",
             NEXT_SHEETS, "the next sheets in the preview, until they show", "7-badges"),
            (PROGRAMME, "print preview of the programme, until its first part shows",
             NEXT_PART, "the programme's next part, until it shows", "8-programme"),
            (SCHEDULES, "print preview of personal schedules, until the first piece shows",
             NEXT_PIECE, "a schedule's next piece, until it shows", "9-schedules"),
        ):
            # The menu, until it shows (the core reads what documents are
            # made from meanwhile, and the first one is asked for ahead).
            record("opening the Print menu", act(MAIN, "mousemove", *PRINT_MENU, "click", "1"))
            time.sleep(0.5)
            record(first, act(PREVIEW, "mousemove", *doc, "click", "1", quiet=1.0))
            if run == 0:
                screenshot(f"{out}/{shot}.png")
            record(following, act(PREVIEW, "mousemove", *nxt, "click", "1", quiet=1.0))
            act(SCREEN, "mousemove", *PREVIEW_CLOSE, "click", "1")
        xdo("mousemove", *PARKED)
        # The programme's print preview (which the core makes: open_print),
        # asked for while every attendee's and speaker's calendar is being
        # exported (10,060 calendars of 514 items: about 1.6 s of the core,
        # both cores busy): until its first part shows (3 s of quiet: the
        # preview opens on "Préparation…" and may wait that long for the
        # part). The archive is then waited for, and removed.
        xdo("mousemove", *EXPORT_MENU, "click", "1")
        time.sleep(0.5)
        xdo("mousemove", *EXPORT_PERSONAL, "click", "1")
        time.sleep(0.3)
        if run == 0:
            screenshot(f"{out}/10-export-menu.png")
        xdo("mousemove", *EXPORT_GO, "click", "1")
        xdo("mousemove", *PRINT_MENU, "click", "1")
        time.sleep(0.2)
        record("print preview of the programme while everyone's calendars are exported",
               act(PREVIEW, "mousemove", *PROGRAMME, "click", "1", quiet=3.0))
        if run == 0:
            screenshot(f"{out}/11-preview-while-exporting.png")
        act(SCREEN, "mousemove", *PREVIEW_CLOSE, "click", "1")
        deadline = time.perf_counter() + 60
        while time.perf_counter() < deadline and not any(n.endswith(".zip") for n in os.listdir(exports)):
            time.sleep(0.1)
        for name in os.listdir(exports):
            os.remove(os.path.join(exports, name))
        xdo("mousemove", *PARKED)
        # A few searches, then memory again.
        act(MAIN, "mousemove", *TAB["participants"], "click", "1")
        # Each key of a search until the field shows it, and each notch of
        # the wheel until the list moves: the longest is how long the
        # window could not repaint while typing or scrolling.
        xdo("mousemove", *SEARCH, "click", "1")
        time.sleep(0.3)
        xdo("mousemove", *PARKED)
        for ms in keys_until_shown(FIELD, ["m", "a", "s", "s", "o", "n"]):
            record("a key typed in the search, until the field shows it", ms, quiet_print=True)
        xdo("key", "ctrl+a", "BackSpace")
        settle(LIST, time.perf_counter(), first_timeout=5, quiet=1.5)
        for ms in wheel_until_shown(int(SEARCH[0]), 500, 8) + wheel_until_shown(int(SEARCH[0]), 500, 8, button=4):
            record("a notch of the wheel, until the list moves", ms, quiet_print=True)
        searches()
        memory.setdefault("after a few searches", []).append(pss_mb(proc.pid))
        # The same actions again and again (every tab, then the searches):
        # memory after each round says whether repeating them makes it grow.
        for round_ in range(rounds):
            for tab in ("programme", "changes", "details", "venue", "speakers", "participants"):
                act(MAIN, "mousemove", *TAB[tab], "click", "1")
            searches()
            memory.setdefault(f"the same again, round {round_ + 1}", []).append(pss_mb(proc.pid))
        # Which process holds it, at the start and after the last round.
        for name, mb in pss_by_process(proc.pid).items():
            split.setdefault(name, []).append(mb)
        stop_app(proc)
        # What WebKit alone takes to start and to hold one line, with the
        # app's settings: the floor under the app's cold start and memory,
        # measured after each run so that both see the same machine.
        bare = webkit_floor({**env, **lean})
        if bare:
            took, by_process = bare
            record("cold start of a bare WebKitGTK window (the floor)", took)
            print(f"  a bare WebKitGTK page, same settings: {sum(by_process.values()):,.0f} MB", flush=True)
            for name, mb in by_process.items():
                floor_split.setdefault(name, []).append(mb)
        else:
            print("  a bare WebKitGTK page: not measured (scripts/webkit_floor.c not built)", flush=True)

    floor = {name: median(values) for name, values in floor_split.items()}
    print()
    print("| action | on screen, median | longest | samples |")
    print("|---|---|---|---|")
    for name, values in times.items():
        longest = max((v for v in values if v is not None), default=None)
        print(f"| {name} | {fmt(median(values))} | {fmt(longest)} | {len(values)} |")
    print()
    print("| memory (PSS, app + WebKit processes) | median |")
    print("|---|---|")
    for name, values in memory.items():
        print(f"| {name} | {median(values):,.0f} MB |")
    if floor:
        print(f"| a bare WebKitGTK page, same settings (the floor) | {sum(floor.values()):,.0f} MB |")
    print()
    print("| process (PSS, median) | events list | after the last round |")
    print("|---|---|---|")
    for name in first_split:
        print(f"| {name} | {median(first_split[name]):,.0f} MB | {median(split.get(name, [])) or 0:,.0f} MB |")
    if floor:
        print()
        print("| process (PSS, median) | a bare WebKitGTK page |")
        print("|---|---|")
        for name, mb in floor.items():
            print(f"| {name} | {mb:,.0f} MB |")
    with open(f"{out}/figures.json", "w") as f:
        json.dump({"times_ms": times, "memory_mb": memory, "by_process_mb": {
            "events list": first_split, "after the last round": split}, "webkit_floor_mb": floor, "webkit_environment": lean}, f, indent=1)


# Where things are on a 1280×800 screen (see the screenshots the first run
# saves to check them).
EVENT_OPEN = ("430", "139")  # the first event's title in the events list
PARKED = ("1270", "795")  # nothing under it, nothing to hover
TAB = {
    "programme": ("566", "20"),
    "participants": ("678", "20"),
    "changes": ("795", "20"),
    "details": ("888", "20"),
    "venue": ("980", "20"),
    "speakers": ("1095", "20"),
}
SEARCH = ("430", "106")  # the Participants search field
FIELD = (292, 92, 262, 28)  # that field's box, where typed keys show
ITEM = ("870", "263")  # a session in Salle 101 (8h18), left of the side panel
PRINT_MENU = ("836", "59")  # Imprimer, in the event's toolbar
BADGES = ("709", "476")  # Badges, in that menu
PROGRAMME = ("709", "151")  # Programme, in that menu
PREVIEW = (300, 0, 960, 800)  # the preview's sheets, less its scrollbar
PREVIEW_CLOSE = ("56", "770")  # the preview's Fermer
NEXT_SHEETS = ("757", "25")  # the preview's Suivantes (the next 20 sheets)
NEXT_PART = ("786", "25")  # the programme's preview's Suivante (its next part)
SCHEDULES = ("709", "216")  # Programmes personnels, in the print menu
NEXT_PIECE = ("866", "25")  # the schedules' preview's Suivantes (the next piece)
EXPORT_MENU = ("707", "59")  # Exporter, in the event's toolbar
EXPORT_PERSONAL = ("392", "392")  # Les agendas de chaque participant et intervenant
EXPORT_GO = ("690", "741")  # that menu's Exporter…

if __name__ == "__main__":
    main()
