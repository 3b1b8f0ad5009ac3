#pragma once

#include "portside/core/KioskSession.h"

#include <wx/panel.h>

#include <functional>
#include <string>
#include <thread>

class wxBoxSizer;
class wxStaticText;

namespace portside::app {

/// A staff number, then a PIN, on a touch keypad (the PIN shown as dots): the lock screen's sign-in and a
/// witness's confirmation. A badge scan can give the number instead. Widgets are named after `prefix`:
/// "<prefix>-prompt", "<prefix>-value", "<prefix>-ok", "<prefix>-back", "<prefix>-error", keys "<prefix>:<key>".
///
/// The PIN is hashed on a worker thread (PBKDF2, about 0.2 s; DESIGN: nothing slow on the GUI thread): while it
/// runs the prompt says so and the pad takes no keys, so a second tap on OK does not check twice.
class BadgePinPad : public wxPanel {
public:
    using Challenge = std::function<core::KioskSession::PinProof(const std::string& badge)>;
    using Done = std::function<void(const core::KioskSession::PinProof& proof)>;
    /// `challenge` says what the badge's PIN is hashed with (KioskSession::pinChallenge; it may throw a refusal),
    /// `done` gets the hashed PIN on the GUI thread; `back` is called for "Back" while the number is asked.
    BadgePinPad(wxWindow* parent, const wxString& prefix, const wxString& badgePrompt, const wxString& pinPrompt,
                Challenge challenge, Done done, std::function<void()> back = {});
    ~BadgePinPad() override;
    /// A PIN is being checked.
    bool checking() const { return _checking; }
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
    Challenge _challenge;
    Done _done;
    std::thread _worker;
    bool _checking = false;
    unsigned _generation = 0; ///< reset() makes a check under way moot
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
