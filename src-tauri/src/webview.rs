//! The main window's WebKitGTK settings, chosen by measurement for a
//! document-style app on the large event (`scripts/measure-window.sh`):
//! no accelerated compositing (the compositor's buffers cost memory and
//! bring no speed to pages of text and boxes, least of all under software
//! GL), and the document-viewer cache model (no back-forward page cache,
//! small memory caches: the app shows one local page).
//! `DEROULE_WEBKIT_DEFAULTS=1` keeps WebKit's own defaults, to compare.

use tauri::{Runtime, WebviewWindow};

fn defaults() -> bool {
    std::env::var_os("DEROULE_WEBKIT_DEFAULTS").is_some_and(|v| v == "1")
}

/// Before any webview starts: WebKitGTK reads its compositing mode from the
/// environment when its processes start. A value the user set is kept.
pub fn before_start() {
    #[cfg(target_os = "linux")]
    if !defaults() && std::env::var_os("WEBKIT_DISABLE_COMPOSITING_MODE").is_none() {
        std::env::set_var("WEBKIT_DISABLE_COMPOSITING_MODE", "1");
    }
}

/// Applies the cache model to `window`'s webview (Linux; nothing elsewhere).
pub fn tune<R: Runtime>(window: &WebviewWindow<R>) {
    if defaults() {
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
