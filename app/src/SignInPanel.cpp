#include "SignInPanel.h"

#include "BadgePinPad.h"
#include "Widgets.h"

#include <wx/sizer.h>
#include <wx/stattext.h>

namespace portside::app {

SignInPanel::SignInPanel(wxWindow* parent, Shell& shell) : ShellPage(parent, shell, "sign-in")
{
    auto* sizer = new wxBoxSizer(wxVERTICAL);
    sizer->Add(text(this, "Portside", 3.0, true), 0, wxLEFT | wxTOP, 32);
    _pad = new BadgePinPad(
        this, "signin", _("Scan your badge or type your staff number"), _("Enter your PIN"),
        [this](const std::string& badge) { return _shell.session().pinChallenge(badge); },
        [this](const core::KioskSession::PinProof& proof) { signIn(proof); });
    sizer->Add(_pad, 0, wxALL, 32);
    SetSizer(sizer);
}

void SignInPanel::enter()
{
    _pad->reset();
}

void SignInPanel::fit()
{
    _pad->fit();
    Layout();
}

void SignInPanel::tell(const wxString& message)
{
    _pad->tell(message);
}

void SignInPanel::onScan(const std::string& bytes)
{
    // A badge scan: the number is read from it, then the PIN is asked.
    try {
        _pad->badgeScanned(_shell.session().badgeFromScan(bytes), _("Badge read. Enter your PIN"));
    } catch (const std::exception& e) {
        tell(_shell.say(e));
    }
}

void SignInPanel::signIn(const core::KioskSession::PinProof& proof)
{
    try {
        _shell.session().signIn(proof);
    } catch (const std::exception& e) {
        tell(_shell.say(e));
        return;
    }
    _pad->reset();
    bool resumed = false;
    try {
        resumed = _shell.session().resumeInterrupted();
    } catch (const std::exception& e) {
        _shell.show(Page::Ward);
        _shell.notice(_shell.say(e));
        return;
    }
    _shell.show(resumed ? Page::Checklist : Page::Ward);
}

} // namespace portside::app
