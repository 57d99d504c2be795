//! Leaner WebKitGTK settings for the main window, chosen by measurement on
//! the large event (`scripts/measure-window.sh`, release, 2 cores): with
//! accelerated compositing off and the document-viewer cache model, opening
//! the event showed on screen in 0.9 s instead of 5.3 s, going back to the
//! Programme tab in 0.6 s instead of 4.8 s, and the app with its WebKit
//! processes took 190–295 MB instead of 310–530 MB (PSS). Software
//! compositing of the timeline's large layers is what made the defaults slow.
//! Scrollbars are classic ones, always shown, rather than GTK's overlay
//! scrollbars: those appear on every scroll and content change and fade out
//! over the next two seconds, repainting the page all along (each action of
//! the measuring script kept the screen changing 1.5–2.3 s after its result
//! showed), and a scrollbar always in view tells at once that a list or a
//! panel goes on.
//! On by default; `DEROULE_WEBKIT_LEAN=0` gives WebKit's defaults back, and a
//! `WEBKIT_DISABLE_COMPOSITING_MODE` or `GTK_OVERLAY_SCROLLING` the user set
//! is kept.

use tauri::{Runtime, WebviewWindow};

fn lean() -> bool {
    std::env::var_os("DEROULE_WEBKIT_LEAN").is_none_or(|v| v != "0")
}

/// Before any webview starts: WebKitGTK reads its compositing mode and its
/// kind of scrollbars from the environment when its processes start. A
/// value the user set is kept.
pub fn before_start() {
    #[cfg(target_os = "linux")]
    if lean() {
        for (name, value) in [
            ("WEBKIT_DISABLE_COMPOSITING_MODE", "1"),
            ("GTK_OVERLAY_SCROLLING", "0"),
        ] {
            if std::env::var_os(name).is_none() {
                std::env::set_var(name, value);
            }
        }
    }
}

/// Applies the cache model to `window`'s webview (Linux; nothing elsewhere).
pub fn tune<R: Runtime>(window: &WebviewWindow<R>) {
    if !lean() {
        return;
    }
    #[cfg(target_os = "linux")]
    {
        use webkit2gtk::{CacheModel, WebContextExt, WebViewExt};
        let _ = window.with_webview(|webview| {
            if let Some(context) = webview.inner().context() {
                context.set_cache_model(CacheModel::DocumentViewer);
            }
        });
    }
    #[cfg(not(target_os = "linux"))]
    let _ = window;
}
