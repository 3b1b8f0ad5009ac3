#pragma once

#include <wx/panel.h>

#include <functional>
#include <string>

class wxBoxSizer;
class wxStaticText;

namespace portside::app {

/// A staff number, then a PIN, on a touch keypad (the PIN shown as dots): the lock screen's sign-in and a
/// witness's confirmation. A badge scan can give the number instead. Widgets are named after `prefix`:
/// "<prefix>-prompt", "<prefix>-value", "<prefix>-ok", "<prefix>-back", "<prefix>-error", keys "<prefix>:<key>".
class BadgePinPad : public wxPanel {
public:
    /// `done` gets the staff number and the PIN; `back` is called for "Back" while the number is asked.
    BadgePinPad(wxWindow* parent, const wxString& prefix, const wxString& badgePrompt, const wxString& pinPrompt,
                std::function<void(const std::string& badge, const std::string& pin)> done,
                std::function<void()> back = {});
    /// Asks for the staff number again, with nothing typed.
    void reset();
    /// The staff number from a badge scan: the PIN is asked next.
    void badgeScanned(const std::string& badge, const wxString& pinPrompt);
    /// A sentence under the keypad (a refusal).
    void tell(const wxString& text);
    /// Lays the pad out for the window as it is now (keypad beside or under the number).
    void fit();

private:
    void setPrompt(const wxString& prompt);
    void key(const wxString& key);
    void next();

    wxString _badgePrompt, _pinPrompt;
    std::function<void(const std::string&, const std::string&)> _done;
    std::function<void()> _back;
    wxString _badge, _pin;
    bool _enteringPin = false;
    wxStaticText* _prompt = nullptr;
    wxString _promptText;
    wxBoxSizer* _row = nullptr;
    wxStaticText* _value = nullptr;
    wxStaticText* _error = nullptr;
};

} // namespace portside::app
