#include "BadgePinPad.h"

#include "Widgets.h"

#include <wx/button.h>
#include <wx/sizer.h>
#include <wx/stattext.h>

#include <exception>

namespace portside::app {

BadgePinPad::BadgePinPad(wxWindow* parent, const wxString& prefix, const wxString& badgePrompt,
                         const wxString& pinPrompt, Challenge challenge, Done done, std::function<void()> back)
    : wxPanel(parent, wxID_ANY, wxDefaultPosition, wxDefaultSize, 0, prefix), _badgePrompt(badgePrompt),
      _pinPrompt(pinPrompt), _challenge(std::move(challenge)), _done(std::move(done)), _back(std::move(back))
{
    auto* sizer = new wxBoxSizer(wxVERTICAL);
    _prompt = text(this, badgePrompt, 1.8, false, prefix + "-prompt");
    _promptText = badgePrompt;
    sizer->Add(_prompt, 0, wxBOTTOM, 16);
    auto* row = new wxBoxSizer(wxHORIZONTAL);
    _row = row;
    auto* left = new wxBoxSizer(wxVERTICAL);
    _value = text(this, "", 3.0, true, prefix + "-value");
    _value->SetMinSize(wxSize(420, -1));
    _error = text(this, "", 1.4, true, prefix + "-error");
    _error->SetForegroundColour(wxColour(176, 0, 32));
    auto* ok = bigButton(this, _("Next"), prefix + "-ok");
    ok->SetBackgroundColour(wxColour(0, 122, 51));
    ok->SetForegroundColour(*wxWHITE);
    auto* backButton = bigButton(this, _("Back"), prefix + "-back");
    left->Add(_value, 0, wxBOTTOM, 16);
    left->Add(ok, 0, wxEXPAND | wxBOTTOM, 8);
    left->Add(backButton, 0, wxEXPAND | wxBOTTOM, 16);
    left->Add(_error, 0, wxEXPAND);
    row->Add(left, 0, wxRIGHT | wxBOTTOM, 24);
    row->Add(new Keypad(
        this, false, [this](const wxString& k) { key(k); }, prefix + ":"));
    sizer->Add(row);
    SetSizer(sizer);
    ok->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { next(); });
    backButton->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) {
        if (_checking)
            return;
        if (!_enteringPin) {
            if (_back)
                _back();
            return;
        }
        _enteringPin = false; // back to the staff number
        _pin.clear();
        setPrompt(_badgePrompt);
        _value->SetLabel(_badge);
    });
}

BadgePinPad::~BadgePinPad()
{
    if (_worker.joinable())
        _worker.join(); // a check under way ends in a fraction of a second; its answer is dropped with the window
}

void BadgePinPad::fit()
{
    // The keypad beside the number on a wide screen, under it on a narrow one; the prompt wraps to the width.
    _row->SetOrientation(narrow(this) ? wxVERTICAL : wxHORIZONTAL);
    setPrompt(_promptText);
}

void BadgePinPad::setPrompt(const wxString& prompt)
{
    _promptText = prompt;
    _prompt->SetLabel(prompt);
    _prompt->Wrap(lineWidth(GetParent(), 112));
    Layout();
}

void BadgePinPad::reset()
{
    ++_generation;
    _checking = false;
    fit();
    _badge.clear();
    _pin.clear();
    _enteringPin = false;
    setPrompt(_badgePrompt);
    _value->SetLabel("");
    tell("");
}

void BadgePinPad::badgeScanned(const std::string& badge, const wxString& pinPrompt)
{
    if (_checking)
        return;
    _badge = wxString::FromUTF8(badge);
    _pin.clear();
    _enteringPin = true;
    setPrompt(pinPrompt);
    _value->SetLabel("");
    tell("");
}

void BadgePinPad::tell(const wxString& message)
{
    _error->SetLabel(message);
    _error->Wrap(std::min(460, lineWidth(GetParent(), 112)));
    Layout();
    if (GetParent())
        GetParent()->Layout();
}

void BadgePinPad::key(const wxString& k)
{
    if (_checking)
        return;
    wxString& value = _enteringPin ? _pin : _badge;
    if (k == "del") {
        if (!value.empty())
            value.RemoveLast();
    } else if (value.length() < 20) {
        value += k;
    }
    _value->SetLabel(_enteringPin ? wxString(value.length(), wxUniChar(0x25CF)) : value);
}

void BadgePinPad::next()
{
    if (_checking)
        return; // a second tap while the PIN is checked
    if (!_enteringPin) {
        if (_badge.empty())
            return;
        _enteringPin = true;
        setPrompt(_pinPrompt);
        _value->SetLabel("");
        tell("");
        return;
    }
    const std::string badge = _badge.ToStdString(wxConvUTF8), pin = _pin.ToStdString(wxConvUTF8);
    _pin.clear(); // the PIN is not kept once used
    _value->SetLabel("");
    core::KioskSession::PinProof proof;
    try {
        proof = _challenge(badge);
    } catch (const std::exception& e) {
        tell(wxString::FromUTF8(e.what()));
        return;
    }
    if (_worker.joinable())
        _worker.join();
    _checking = true;
    setPrompt(_("Checking your PIN…"));
    _worker = std::thread([this, proof, pin, generation = _generation]() mutable {
        std::string error;
        try {
            core::KioskSession::provePin(proof, pin);
        } catch (const std::exception& e) {
            error = e.what();
        }
        CallAfter([this, proof, error, generation] {
            if (_worker.joinable())
                _worker.join();
            if (generation != _generation)
                return; // reset meanwhile (signed out, the overlay closed): the answer is moot
            _checking = false;
            setPrompt(_pinPrompt);
            if (!error.empty()) {
                tell(wxString::Format(_("The PIN could not be checked: %s"), wxString::FromUTF8(error)));
                return;
            }
            _done(proof);
        });
    });
}

} // namespace portside::app
