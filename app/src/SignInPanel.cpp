#include "SignInPanel.h"

#include "Widgets.h"

#include <wx/button.h>
#include <wx/sizer.h>
#include <wx/stattext.h>

namespace portside::app {

SignInPanel::SignInPanel(wxWindow* parent, Shell& shell) : ShellPage(parent, shell, "sign-in")
{
    auto* sizer = new wxBoxSizer(wxVERTICAL);
    sizer->Add(text(this, "Portside", 3.0, true), 0, wxLEFT | wxTOP, 32);
    _prompt = text(this, _("Scan your badge or type your staff number"), 1.8, false, "signin-prompt");
    sizer->Add(_prompt, 0, wxLEFT | wxTOP, 32);
    auto* row = new wxBoxSizer(wxHORIZONTAL);
    auto* left = new wxBoxSizer(wxVERTICAL);
    _value = text(this, "", 3.0, true, "signin-value");
    _value->SetMinSize(wxSize(420, -1));
    _error = text(this, "", 1.4, true, "signin-error");
    _error->SetForegroundColour(wxColour(176, 0, 32));
    auto* ok = bigButton(this, _("Next"), "signin-ok");
    ok->SetBackgroundColour(wxColour(0, 122, 51));
    ok->SetForegroundColour(*wxWHITE);
    auto* back = bigButton(this, _("Back"), "signin-back");
    left->Add(_value, 0, wxBOTTOM, 16);
    left->Add(ok, 0, wxEXPAND | wxBOTTOM, 8);
    left->Add(back, 0, wxEXPAND | wxBOTTOM, 16);
    left->Add(_error, 0, wxEXPAND);
    row->Add(left, 0, wxRIGHT, 48);
    row->Add(new Keypad(
        this, false, [this](const wxString& k) { key(k); }, "signin:"));
    sizer->Add(row, 0, wxALL, 32);
    SetSizer(sizer);

    ok->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { next(); });
    back->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) {
        _enteringPin = false;
        _pin.clear();
        _prompt->SetLabel(_("Scan your badge or type your staff number"));
        _value->SetLabel(_badge);
    });
}

void SignInPanel::enter()
{
    reset();
}

void SignInPanel::reset()
{
    _badge.clear();
    _pin.clear();
    _enteringPin = false;
    _prompt->SetLabel(_("Scan your badge or type your staff number"));
    _value->SetLabel("");
}

void SignInPanel::tell(const wxString& message)
{
    _error->SetLabel(message);
    _error->Wrap(460);
    Layout();
}

void SignInPanel::key(const wxString& k)
{
    wxString& value = _enteringPin ? _pin : _badge;
    if (k == "del") {
        if (!value.empty())
            value.RemoveLast();
    } else if (value.length() < 20) {
        value += k;
    }
    _value->SetLabel(_enteringPin ? wxString(value.length(), wxUniChar(0x25CF)) : value);
}

void SignInPanel::onScan(const std::string& bytes)
{
    // A badge scan: the number is read from it, then the PIN is asked.
    try {
        _badge = wxString::FromUTF8(_shell.session().badgeFromScan(bytes));
    } catch (const core::Problem& e) {
        tell(_shell.say(e.text()));
        return;
    }
    _pin.clear();
    _enteringPin = true;
    _prompt->SetLabel(_("Badge read. Enter your PIN"));
    _value->SetLabel("");
    tell("");
}

void SignInPanel::next()
{
    if (!_enteringPin) {
        if (_badge.empty())
            return;
        _enteringPin = true;
        _prompt->SetLabel(_("Enter your PIN"));
        _value->SetLabel("");
        tell("");
        return;
    }
    const std::string badge = _badge.ToStdString(wxConvUTF8), pin = _pin.ToStdString(wxConvUTF8);
    _pin.clear();
    try {
        _shell.session().signIn(badge, pin);
    } catch (const core::Problem& e) {
        tell(_shell.say(e.text()));
        _value->SetLabel("");
        return;
    }
    reset();
    tell("");
    bool resumed = false;
    try {
        resumed = _shell.session().resumeInterrupted();
    } catch (const core::Problem& e) {
        _shell.show(Page::Ward);
        _shell.notice(_shell.say(e.text()));
        return;
    }
    _shell.show(resumed ? Page::Checklist : Page::Ward);
}

} // namespace portside::app
