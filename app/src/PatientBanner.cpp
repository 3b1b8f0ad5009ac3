#include "PatientBanner.h"

#include "Widgets.h"

#include <wx/sizer.h>
#include <wx/stattext.h>

namespace portside::app {

PatientBanner::PatientBanner(wxWindow* parent)
    : wxPanel(parent, wxID_ANY, wxDefaultPosition, wxDefaultSize, 0, "patient-banner")
{
    SetBackgroundColour(wxColour(230, 238, 247));
    auto* sizer = new wxBoxSizer(wxHORIZONTAL);
    _name = text(this, "", 1.5, true, "banner-name");
    _flags = text(this, "", 1.4, true, "banner-flags");
    _flags->SetForegroundColour(wxColour(176, 0, 32));
    sizer->Add(_name, 0, wxALL | wxALIGN_CENTER_VERTICAL, 10);
    sizer->Add(_flags, 1, wxALL | wxALIGN_CENTER_VERTICAL, 10);
    SetSizer(sizer);
}

void PatientBanner::show(const core::PatientView& p)
{
    _name->SetLabel(wxString::Format(_("%s   bed %s   born %s"), wxString::FromUTF8(p.record.displayName),
                                     wxString::FromUTF8(p.record.bed), wxString::FromUTF8(p.record.birthDate)));
    wxString flags;
    auto add = [&](const wxString& flag) { flags += (flags.empty() ? "" : "   ") + flag; };
    if (p.heparinAllergyOrHit)
        add(_("HEPARIN ALLERGY / HIT"));
    if (p.chlorhexidineAllergy)
        add(_("CHLORHEXIDINE ALLERGY"));
    if (p.port.notReadyForUse)
        add(_("PORT NOT READY FOR USE"));
    _flags->SetLabel(flags);
    Layout();
}

} // namespace portside::app
