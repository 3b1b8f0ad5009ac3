#include "ViewfinderPanel.h"

#include "Widgets.h"

#include <wx/arrstr.h>
#include <wx/dcbuffer.h>
#include <wx/image.h>
#include <wx/intl.h>
#include <wx/sizer.h>

namespace portside::app {

namespace {
constexpr int kWidth = 320, kHeight = 180; ///< the panel's size at 96 dpi: a glance, not a video player
constexpr int kTickMs = 100;
} // namespace

ViewfinderPanel::ViewfinderPanel(wxWindow* parent, const sdk::Viewfinder& viewfinder)
    : wxPanel(parent, wxID_ANY, wxDefaultPosition, wxDefaultSize, wxBORDER_SIMPLE, "viewfinder"),
      _viewfinder(viewfinder), _timer(this)
{
    SetBackgroundStyle(wxBG_STYLE_PAINT);
    SetMinSize(FromDIP(wxSize(kWidth, kHeight)));
    SetToolTip(_("Camera: hold the barcode in front of it"));
    Bind(wxEVT_PAINT, [this](wxPaintEvent&) { onPaint(); });
    Bind(wxEVT_TIMER, [this](wxTimerEvent&) { onTick(); });
    Hide();
    _timer.Start(kTickMs);
    CallAfter([this] { onTick(); });
}

void ViewfinderPanel::onTick()
{
    // The camera switched off by the site says nothing: no panel. A camera that says why it has no picture: the
    // panel with the sentence.
    const bool reporting = !_viewfinder.previewStatus().empty();
    if (reporting != IsShown()) {
        Show(reporting);
        GetParent()->Layout();
    }
    if (!reporting)
        return;
    if (!_viewfinder.preview(_frame)) {
        if (_bitmap.IsOk()) {
            _bitmap = wxBitmap();
            Refresh();
        }
        return;
    }
    if (_frame.number == _shown && _bitmap.IsOk())
        return;
    _shown = _frame.number;
    ++_pictures;
    wxImage image(_frame.width, _frame.height, false);
    unsigned char* rgb = image.GetData();
    for (std::size_t i = 0; i < _frame.pixels.size(); ++i)
        rgb[3 * i] = rgb[3 * i + 1] = rgb[3 * i + 2] = _frame.pixels[i];
    const wxSize area = GetClientSize();
    if (area.x < 2 || area.y < 2)
        return;
    const double scale =
        std::min(static_cast<double>(area.x) / _frame.width, static_cast<double>(area.y) / _frame.height);
    image.Rescale(std::max(1, static_cast<int>(_frame.width * scale)),
                  std::max(1, static_cast<int>(_frame.height * scale)), wxIMAGE_QUALITY_NORMAL);
    _bitmap = wxBitmap(image);
    Refresh(false);
}

void ViewfinderPanel::onPaint()
{
    wxAutoBufferedPaintDC dc(this);
    dc.SetBackground(*wxBLACK_BRUSH);
    dc.Clear();
    const wxSize area = GetClientSize();
    if (_bitmap.IsOk()) {
        dc.DrawBitmap(_bitmap, (area.x - _bitmap.GetWidth()) / 2, (area.y - _bitmap.GetHeight()) / 2);
        return;
    }
    dc.SetTextForeground(*wxWHITE);
    dc.SetFont(scaledFont(this, 1.1));
    // Wrapped to the panel, whatever the language makes of the sentence.
    const wxString sentence = _("No picture from the camera.\nUse the hand scanner, or check the camera's cable.");
    wxString wrapped, line;
    for (const auto& paragraph : wxSplit(sentence, '\n')) {
        line.clear();
        for (const auto& word : wxSplit(paragraph, ' ')) {
            const wxString longer = line.empty() ? word : line + " " + word;
            if (!line.empty() && dc.GetTextExtent(longer).x > area.x - 12) {
                wrapped += line + "\n";
                line = word;
            } else {
                line = longer;
            }
        }
        wrapped += line + "\n";
    }
    wrapped.RemoveLast();
    const wxSize size = dc.GetMultiLineTextExtent(wrapped);
    dc.DrawText(wrapped, std::max(6, (area.x - size.x) / 2), std::max(4, (area.y - size.y) / 2));
}

} // namespace portside::app
