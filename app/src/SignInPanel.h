#pragma once

#include "Shell.h"

namespace portside::app {

class BadgePinPad;

/// The lock screen: badge number on a keypad or a badge scan, then the PIN. Refusals never say which part was
/// wrong. Widgets: "signin:<key>" keypad, "signin-value", "signin-ok", "signin-back", "signin-error",
/// "signin-prompt".
class SignInPanel : public ShellPage {
public:
    SignInPanel(wxWindow* parent, Shell& shell);
    void enter() override;
    void fit() override;
    void onScan(const std::string& bytes) override;
    /// Shows a sentence under the keypad (such as why the last session ended).
    void tell(const wxString& text);

private:
    void signIn(const core::KioskSession::PinProof& proof);

    BadgePinPad* _pad = nullptr;
};

} // namespace portside::app
