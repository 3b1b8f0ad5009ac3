#include "Screenshot.h"

#include <wx/filename.h>
#include <wx/image.h>
#include <wx/log.h>
#include <wx/window.h>

#include <gdk/gdk.h>
#include <gtk/gtk.h>

namespace portside::app {

bool saveScreenshot(wxWindow* window, const wxString& path)
{
    // Paint everything that is pending first, then read the window's pixels back from the X server. wxScreenDC is
    // not used: on GTK 3 it may hand back an earlier frame.
    window->Refresh();
    window->Update();
    GtkWidget* widget = window->GetHandle();
    GdkWindow* gdkWindow = widget ? gtk_widget_get_window(widget) : nullptr;
    if (!gdkWindow) {
        wxLogWarning("Could not save a screenshot to %s: the window is not realised.", path);
        return false;
    }
    gdk_display_sync(gdk_window_get_display(gdkWindow));
    const int width = gdk_window_get_width(gdkWindow);
    const int height = gdk_window_get_height(gdkWindow);
    GdkPixbuf* pixbuf = gdk_pixbuf_get_from_window(gdkWindow, 0, 0, width, height);
    if (!pixbuf) {
        wxLogWarning("Could not save a screenshot to %s: the window's pixels could not be read.", path);
        return false;
    }
    wxFileName::Mkdir(wxFileName(path).GetPath(), wxS_DIR_DEFAULT, wxPATH_MKDIR_FULL);
    GError* error = nullptr;
    const bool ok = gdk_pixbuf_save(pixbuf, path.utf8_str(), "png", &error, nullptr);
    g_object_unref(pixbuf);
    if (!ok) {
        wxLogWarning("Could not save a screenshot to %s: %s", path, error ? error->message : "unknown error");
        if (error)
            g_error_free(error);
    }
    return ok;
}

} // namespace portside::app
