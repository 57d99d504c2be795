/* The floor under the app's start and memory: a bare WebKitGTK window,
 * with the same WebKit as the app, showing one line of text. Written in C,
 * so that nothing but GTK and WebKit starts: scripts/measure_window.py
 * starts it after each run of the app, in the environment the app gave
 * its own web process (the lean settings of src-tauri/src/webview.rs), and
 * reports how long it takes to show and its PSS beside the app's.
 *
 *   cc -O2 -o webkit_floor scripts/webkit_floor.c \
 *      $(pkg-config --cflags --libs webkit2gtk-4.1)
 *   ./webkit_floor       (runs until killed)
 *
 * scripts/measure-window.sh builds it (libwebkit2gtk-4.1-dev, which the
 * app's build needs too). No script runs in the page. */

#include <gtk/gtk.h>
#include <webkit2/webkit2.h>

int main(int argc, char **argv) {
  gtk_init(&argc, &argv);
  GtkWidget *window = gtk_window_new(GTK_WINDOW_TOPLEVEL);
  gtk_window_set_title(GTK_WINDOW(window), "WebKit floor");
  gtk_window_set_default_size(GTK_WINDOW(window), 1280, 800);
  WebKitWebContext *context = webkit_web_context_get_default();
  webkit_web_context_set_cache_model(context, WEBKIT_CACHE_MODEL_DOCUMENT_VIEWER);
  GtkWidget *view = webkit_web_view_new_with_context(context);
  gtk_container_add(GTK_CONTAINER(window), view);
  g_signal_connect(window, "destroy", G_CALLBACK(gtk_main_quit), NULL);
  gtk_widget_show_all(window);
  webkit_web_view_load_html(WEBKIT_WEB_VIEW(view),
                            "<!doctype html><html lang=fr><p>Vos événements</p></html>", NULL);
  gtk_main();
  return 0;
}
