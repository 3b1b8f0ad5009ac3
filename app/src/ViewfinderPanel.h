#pragma once

#include "portside/sdk/Scanner.h"

#include <wx/bitmap.h>
#include <wx/panel.h>
#include <wx/timer.h>

#include <cstdint>

namespace portside::app {

/// A small live picture of what the camera sees, on scan steps, so the nurse can hold the barcode where the camera
/// reads it. It asks the camera plugin for the newest picture ten times a second and draws it scaled; without a
/// picture (no camera, unplugged) it says so. Hidden while the camera has said nothing (switched off by the site).
/// Named "viewfinder"; `pictures()` counts the pictures drawn, for tests.
class ViewfinderPanel : public wxPanel {
public:
    ViewfinderPanel(wxWindow* parent, const sdk::Viewfinder& viewfinder);
    /// How many distinct camera pictures the panel has drawn.
    std::uint64_t pictures() const { return _pictures; }
    /// A picture is on show (not the "no picture" sentence).
    bool live() const { return _bitmap.IsOk(); }

private:
    void onTick();
    void onPaint();

    const sdk::Viewfinder& _viewfinder;
    wxTimer _timer;
    wxBitmap _bitmap;
    std::uint64_t _shown = 0;
    std::uint64_t _pictures = 0;
    sdk::PreviewFrame _frame;
};

} // namespace portside::app
