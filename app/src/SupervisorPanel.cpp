#include "SupervisorPanel.h"

#include "Widgets.h"

#include "portside/core/TimeText.h"

#include <wx/button.h>
#include <wx/listctrl.h>
#include <wx/sizer.h>
#include <wx/stattext.h>

namespace portside::app {

SupervisorPanel::SupervisorPanel(wxWindow* parent, Shell& shell, const core::PluginManager& plugins,
                                 core::EventStore& store, sdk::SyncPlugin* sync)
    : ShellPage(parent, shell, "supervisor"), _store(store), _sync(sync)
{
    auto* sizer = new wxBoxSizer(wxVERTICAL);
    auto* list =
        table(this, "plugin-list", {{_("Plugin"), 240}, {_("Version"), 120}, {_("Kind"), 140}, {_("Status"), 900}});
    for (const auto& p : plugins.plugins()) {
        const long row = list->GetItemCount();
        list->InsertItem(row, wxString::FromUTF8(p.id.empty() ? p.file : p.id));
        list->SetItem(row, 1, wxString::FromUTF8(p.version));
        list->SetItem(row, 2, p.id.empty() ? wxString() : wxString(sdk::toString(p.kind)));
        list->SetItem(row, 3,
                      p.status == core::PluginInfo::Status::Failed ? wxString::FromUTF8(p.error)
                                                                   : wxString(_("Running")));
    }
    auto* back = bigButton(this, _("Back"), "back", 1.5);
    back->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { _shell.show(Page::Ward); });
    sizer->Add(text(this, _("Installed plugins"), 2.0, true), 0, wxLEFT | wxRIGHT | wxTOP, 24);
    sizer->Add(list, 1, wxLEFT | wxRIGHT | wxEXPAND, 24);
    _syncLine = text(this, wxString(), 1.2, false, "sync-state");
    sizer->Add(_syncLine, 0, wxLEFT | wxRIGHT | wxTOP, 24);
    _dead = table(this, "dead-letters", {{_("Record refused by the server"), 420}, {_("When"), 260}, {_("Why"), 700}});
    sizer->Add(_dead, 1, wxLEFT | wxRIGHT | wxEXPAND, 24);
    sizer->Add(text(this, _("To follow up"), 2.0, true), 0, wxLEFT | wxRIGHT | wxTOP, 24);
    _review = table(this, "review",
                    {{_("When"), 240}, {_("What"), 260}, {_("Patient"), 220}, {_("Staff"), 100}, {_("Detail"), 900}});
    sizer->Add(_review, 1, wxLEFT | wxRIGHT | wxEXPAND, 24);
    sizer->Add(back, 0, wxALL, 24);
    SetSizer(sizer);
}

void SupervisorPanel::enter()
{
    _shell.session().requireSupervisor(); // the frame shows this page to supervisors only; the session says so too
    _dead->DeleteAllItems();
    for (const auto& [event, reason] : _store.deadLetters()) {
        const long row = _dead->GetItemCount();
        _dead->InsertItem(row, wxString::Format(_("Event %lld (%s)"), static_cast<long long>(event.seq),
                                                wxString::FromUTF8(event.type)));
        _dead->SetItem(row, 1, when(event.deviceTime));
        _dead->SetItem(row, 2, wxString::FromUTF8(reason));
    }
    wxString line;
    if (_store.meta("server_url").empty()) {
        line = _("Sync: this kiosk is not enrolled with a server.");
    } else {
        const auto st = _sync ? _sync->state() : sdk::SyncState{};
        line = wxString::Format(
            _("Sync with %s: %lld waiting, %zu refused."), wxString::FromUTF8(_store.meta("server_url")),
            static_cast<long long>(_store.pendingCount()), static_cast<std::size_t>(_dead->GetItemCount()));
        if (!st.message.empty())
            line += " " + wxString::FromUTF8(st.message);
    }
    _syncLine->SetLabel(line);
    _review->DeleteAllItems();
    auto& session = _shell.session();
    for (const auto& item : session.review()) {
        const long row = _review->GetItemCount();
        _review->InsertItem(row, when(item.time));
        _review->SetItem(row, 1, _shell.say(item.what));
        const std::string name = session.patientName(item.patient);
        _review->SetItem(row, 2, wxString::FromUTF8(name.empty() ? item.patient : name));
        _review->SetItem(row, 3, wxString::FromUTF8(item.staff));
        _review->SetItem(row, 4, _shell.say(item.detail));
    }
    Layout();
}

} // namespace portside::app
