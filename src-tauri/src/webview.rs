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
//!
//! JavaScriptCore collects the whole heap each time rather than young
//! objects first (`JSC_useGenerationalGC=0`). The page's live heap is small
//! (11–18 MB on the large event), but each tab change or search leaves the
//! previous view's objects behind in the old generation, and a generational
//! collector left them there until the heap had grown by some 40 MB: the
//! web process grew 1.5–2 MB with each visit to a tab, and the app went from
//! 315 to 349 MB (PSS) over four more rounds of every tab and four searches.
//! Collected whole, those rounds went 277 -> 283 MB; a collection takes
//! 12–21 ms, at most 9 ms of it on the page's thread (`JSC_logGC=1`), and
//! no on-screen time moved beyond noise (`scripts/measure-window.sh`).
//!
//! The main window is created hidden (`"visible": false` in
//! tauri.conf.json) and shown once its page has loaded ([`on_page_load`]).
//! Shown at once, GTK drew the web view before WebKit's web process had a
//! first frame, and the app's main thread then waited for that frame (up to
//! WebKit's 500 ms) while the web process waited on the same thread for
//! index.html and its scripts, which the app serves: one cold start in two
//! came on screen 0.5 s late (first paint at 720–890 ms instead of
//! 220–280 ms, the window mapped at 110–170 ms in both).
//!
//! Without compositing, the app's own process needs no OpenGL at all, yet
//! GDK asked GLX for its visuals when it opened the display and WebKit
//! asked EGL which GPU the web process should use and which buffers it
//! could share: each loaded Mesa (with llvmpipe, libLLVM), 22 MB of the
//! 223 MB the app took on the events list. GDK's GL is turned off, WebKit's
//! DMA-BUF renderer (the transport of composited frames) too, and the
//! render node is named rather than found through EGL: the first
//! `/dev/dri/renderD*`, or `/dev/null` on a machine without one, where the
//! web process draws in software as it did. 223 -> 201 MB (PSS, events
//! list, Xvfb).
//!
//! The lean settings are on by default; `DEROULE_WEBKIT_LEAN=0` gives
//! WebKit's defaults back, and every variable set here that the user set
//! already keeps their value.

#[cfg(target_os = "linux")]
use std::ffi::OsString;

use tauri::webview::{PageLoadEvent, PageLoadPayload};
use tauri::{Runtime, Webview, WebviewWindow};

fn lean() -> bool {
    std::env::var_os("DEROULE_WEBKIT_LEAN").is_none_or(|v| v != "0")
}

/// Before any webview starts: WebKitGTK reads its compositing mode, its
/// kind of scrollbars and JavaScriptCore's options from the environment
/// when its processes start, GDK its use of OpenGL when it opens the
/// display. A value the user set is kept.
pub fn before_start() {
    #[cfg(target_os = "linux")]
    if lean() {
        for (name, value) in [
            ("WEBKIT_DISABLE_COMPOSITING_MODE", OsString::from("1")),
            ("GTK_OVERLAY_SCROLLING", "0".into()),
            ("JSC_useGenerationalGC", "0".into()),
            ("GDK_GL", "disable".into()),
            ("WEBKIT_DISABLE_DMABUF_RENDERER", "1".into()),
            (
                "WEBKIT_WEB_RENDER_DEVICE_FILE",
                render_node(std::path::Path::new("/dev/dri")),
            ),
        ] {
            if std::env::var_os(name).is_none() {
                std::env::set_var(name, value);
            }
        }
    }
}

/// The first render node under `dri` (`renderD128`, …), or `/dev/null` when
/// there is none: the device WebKit would otherwise ask EGL for.
#[cfg(target_os = "linux")]
fn render_node(dri: &std::path::Path) -> OsString {
    let mut nodes: Vec<_> = std::fs::read_dir(dri)
        .into_iter()
        .flatten()
        .flatten()
        .map(|entry| entry.path())
        .filter(|path| {
            path.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("renderD"))
        })
        .collect();
    nodes.sort();
    nodes
        .into_iter()
        .next()
        .map_or_else(|| "/dev/null".into(), OsString::from)
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use super::render_node;

    #[test]
    fn the_render_node_is_the_first_of_dri_or_dev_null_without_one() {
        let dri = tempfile::tempdir().unwrap();
        assert_eq!(render_node(dri.path()), "/dev/null");
        assert_eq!(render_node(&dri.path().join("absent")), "/dev/null");
        for name in ["card0", "renderD129", "renderD128"] {
            std::fs::write(dri.path().join(name), "").unwrap();
        }
        assert_eq!(
            render_node(dri.path()),
            dri.path().join("renderD128").into_os_string()
        );
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

/// Shows the window of a page that has finished loading (or failed to:
/// WebKit says finished either way), so a page that cannot load still
/// shows its window. Showing a shown window again does nothing.
pub fn on_page_load<R: Runtime>(webview: &Webview<R>, payload: &PageLoadPayload<'_>) {
    if payload.event() == PageLoadEvent::Finished {
        let _ = webview.window().show();
    }
}
