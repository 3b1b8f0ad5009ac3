#include "LabelsPanel.h"

#include "Widgets.h"

#include "portside/core/TimeText.h"

#include <wx/button.h>
#include <wx/listctrl.h>
#include <wx/sizer.h>
#include <wx/stattext.h>

#include <algorithm>
#include <map>

namespace portside::app {

LabelsPanel::LabelsPanel(wxWindow* parent, Shell& shell, core::PrintQueue& queue)
    : ShellPage(parent, shell, "labels"), _queue(queue)
{
    auto* sizer = new wxBoxSizer(wxVERTICAL);
    _jobs = table(this, "label-jobs",
                  {{_("Printed for"), 300}, {_("When"), 220}, {_("Copy"), 120}, {_("State"), 140}, {_("Reason"), 400}});
    auto* buttons = new wxBoxSizer(wxHORIZONTAL);
    auto* back = bigButton(this, _("Back"), "labels-back", 1.5);
    back->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { _shell.back(); });
    auto* reprint = bigButton(this, _("Reprint selected label"), "reprint", 1.5);
    reprint->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) {
        const long row = _jobs->GetNextItem(-1, wxLIST_NEXT_ALL, wxLIST_STATE_SELECTED);
        if (row < 0 || static_cast<std::size_t>(row) >= _jobIds.size())
            return;
        try {
            _queue.reprint(_jobIds[static_cast<std::size_t>(row)]);
        } catch (const std::exception& e) {
            _shell.notice(_shell.say(e));
        }
        CallAfter([this] { enter(); });
    });
    buttons->Add(back, 0, wxRIGHT, 16);
    buttons->AddStretchSpacer();
    buttons->Add(reprint);
    sizer->Add(text(this, _("Labels"), 2.4, true), 0, wxALL, 24);
    sizer->Add(_jobs, 1, wxLEFT | wxRIGHT | wxEXPAND, 24);
    sizer->Add(buttons, 0, wxALL | wxEXPAND, 24);
    SetSizer(sizer);
}

void LabelsPanel::enter()
{
    _jobs->DeleteAllItems();
    _jobIds.clear();
    auto jobs = _queue.jobs();
    // A label printed again for the same checklist is a reprint, and the log says so: the first copy may still be
    // on a dressing somewhere.
    std::map<std::string, int> copies;
    std::vector<bool> reprint;
    for (const auto& job : jobs)
        reprint.push_back(!job.runId.empty() && copies[job.runId]++ > 0);
    std::reverse(jobs.begin(), jobs.end()); // newest first
    std::reverse(reprint.begin(), reprint.end());
    const auto rows = _shell.session().ward();
    for (std::size_t i = 0; i < jobs.size(); ++i) {
        const auto& job = jobs[i];
        const long row = _jobs->GetItemCount();
        wxString who = job.patient.empty() ? wxString(_("Test label")) : wxString::FromUTF8(job.patient);
        for (const auto& r : rows)
            if (r.record.id == job.patient)
                who = wxString::Format(_("Bed %s   %s"), wxString::FromUTF8(r.record.bed),
                                       wxString::FromUTF8(r.record.displayName));
        _jobs->InsertItem(row, who);
        _jobs->SetItem(row, 1, when(job.created));
        _jobs->SetItem(row, 2, reprint[i] ? _("REPRINT") : _("first"));
        // A label sent but never confirmed (or caught mid-send) may be on the printer: it is not waiting to go again.
        const wxString state = job.state == "printed"                      ? _("printed")
                               : job.state == "failed" && job.attempts < 0 ? _("check the printer")
                               : job.state == "failed"                     ? _("waiting")
                               : job.state == "sending"                    ? _("sending")
                               : job.state == "cancelled"                  ? _("cancelled")
                                                                           : _("queued");
        _jobs->SetItem(row, 3, state);
        // The store keeps the English sentence as the record's; what the kiosk itself decided is said in the
        // nurse's language (a printer's own refusals still come from its driver as they are).
        const wxString reason =
            job.state == "cancelled"                        ? _("Not printed: the label was found at the printer.")
            : job.state == "printed" && !job.reason.empty() ? _("Found at the printer by a nurse; the printer had not "
                                                                "confirmed it.")
            : job.state == "failed" && job.attempts < 0     ? _("The printer did not confirm this label: it may have "
                                                                    "printed. Look at the printer before printing it again.")
                                                            : wxString::FromUTF8(job.reason);
        _jobs->SetItem(row, 4, reason);
        _jobIds.push_back(job.id);
    }
}

void LabelsPanel::onPrintJob(const core::PrintJob&)
{
    enter();
}

} // namespace portside::app
