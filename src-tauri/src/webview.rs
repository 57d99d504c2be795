//! Leaner WebKitGTK settings for the main window, measured on the large event
//! (`scripts/measure-window.sh`): no accelerated compositing and the
//! document-viewer cache model took the events list from about 218 MB to
//! 111–159 MB (PSS over the app and its WebKit processes). Opt-in with
//! `DEROULE_WEBKIT_LEAN=1` for now: an end-to-end run with them on hung on a
//! WebDriver screenshot (changes.rs) while the disk was full; until a run
//! with them on passes again, WebKit's defaults stay.

use tauri::{Runtime, WebviewWindow};

fn lean() -> bool {
    std::env::var_os("DEROULE_WEBKIT_LEAN").is_some_and(|v| v == "1")
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
