#include "WardPanel.h"

#include "Widgets.h"

#include "portside/core/TimeText.h"

#include <wx/button.h>
#include <wx/sizer.h>
#include <wx/stattext.h>

namespace portside::app {

wxString dueLabel(const std::string& what)
{
    if (what == "needle-change")
        return _("Needle change");
    if (what == "dressing-change")
        return _("Dressing change");
    if (what == "maintenance-flush")
        return _("Maintenance flush");
    return wxString::FromUTF8(what);
}

WardPanel::WardPanel(wxWindow* parent, Shell& shell) : ShellPage(parent, shell, "ward")
{
    auto* sizer = new wxBoxSizer(wxVERTICAL);
    auto* header = new wxBoxSizer(wxHORIZONTAL);
    header->Add(text(this, _("Patients"), 2.4, true), 1, wxALIGN_CENTER_VERTICAL);
    auto* labels = bigButton(this, _("Labels"), "show-labels", 1.2);
    labels->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { _shell.show(Page::Labels); });
    header->Add(labels, 0, wxRIGHT, 12);
    _supervisor = bigButton(this, _("Supervisor"), "show-supervisor", 1.2);
    _supervisor->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { _shell.show(Page::Supervisor); });
    header->Add(_supervisor, 0, wxRIGHT, 12);
    auto* out = bigButton(this, _("Sign out"), "sign-out", 1.2);
    out->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { _shell.signOut(); });
    header->Add(out);
    sizer->Add(header, 0, wxALL | wxEXPAND, 24);
    _hint = text(this, _("Scan a wristband, or tap a patient and ask their date of birth."), 1.3);
    sizer->Add(_hint, 0, wxLEFT | wxRIGHT, 24);
    _list = new wxPanel(this, wxID_ANY);
    _list->SetSizer(new wxBoxSizer(wxVERTICAL));
    sizer->Add(_list, 1, wxALL | wxEXPAND, 24);

    // The second identifier: the date of birth the patient says, typed day, month, year.
    _dob = new wxPanel(this, wxID_ANY, wxDefaultPosition, wxDefaultSize, 0, "dob");
    auto* dobSizer = new wxBoxSizer(wxHORIZONTAL);
    auto* dobLeft = new wxBoxSizer(wxVERTICAL);
    _dobQuestion = text(_dob, "", 1.8, true, "dob-question");
    _dobValue = text(_dob, "", 3.0, true, "dob-value");
    _dobError = text(_dob, "", 1.4, true, "dob-error");
    _dobError->SetForegroundColour(wxColour(176, 0, 32));
    auto* ok = bigButton(_dob, _("Open patient"), "dob-ok");
    ok->SetBackgroundColour(wxColour(0, 122, 51));
    ok->SetForegroundColour(*wxWHITE);
    auto* cancel = bigButton(_dob, _("Back to the list"), "dob-cancel");
    dobLeft->Add(_dobQuestion, 0, wxBOTTOM, 8);
    dobLeft->Add(_dobValue, 0, wxBOTTOM, 16);
    dobLeft->Add(ok, 0, wxEXPAND | wxBOTTOM, 8);
    dobLeft->Add(cancel, 0, wxEXPAND | wxBOTTOM, 8);
    dobLeft->Add(_dobError, 0, wxEXPAND);
    dobSizer->Add(dobLeft, 1, wxRIGHT, 48);
    dobSizer->Add(new Keypad(
        _dob, false, [this](const wxString& k) { birthDateKey(k); }, "dob:"));
    _dob->SetSizer(dobSizer);
    _dob->Hide();
    sizer->Add(_dob, 1, wxALL | wxEXPAND, 24);
    SetSizer(sizer);
    ok->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { confirmBirthDate(); });
    cancel->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { showList(); });
}

void WardPanel::enter()
{
    fillList();
    showList();
}

void WardPanel::refresh(bool)
{
    // The date of birth being asked stays asked while that patient is still on the ward.
    const bool asking = _dob->IsShown();
    const bool stillHere = fillList(_dobPatient);
    if (!asking || !stillHere)
        showList();
}

