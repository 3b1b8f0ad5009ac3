#pragma once

#include <wx/string.h>

class wxWindow;

namespace portside::app {

/// Saves what a top-level window shows as a PNG. Returns false (and logs why) when it cannot.
bool saveScreenshot(wxWindow* window, const wxString& path);

} // namespace portside::app
