#pragma once

#include <wx/panel.h>
#include <wx/string.h>

#include <array>
#include <chrono>
#include <functional>
#include <initializer_list>
#include <string>
#include <utility>
#include <vector>

namespace portside::sdk {
struct Raster;
}

class wxBitmap;
class wxButton;
class wxListCtrl;
class wxStaticText;
class wxToggleButton;
class wxWindow;
class wxFont;

namespace portside::app {

/// Minimum height of anything a gloved finger presses, in pixels.
constexpr int kTouch = 72;

/// The window's font scaled by `factor`, bold when asked.
wxFont scaledFont(const wxWindow* window, double factor, bool bold = false);
wxButton* bigButton(wxWindow* parent, const wxString& label, const wxString& name, double fontFactor = 1.6);
wxToggleButton* bigToggle(wxWindow* parent, const wxString& label, const wxString& name);
wxStaticText* text(wxWindow* parent, const wxString& label, double fontFactor, bool bold = false,
                   const wxString& name = "text");
/// A touch-sized report list with these columns (title, width in pixels).
wxListCtrl* table(wxWindow* parent, const wxString& name, std::initializer_list<std::pair<wxString, int>> columns);

/// The width text may take on this page: its client width less `margin` (never under 200 px), for wxStaticText::Wrap.
int lineWidth(const wxWindow* page, int margin = 64);
/// A narrow screen (portrait, or under 1000 px wide): panels stack what sits side by side on a wide one.
bool narrow(const wxWindow* page);

/// "27 Nov 2026 14:30" for the screen: never ambiguous between day and month; the month in the reader's language.
wxString when(std::chrono::system_clock::time_point time);
/// The month names when() uses (the frame sets them when the language changes).
void setScreenMonths(const std::array<std::string, 12>& months);
/// A number as core formats it ("2.5", "10 000"), with the decimal sign of the reader's language ("2,5").
wxString screenNumber(const std::string& formatted);
/// The decimal sign of the reader's language.
wxString decimalSign();
/// The same for an ISO 8601 time as events and print jobs keep it.
wxString when(const std::string& isoTime);

/// A 1-bit label raster as a bitmap for the screen, scaled (0.5: half size).
wxBitmap rasterBitmap(const sdk::Raster& raster, double scale);

/// Sets a toggle and makes its state plain to see at arm's length: selected is filled (blue, or amber for a
/// finding that is present), unselected is the ordinary button.
void setToggle(wxToggleButton* button, bool on, bool warning = false);

/// A touch keypad: digits, optionally a decimal point, and Delete. Buttons are named "key:0".."key:9", "key:.",
/// "key:del" (prefixed with `prefix`).
class Keypad : public wxPanel {
public:
    Keypad(wxWindow* parent, bool decimalPoint, std::function<void(const wxString& key)> onKey,
           const wxString& prefix = "key:");
};

/// An on-screen keyboard for notes, for gloved fingers: digits, letters, a few signs, Space, Delete, Capitals,
/// Accents (the accented letters of Spanish, French and German on the letters' keys) and Done. Keys are named
/// "kb:<character they type now>", "kb:space", "kb:del", "kb:caps", "kb:accents", "kb:done".
class TouchKeyboard : public wxPanel {
public:
    TouchKeyboard(wxWindow* parent, std::function<void(const wxString& typed)> onType, std::function<void()> onDelete,
                  std::function<void()> onDone);

private:
    void relabel();
    struct Key {
        wxButton* button;
        wxString plain, accented;
    };
    bool _capitals = false, _accents = false;
    std::vector<Key> _keys; ///< the letters' rows
};

/// A row of reasons to choose from, shown when a nurse skips a step, overrides a warning or cancels a checklist.
/// Buttons are named "reason:<n>" and "reason:back".
class ReasonPicker : public wxPanel {
public:
    ReasonPicker(wxWindow* parent);
    /// Shows the question and the reasons; `onChosen` gets the chosen reason, `onBack` is called for "Go back".
    void ask(const wxString& question, const std::vector<wxString>& reasons,
             std::function<void(const wxString&)> onChosen, std::function<void()> onBack);

private:
    wxStaticText* _question;
    wxPanel* _buttons;
};

} // namespace portside::app
