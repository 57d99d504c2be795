#!/usr/bin/python3
"""The floor under the app's memory: a bare WebKitGTK window, with the same
WebKit as the app and the same lean settings (src-tauri/src/webview.rs),
showing one line of text. scripts/measure_window.py starts it once and
reports its PSS beside the app's, so that the figures say how much of the
app's memory is WebKit's own and how much is the app's.

    /usr/bin/python3 scripts/webkit_floor.py      (runs until killed)

The system's Python, for its GObject bindings (python3-gi); no script runs
in the page.
"""

import os

# As webview::before_start sets them (a value already set is kept); the
# render node is the one a machine without a GPU gets.
LEAN = {
    "WEBKIT_DISABLE_COMPOSITING_MODE": "1",
    "GTK_OVERLAY_SCROLLING": "0",
    "JSC_useGenerationalGC": "0",
    "GDK_GL": "disable",
    "WEBKIT_DISABLE_DMABUF_RENDERER": "1",
    "WEBKIT_WEB_RENDER_DEVICE_FILE": next(
        (f"/dev/dri/{n}" for n in sorted(os.listdir("/dev/dri")) if n.startswith("renderD")), "/dev/null"
    )
    if os.path.isdir("/dev/dri")
    else "/dev/null",
}
for name, value in LEAN.items():
    os.environ.setdefault(name, value)

import gi  # noqa: E402  (after the environment, which WebKit reads when it loads)

gi.require_version("Gtk", "3.0")
gi.require_version("WebKit2", "4.1")
from gi.repository import Gtk, WebKit2  # noqa: E402

window = Gtk.Window(title="WebKit floor")
window.set_default_size(1280, 800)
context = WebKit2.WebContext.get_default()
context.set_cache_model(WebKit2.CacheModel.DOCUMENT_VIEWER)
view = WebKit2.WebView.new_with_context(context)
window.add(view)
window.connect("destroy", Gtk.main_quit)
window.show_all()
view.load_html("<!doctype html><html lang=fr><p>Vos événements</p></html>", None)
Gtk.main()
