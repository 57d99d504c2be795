#!/usr/bin/python3
"""The floor under the app's memory: a bare WebKitGTK window, with the same
WebKit as the app, showing one line of text. scripts/measure_window.py
starts it once, in the environment the app gave its own web process (the
lean settings of src-tauri/src/webview.rs), and reports its PSS beside the
app's, so that the figures say how much of the
app's memory is WebKit's own and how much is the app's.

    /usr/bin/python3 scripts/webkit_floor.py      (runs until killed)

The system's Python, for its GObject bindings (python3-gi); no script runs
in the page.
"""

import gi

gi.require_version("Gtk", "3.0")
gi.require_version("WebKit2", "4.1")
from gi.repository import Gtk, WebKit2  # noqa: E402  (after require_version)

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
