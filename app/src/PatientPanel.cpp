#include "PatientPanel.h"

#include "PatientBanner.h"
#include "Translations.h"
#include "WardPanel.h"
#include "Widgets.h"

#include "portside/core/TimeText.h"

#include <wx/button.h>
#include <wx/sizer.h>
#include <wx/stattext.h>
#include <wx/wrapsizer.h>

namespace portside::app {

namespace {
constexpr int kChecklistWidth = 300;

/// The label on one line when it fits `width`, else broken at the space nearest its middle.
wxString twoLines(wxWindow* w, const wxString& label, int width)
{
    if (w->GetTextExtent(label).GetWidth() <= width)
        return label;
    std::size_t best = wxString::npos;
    for (std::size_t i = 0; i < label.length(); ++i)
        if (label[i] == ' ' &&
            (best == wxString::npos || std::abs(static_cast<int>(i) - static_cast<int>(label.length() / 2)) <
                                           std::abs(static_cast<int>(best) - static_cast<int>(label.length() / 2))))
            best = i;
    if (best == wxString::npos)
        return label;
    wxString out = label;
    out[best] = '\n';
    return out;
}
} // namespace

namespace {
wxString number(double value)
{
    return screenNumber(core::formatNumber(value));
}
} // namespace

PatientPanel::PatientPanel(wxWindow* parent, Shell& shell) : ShellPage(parent, shell, "patient")
{
    auto* sizer = new wxBoxSizer(wxVERTICAL);
    auto* header = new wxBoxSizer(wxHORIZONTAL);
    _title = text(this, "", 2.4, true, "patient-title");
    header->Add(_title, 1, wxALIGN_CENTER_VERTICAL);
    auto* back = bigButton(this, _("All patients"), "all-patients", 1.2);
    back->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) {
        try {
            _shell.session().closePatient();
        } catch (const std::exception& e) {
            _shell.notice(_shell.say(e));
            return;
        }
        _shell.show(Page::Ward);
    });
    header->Add(back);
    sizer->Add(header, 0, wxLEFT | wxRIGHT | wxTOP | wxEXPAND, 24);
    _banner = new PatientBanner(this);
    sizer->Add(_banner, 0, wxLEFT | wxRIGHT | wxTOP | wxEXPAND, 24);
    _details = text(this, "", 1.3, false, "patient-details");
    sizer->Add(_details, 0, wxLEFT | wxRIGHT | wxTOP, 24);
    _dues = new wxPanel(this, wxID_ANY);
    _dues->SetSizer(new wxBoxSizer(wxVERTICAL));
    sizer->Add(_dues, 0, wxALL | wxEXPAND, 24);
    sizer->AddStretchSpacer();
    _reasons = new ReasonPicker(this);
    _reasons->Hide();
    sizer->Add(_reasons, 0, wxLEFT | wxRIGHT | wxEXPAND, 24);
    _checklists = new wxPanel(this, wxID_ANY);
    _checklists->SetSizer(new wxWrapSizer(wxHORIZONTAL));
    sizer->Add(_checklists, 0, wxALL | wxEXPAND, 24);
    SetSizer(sizer);
}

void PatientPanel::refresh(bool runChanged)
{
    // A question being answered (what the nurse found at the port, a takeover) stays; the banner and the lock order
    // above it show what is new. The answer still goes to the session, which checks it against the record as it is
    // now.
    if (!_reasons->IsShown())
        return enter();
    (void)runChanged;
    showPatient();
    Layout();
}

void PatientPanel::showPatient()
{
    const auto& p = _shell.session().patient();
    _banner->show(p);
    _title->SetLabel(
        wxString::Format(_("%s, bed %s"), wxString::FromUTF8(p.record.displayName), wxString::FromUTF8(p.record.bed)));
    wxString details = wxString::Format(_("Born %s   %s"), wxString::FromUTF8(p.record.birthDate),
                                        wxString::FromUTF8(p.record.portType));
    if (p.record.powerInjectable)
        details += "   " + _("power-injectable");
    if (p.heparinAllergyAtBedside || p.chlorhexidineAllergyAtBedside)
        details += "   " + _("(allergy answered at the bedside)");
    details += "\n" + (p.lock.solution == "heparin"
                           ? wxString::Format(_("Lock: heparin %s units/mL, %s mL"), number(p.lock.unitsPerMl),
                                              number(p.lock.volumeMl))
                           : wxString::Format(_("Lock: saline only, %s mL"), number(p.lock.volumeMl)));
    if (!p.lockProblem.empty())
        details += "\n" + wxString::Format(_("LOCK ORDER REFUSED: %s"), _shell.say(p.lockProblem));
    details += "\n" + (p.port.accessed ? wxString::Format(_("Accessed since %s"), when(*p.port.needleSince))
                                       : wxString(_("Not accessed")));
    if (p.port.notReadyForUse)
        details += "   " + _("NOT READY FOR USE: no blood return at the last check");
    _details->SetLabel(details);
    _details->Wrap(lineWidth(this));
}

