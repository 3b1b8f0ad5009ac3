#include "SummaryPanel.h"

#include "PatientBanner.h"
#include "Translations.h"
#include "Widgets.h"

#include "portside/core/TimeText.h"

#include <wx/button.h>
#include <wx/listctrl.h>
#include <wx/sizer.h>
#include <wx/statbmp.h>
#include <wx/stattext.h>

namespace portside::app {

SummaryPanel::SummaryPanel(wxWindow* parent, Shell& shell) : ShellPage(parent, shell, "summary")
{
    auto* sizer = new wxBoxSizer(wxVERTICAL);
    _banner = new PatientBanner(this);
    _title = text(this, "", 2.4, true, "summary-title");
    _list = table(this, "summary-list", {{_("Step"), 420}, {_("Recorded"), 560}, {_("Time"), 260}});
    auto* done = bigButton(this, _("Done"), "done");
    done->SetMinSize(wxSize(300, 88));
    done->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { _shell.show(Page::Patient); });
    _preview = new wxStaticBitmap(this, wxID_ANY, wxBitmap(1, 1), wxDefaultPosition, wxDefaultSize, wxBORDER_SIMPLE,
                                  "label-preview");
    _print = bigButton(this, _("Print label"), "print-label");
    _print->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) {
        try {
            _shell.session().printLabel();
        } catch (const std::exception& e) {
            _status->SetLabel(_shell.say(e));
        }
        showLabelState();
    });
    _status = text(this, "", 1.3, true, "print-status");
    auto* bottom = new wxBoxSizer(wxHORIZONTAL);
    auto* labelColumn = new wxBoxSizer(wxVERTICAL);
    labelColumn->Add(_preview, 0, wxBOTTOM, 8);
    labelColumn->Add(_status, 0);
    bottom->Add(labelColumn, 1, wxEXPAND);
    bottom->Add(_print, 0, wxALIGN_BOTTOM | wxRIGHT, 16);
    bottom->Add(done, 0, wxALIGN_BOTTOM);
    sizer->Add(_banner, 0, wxLEFT | wxRIGHT | wxTOP | wxEXPAND, 16);
    sizer->Add(_title, 0, wxALL, 24);
    sizer->Add(_list, 1, wxLEFT | wxRIGHT | wxEXPAND, 24);
    sizer->Add(bottom, 0, wxALL | wxEXPAND, 24);
    SetSizer(sizer);
}

void SummaryPanel::enter()
{
    auto& session = _shell.session();
    _banner->show(session.patient());
    const auto& def = session.definition();
    addCatalog(def.textDomain);
    wxString title = wxString::Format(_("%s complete"), translate(def.title, def.textDomain));
    if (session.outcome() == "not-ready-for-use")
        title += " - " + _("port NOT READY FOR USE");
    _title->SetLabel(title);
    _list->DeleteAllItems();
    for (const auto& row : session.summary()) {
        const long n = _list->GetItemCount();
        _list->InsertItem(n, _shell.say(row.step));
        _list->SetItem(n, 1, _shell.say(row.answer));
        _list->SetItem(n, 2, when(row.time));
    }
    const auto label = session.labelState();
    const bool wanted = label.wanted && session.outcome().empty();
    _preview->Show(wanted);
    _print->Show(wanted);
    _status->SetLabel("");
    if (wanted) {
        try {
            _preview->SetBitmap(rasterBitmap(session.labelPreview(), 0.5));
        } catch (const std::exception& e) {
            _preview->Hide();
            _print->Hide();
            _status->SetLabel(_shell.say(e));
        }
        showLabelState();
    }
    Layout();
}

void SummaryPanel::showLabelState()
{
    const auto st = _shell.session().labelState();
    if (st.printed)
        _status->SetLabel(_("Label printed."));
    else if (st.unconfirmed) // it may have printed: never "it waits and prints"
        _status->SetLabel(_shell.say(st.reason));
    else if (st.state == "failed")
        _status->SetLabel(_shell.say(st.reason) + " " + _("The label waits and prints when the printer is ready."));
    else if (!st.job.empty())
        _status->SetLabel(_("Sending the label to the printer..."));
    _print->SetLabel(st.job.empty() ? _("Print label") : _("Print again"));
    _status->Wrap(narrow(this) ? lineWidth(this) : std::min(700, lineWidth(this, 500)));
    Layout();
}

void SummaryPanel::onPrintJob(const core::PrintJob&)
{
    if (_shell.session().hasRun() && _print->IsShown())
        showLabelState();
}

} // namespace portside::app