bool WardPanel::fillList(const std::string& wanted)
{
    _hint->SetLabel(_("Scan a wristband, or tap a patient and ask their date of birth."));
    _hint->Wrap(lineWidth(this));
    _supervisor->Show(_shell.session().isSupervisor());
    _list->DestroyChildren();
    auto* list = _list->GetSizer();
    list->Clear();
    const auto rows = _shell.session().ward();
    bool found = false;
    if (rows.empty())
        list->Add(text(_list, _("No patients on this ward yet. They arrive with the next sync from the server."), 1.5));
    for (const auto& row : rows) {
        const auto& p = row.record;
        wxString label =
            wxString::Format(_("Bed %s   %s"), wxString::FromUTF8(p.bed), wxString::FromUTF8(p.displayName));
        if (row.heparinAllergyOrHit)
            label += "   " + _("[HEPARIN ALLERGY / HIT]");
        if (row.port.notReadyForUse)
            label += "   " + _("[NOT READY FOR USE]");
        if (!row.port.dues.empty()) {
            const auto& first = row.port.dues.front();
            label += "   -   " + wxString::Format(first.overdue ? _("OVERDUE: %s since %s") : _("%s due %s"),
                                                  dueLabel(first.what), when(first.at));
        }
        auto* b = bigButton(_list, label, "patient:" + wxString::FromUTF8(p.id), 1.4);
        if (!row.port.dues.empty() && row.port.dues.front().overdue)
            b->SetForegroundColour(wxColour(176, 0, 32));
        b->Bind(wxEVT_BUTTON, [this, id = p.id, name = wxString::FromUTF8(p.displayName)](wxCommandEvent&) {
            askBirthDate(id, name);
        });
        list->Add(b, 0, wxEXPAND | wxBOTTOM, 10);
        found = found || p.id == wanted;
    }
    return found;
}

void WardPanel::showList()
{
    _dob->Hide();
    _list->Show();
    _dobPatient.clear();
    Layout();
}

void WardPanel::askBirthDate(const std::string& patientId, const wxString& who)
{
    _dobPatient = patientId;
    _dobDigits.clear();
    // Side by side on a wide screen, the keypad under the question on a narrow one.
    static_cast<wxBoxSizer*>(_dob->GetSizer())->SetOrientation(narrow(this) ? wxVERTICAL : wxHORIZONTAL);
    _dobQuestion->SetLabel(wxString::Format(_("Ask %s for their date of birth: day, month, year"), who));
    _dobQuestion->Wrap(narrow(this) ? lineWidth(this, 112) : lineWidth(this, 580));
    _dobValue->SetLabel(_("DD / MM / YYYY"));
    _dobError->SetLabel("");
    _list->Hide();
    _dob->Show();
    Layout();
}

void WardPanel::birthDateKey(const wxString& key)
{
    if (key == "del") {
        if (!_dobDigits.empty())
            _dobDigits.RemoveLast();
    } else if (_dobDigits.length() < 8) {
        _dobDigits += key;
    }
    wxString shown = _("DD / MM / YYYY");
    for (std::size_t i = 0, at = 0; i < _dobDigits.length(); ++i, ++at) {
        while (at < shown.length() && (shown[at] == ' ' || shown[at] == '/'))
            ++at;
        if (at < shown.length())
            shown[at] = _dobDigits[i];
    }
    _dobValue->SetLabel(shown);
}

void WardPanel::confirmBirthDate()
{
    if (_dobDigits.length() != 8) {
        _dobError->SetLabel(_("Type the whole date: two digits for the day, two for the month, four for the year."));
        _dobError->Wrap(narrow(this) ? lineWidth(this) : lineWidth(this, 580));
        Layout();
        return;
    }
    const std::string d = _dobDigits.ToStdString(wxConvUTF8);
    const std::string iso = d.substr(4, 4) + "-" + d.substr(2, 2) + "-" + d.substr(0, 2);
    try {
        _shell.session().openFromList(_dobPatient, iso);
    } catch (const std::exception& e) {
        _dobError->SetLabel(_shell.say(e));
        _dobError->Wrap(narrow(this) ? lineWidth(this) : lineWidth(this, 580));
        _dobDigits.clear();
        Layout();
        return;
    }
    _shell.show(Page::Patient);
}

void WardPanel::onScan(const std::string& bytes)
{
    openScannedPatient(bytes); // a wristband opens that patient
}

} // namespace portside::app