void PatientPanel::enter()
{
    auto& session = _shell.session();
    const auto& p = session.patient();
    _reasons->Hide();
    _checklists->Show();
    showPatient();

    _dues->DestroyChildren();
    auto* list = _dues->GetSizer();
    list->Clear();
    if (p.port.dues.empty())
        list->Add(text(_dues, _("Nothing due yet."), 1.5, false, "due:none"));
    for (const auto& due : p.port.dues) {
        const wxString line = due.overdue
                                  ? wxString::Format(_("OVERDUE  %s  since %s"), dueLabel(due.what), when(due.at))
                                  : wxString::Format(_("%s  due %s"), dueLabel(due.what), when(due.at));
        auto* t = text(_dues, line, 1.7, due.overdue, "due:" + wxString::FromUTF8(due.what));
        if (due.overdue)
            t->SetForegroundColour(wxColour(176, 0, 32));
        list->Add(t, 0, wxBOTTOM, 6);
    }

    _checklists->DestroyChildren();
    auto* buttons = _checklists->GetSizer();
    buttons->Clear();
    const auto offers = session.checklists();
    if (offers.empty())
        buttons->Add(text(_checklists,
                          _("No checklists are installed. Ask a supervisor to install the port-care checklists."), 1.6,
                          true));
    for (const auto& offer : offers) {
        addCatalog(offer.textDomain);
        auto* column = new wxBoxSizer(wxVERTICAL);
        wxString label = translate(offer.title, offer.textDomain);
        if (offer.interrupted)
            label = wxString::Format(_("%s (continue)"), label);
        else if (!offer.openBy.empty())
            label = wxString::Format(_("%s (open: %s)"), label, wxString::FromUTF8(offer.openBy));
        // Three to a row on a 1024 px screen; a long title takes two lines rather than being cut.
        auto* b = new wxButton(_checklists, wxID_ANY, label, wxDefaultPosition, wxDefaultSize, 0, wxDefaultValidator,
                               "checklist:" + wxString::FromUTF8(offer.id));
        b->SetFont(scaledFont(this, 1.5, true));
        b->SetLabel(twoLines(b, label, kChecklistWidth - 24));
        b->SetMinSize(wxSize(kChecklistWidth, std::max(kTouch, b->GetBestSize().GetHeight())));
        b->Enable(offer.offered || offer.portDiffers || !offer.openBy.empty());
        if (!offer.offered)
            b->SetForegroundColour(wxColour(110, 110, 110));
        b->Bind(wxEVT_BUTTON, [this, offer](wxCommandEvent&) { start(offer); });
        column->Add(b);
        if (!offer.offered) {
            auto* why = text(_checklists, _shell.say(offer.why), 1.0, false, "why:" + wxString::FromUTF8(offer.id));
            why->Wrap(kChecklistWidth);
            column->Add(why, 0, wxTOP, 4);
        }
        buttons->Add(column, 0, wxRIGHT | wxBOTTOM, 16);
    }
    Layout();
}

void PatientPanel::start(const core::ChecklistOffer& offer)
{
    auto begin = [this, id = offer.id](const std::string& reason, bool takeOver) {
        try {
            _shell.session().start(id, reason, takeOver);
        } catch (const std::exception& e) {
            _shell.notice(_shell.say(e));
            enter();
            return;
        }
        _shell.show(Page::Checklist);
    };
    if (offer.offered) {
        begin({}, false);
        return;
    }
    auto back = [this] {
        _reasons->Hide();
        _checklists->Show();
        Layout();
    };
    _checklists->Hide();
    if (!offer.openBy.empty()) {
        // Another nurse's run of it is open: taking it over is recorded, and her steps stay hers.
        _reasons->ask(
            _shell.say(offer.why), {_("Take it over")},
            [this, begin](const wxString&) { CallAfter([begin] { begin({}, true); }); }, back);
    } else {
        // The record says otherwise: the nurse says what she found, and it is recorded with the run.
        _reasons->ask(
            _shell.say(offer.why) + "\n" + _("What did you find?"),
            {_("A needle is in place"), _("No needle is in place"), _("Accessed or de-accessed elsewhere")},
            [this, begin](const wxString& reason) {
                CallAfter([begin, chosen = reason.ToStdString(wxConvUTF8)] { begin(chosen, false); });
            },
            back);
    }
    _reasons->Show();
    Layout();
}

void PatientPanel::onScan(const std::string& bytes)
{
    openScannedPatient(bytes); // a wristband opens that patient
}

} // namespace portside::app
