#!/usr/bin/env python3
"""In-page timings of the Programme tab, through tauri-driver (WebDriver):
from a click (or a key) until the frame after the page changed
(performance.now(), then requestAnimationFrame and a task), medians over N
repetitions; the frames while each view scrolls; how many items are in the
page. Reports figures; asserts nothing. Complements measure_window.py, which
times the screen from outside.

    DISPLAY=:NN python3 scripts/measure_programme.py APP DB [N]

APP: a built app (e.g. target/debug/deroule-app from `tauri build --debug`);
DB: a database whose first event is the one to measure (`deroule demo
--large --db DB` writes the large event). Needs tauri-driver and
WebKitWebDriver (scripts/setup.sh test) and an X display (Xvfb).
"""

import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

APP, DB = sys.argv[1], sys.argv[2]
N = int(sys.argv[3]) if len(sys.argv) > 3 else 7


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# From a click on `selector` until the frame after it.
CLICK = """
  const done = arguments[arguments.length - 1];
  const el = document.querySelector(arguments[0]);
  const t0 = performance.now();
  el.click();
  requestAnimationFrame(() => setTimeout(() => done(performance.now() - t0), 0));
"""
# From a key on the focused timeline item until its time shows the change.
KEY = """
  const done = arguments[arguments.length - 1];
  const [key, ctrl] = arguments;
  const body = document.querySelector('[data-testid=timeline]');
  const el = document.activeElement;
  const range = () => body.querySelector(`[data-item-id="${el.dataset.itemId}"] .range`)?.textContent;
  const before = range();
  const t0 = performance.now();
  const observer = new MutationObserver(() => {
    if (range() === before) return;
    observer.disconnect();
    requestAnimationFrame(() => setTimeout(() => done(performance.now() - t0), 0));
  });
  observer.observe(body, { subtree: true, childList: true, characterData: true });
  el.dispatchEvent(new KeyboardEvent('keydown', { key, ctrlKey: ctrl, bubbles: true, cancelable: true }));
  setTimeout(() => { observer.disconnect(); done(null); }, 10000);
"""
# Scrolls `selector` by `by` pixels a frame (a quarter of it sideways when
# asked) for `steps` frames: the gaps between frames, the most items seen.
SCROLL = """
  const done = arguments[arguments.length - 1];
  const [selector, by, steps, counted, sideways] = arguments;
  const s = document.querySelector(selector);
  s.scrollTop = 0;
  s.scrollLeft = 0;
  const gaps = [];
  let last = 0, most = 0;
  function frame(now) {
    if (last) gaps.push(now - last);
    last = now;
    most = Math.max(most, document.querySelectorAll(counted).length);
    const before = [s.scrollTop, s.scrollLeft];
    s.scrollTop += by;
    if (sideways) s.scrollLeft += by / 4;
    if (gaps.length >= steps || (s.scrollTop === before[0] && s.scrollLeft === before[1])) return done([gaps, most]);
    requestAnimationFrame(frame);
  }
  requestAnimationFrame(() => requestAnimationFrame(frame));
"""


def main():
    port, native = free_port(), free_port()
    home = tempfile.mkdtemp(prefix="deroule-measure-")
    env = dict(os.environ, XDG_DATA_HOME=f"{home}/data", XDG_CONFIG_HOME=f"{home}/config", XDG_CACHE_HOME=f"{home}/cache")
    driver = subprocess.Popen(["tauri-driver", "--port", str(port), "--native-port", str(native)], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"

    def req(method, path, body=None):
        data = None if body is None else json.dumps(body).encode()
        r = urllib.request.Request(base + path, data=data, method=method, headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(r, timeout=300) as f:
            return json.loads(f.read())

    for p in (port, native):
        for _ in range(300):
            try:
                socket.create_connection(("127.0.0.1", p), 0.2).close()
                break
            except OSError:
                time.sleep(0.1)
    sid = None
    try:
        caps = {"capabilities": {"alwaysMatch": {"tauri:options": {"application": os.path.abspath(APP), "args": ["--db", DB]}}}}
        sid = req("POST", "/session", caps)["value"]["sessionId"]

        def js(script, *args):
            return req("POST", f"/session/{sid}/execute/sync", {"script": script, "args": list(args)})["value"]

        def timed(script, *args):
            return req("POST", f"/session/{sid}/execute/async", {"script": script, "args": list(args)})["value"]

        def wait(selector):
            for _ in range(600):
                if js("return !!document.querySelector(arguments[0])", selector):
                    return
                time.sleep(0.1)
            sys.exit(f"measure: {selector} never showed")

        wait("[data-testid=open-event]")
        js("document.querySelector('[data-testid=open-event]').click()")
        wait("[data-testid=timeline] [data-testid=item]")
        time.sleep(2)
        times = {}
        for _ in range(N):
            timed(CLICK, "[data-testid=tab-details]")
            time.sleep(0.5)
            for name, selector in (("Programme tab (from Détails)", "[data-testid=tab-programme]"),
                                   ("running order view", "[data-testid=view-running]"),
                                   ("back to the timeline", "[data-testid=view-timeline]")):
                times.setdefault(name, []).append(timed(CLICK, selector))
                time.sleep(0.5)
        js("document.querySelector('[data-testid=timeline] [data-testid=item]').focus()")
        for _ in range(N):
            times.setdefault("moving an item by 5 min (↓)", []).append(timed(KEY, "ArrowDown", False))
            time.sleep(0.6)
            times.setdefault("undoing it (Ctrl+Z)", []).append(timed(KEY, "z", True))
            time.sleep(0.6)
        in_page = {"timeline": js("return document.querySelectorAll('[data-testid=item]').length")}
        for _ in range(6):
            js("document.querySelector('[data-testid=zoom-in]').click()")
            time.sleep(0.3)
        scrolls = {"timeline, zoomed in": timed(SCROLL, ".timeline-wrap .scroller", 120, 60, "[data-testid=item]", True)}
        js("document.querySelector('[data-testid=zoom-fit]').click()")
        timed(CLICK, "[data-testid=view-running]")
        time.sleep(1)
        in_page["running order"] = js("return document.querySelectorAll('[data-testid=order-row]').length")
        scrolls["running order"] = timed(SCROLL, ".running .scroller", 150, 60, "[data-testid=order-row]", False)

        print(f"| action | in the page, median of {N} |")
        print("|---|---|")
        for name, values in times.items():
            values = [v for v in values if v is not None]
            print(f"| {name} | {statistics.median(values):.0f} ms |" if values else f"| {name} | — |")
        print()
        print("| scrolling | frame gap, median | longest | items in the page, at most |")
        print("|---|---|---|---|")
        for name, (gaps, most) in scrolls.items():
            print(f"| {name} | {statistics.median(gaps):.0f} ms | {max(gaps):.0f} ms | {most} |")
        print()
        print("items in the page on arriving:", ", ".join(f"{k} {v}" for k, v in in_page.items()))
    finally:
        if sid:
            try:
                req("DELETE", f"/session/{sid}")
            except OSError:
                pass
        driver.terminate()
        driver.wait(10)


if __name__ == "__main__":
    main()
