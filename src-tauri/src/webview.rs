//! Leaner WebKitGTK settings for the main window, chosen by measurement on
//! the large event (`scripts/measure-window.sh`, release, 2 cores): with
//! accelerated compositing off and the document-viewer cache model, opening
//! the event showed on screen in 0.9 s instead of 5.3 s, going back to the
//! Programme tab in 0.6 s instead of 4.8 s, and the app with its WebKit
//! processes took 190–295 MB instead of 310–530 MB (PSS). Software
//! compositing of the timeline's large layers is what made the defaults slow.
//! On by default; `DEROULE_WEBKIT_LEAN=0` gives WebKit's defaults back, and a
//! `WEBKIT_DISABLE_COMPOSITING_MODE` the user set is kept.

use tauri::{Runtime, WebviewWindow};

fn lean() -> bool {
    std::env::var_os("DEROULE_WEBKIT_LEAN").is_none_or(|v| v != "0")
}

/// Before any webview starts: WebKitGTK reads its compositing mode from the
/// environment when its processes start. A value the user set is kept.
pub fn before_start() {
    #[cfg(target_os = "linux")]
    if lean() && std::env::var_os("WEBKIT_DISABLE_COMPOSITING_MODE").is_none() {
        std::env::set_var("WEBKIT_DISABLE_COMPOSITING_MODE", "1");
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
