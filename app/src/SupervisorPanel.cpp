#include "SupervisorPanel.h"

#include "Widgets.h"

#include "portside/core/TimeText.h"

#include <wx/button.h>
#include <wx/listctrl.h>
#include <wx/simplebook.h>
#include <wx/sizer.h>
#include <wx/stattext.h>
#include <wx/wrapsizer.h>

namespace portside::app {

namespace {
enum Section { Review = 0, Sync, Plugins, Devices, Badges, Settings, kSections };
const char* const kSectionNames[] = {"review", "sync", "plugins", "devices", "badges", "settings"};
} // namespace

SupervisorPanel::SupervisorPanel(wxWindow* parent, Shell& shell, const core::PluginManager& plugins,
                                 core::EventStore& store, const core::SiteSettings& settings, sdk::SyncPlugin* sync,
                                 std::function<DeviceReport()> devices)
    : ShellPage(parent, shell, "supervisor"), _store(store), _settings(settings), _sync(sync),
      _devices(std::move(devices))
{
    auto* sizer = new wxBoxSizer(wxVERTICAL);
    auto* tabs = new wxWrapSizer(wxHORIZONTAL);
    const wxString titles[] = {_("To follow up"), _("Sync"), _("Plugins"), _("Devices"), _("Badges"), _("Settings")};
    for (int i = 0; i < kSections; ++i) {
        auto* b = bigButton(this, titles[i], wxString("section:") + kSectionNames[i], 1.3);
        b->Bind(wxEVT_BUTTON, [this, i](wxCommandEvent&) { showSection(i); });
        tabs->Add(b, 0, wxRIGHT | wxBOTTOM, 8);
    }
    sizer->Add(tabs, 0, wxLEFT | wxRIGHT | wxTOP | wxEXPAND, 16);

    _sections = new wxSimplebook(this, wxID_ANY);
    // what to follow up
    auto* review = new wxPanel(_sections);
    auto* reviewSizer = new wxBoxSizer(wxVERTICAL);
    _review = table(review, "review",
                    {{_("When"), 200}, {_("What"), 200}, {_("Patient"), 200}, {_("Staff"), 100}, {_("Detail"), 700}});
    reviewSizer->Add(_review, 1, wxEXPAND);
    review->SetSizer(reviewSizer);
    _sections->AddPage(review, "review");
    // sync
    auto* syncPage = new wxPanel(_sections);
    auto* syncSizer = new wxBoxSizer(wxVERTICAL);
    _syncLine = text(syncPage, wxString(), 1.2, false, "sync-state");
    _dead =
        table(syncPage, "dead-letters", {{_("Record refused by the server"), 300}, {_("When"), 200}, {_("Why"), 600}});
    syncSizer->Add(_syncLine, 0, wxBOTTOM, 12);
    syncSizer->Add(_dead, 1, wxEXPAND);
    syncPage->SetSizer(syncSizer);
    _sections->AddPage(syncPage, "sync");
    // plugins
    auto* pluginPage = new wxPanel(_sections);
    auto* pluginSizer = new wxBoxSizer(wxVERTICAL);
    auto* list = table(pluginPage, "plugin-list",
                       {{_("Plugin"), 220}, {_("Version"), 100}, {_("Kind"), 120}, {_("Status"), 600}});
    for (const auto& p : plugins.plugins()) {
        const long row = list->GetItemCount();
        list->InsertItem(row, wxString::FromUTF8(p.id.empty() ? p.file : p.id));
        list->SetItem(row, 1, wxString::FromUTF8(p.version));
        list->SetItem(row, 2, p.id.empty() ? wxString() : wxString(sdk::toString(p.kind)));
        list->SetItem(row, 3,
                      p.status == core::PluginInfo::Status::Failed ? wxString::FromUTF8(p.error)
                                                                   : wxString(_("Running")));
    }
    pluginSizer->Add(list, 1, wxEXPAND);
    pluginPage->SetSizer(pluginSizer);
    _sections->AddPage(pluginPage, "plugins");
    // devices
    auto* devicePage = new wxPanel(_sections);
    auto* deviceSizer = new wxBoxSizer(wxVERTICAL);
    _printer = text(devicePage, "", 1.3, true, "device-printer");
    _scanner = text(devicePage, "", 1.3, true, "device-scanner");
    auto* deviceButtons = new wxWrapSizer(wxHORIZONTAL);
    auto* testPrint = bigButton(devicePage, _("Print a test label"), "test-print", 1.3);
    auto* scannerTest = bigButton(devicePage, _("Test the scanner"), "scanner-test", 1.3);
    deviceButtons->Add(testPrint, 0, wxRIGHT | wxBOTTOM, 12);
    deviceButtons->Add(scannerTest, 0, wxRIGHT | wxBOTTOM, 12);
    _scanResult = text(devicePage, "", 1.3, false, "scanner-test-result");
    deviceSizer->Add(_printer, 0, wxBOTTOM, 8);
    deviceSizer->Add(_scanner, 0, wxBOTTOM, 16);
    deviceSizer->Add(deviceButtons, 0, wxEXPAND);
    deviceSizer->Add(_scanResult, 0, wxTOP | wxEXPAND, 8);
    devicePage->SetSizer(deviceSizer);
    _sections->AddPage(devicePage, "devices");
    testPrint->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) {
        try {
            _shell.session().printTestLabel();
            _scanResult->SetLabel(_("A test label was sent to the printer. See its state on the Labels page."));
        } catch (const std::exception& e) {
            _scanResult->SetLabel(_shell.say(e));
        }
        fillDevices();
    });
    scannerTest->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) {
        _scannerTest = true;
        _scanResult->SetLabel(_("Scan any barcode now: what it reads is shown here. Nothing is recorded."));
        fillDevices();
    });
    // badges locked by wrong PINs
    auto* badgePage = new wxPanel(_sections);
    auto* badgeSizer = new wxBoxSizer(wxVERTICAL);
    _locked = table(badgePage, "locked-badges", {{_("Badge"), 260}, {_("Name"), 300}, {_("Locked until"), 300}});
    auto* unlock = bigButton(badgePage, _("Unlock the selected badge"), "unlock-badge", 1.3);
    unlock->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) {
        const long row = _locked->GetNextItem(-1, wxLIST_NEXT_ALL, wxLIST_STATE_SELECTED);
        if (row < 0)
            return;
        try {
            _shell.session().unlockBadge(_locked->GetItemText(row).ToStdString(wxConvUTF8));
        } catch (const std::exception& e) {
            _shell.notice(_shell.say(e));
        }
        fillBadges();
    });
    badgeSizer->Add(_locked, 1, wxEXPAND | wxBOTTOM, 12);
    badgeSizer->Add(unlock);
    badgePage->SetSizer(badgeSizer);
    _sections->AddPage(badgePage, "badges");
    // site settings
    auto* settingsPage = new wxPanel(_sections);
    auto* settingsSizer = new wxBoxSizer(wxVERTICAL);
    _settingsList = table(settingsPage, "settings-list", {{_("Setting"), 360}, {_("Value"), 600}});
    settingsSizer->Add(_settingsList, 1, wxEXPAND);
    settingsPage->SetSizer(settingsSizer);
    _sections->AddPage(settingsPage, "settings");
    sizer->Add(_sections, 1, wxLEFT | wxRIGHT | wxEXPAND, 16);

    auto* buttons = new wxBoxSizer(wxHORIZONTAL);
    auto* back = bigButton(this, _("Back"), "back", 1.3);
    back->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { _shell.back(); });
    auto* leave = bigButton(this, _("Leave kiosk"), "leave-kiosk", 1.3);
    leave->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) {
        try {
            _shell.leave();
        } catch (const std::exception& e) {
            _shell.notice(_shell.say(e));
        }
    });
    buttons->Add(back);
    buttons->AddStretchSpacer();
    buttons->Add(leave);
    sizer->Add(buttons, 0, wxALL | wxEXPAND, 16);
    SetSizer(sizer);
}

void SupervisorPanel::showSection(int section)
{
    _scannerTest = false;
    _sections->ChangeSelection(static_cast<std::size_t>(section));
    if (section == Devices) {
        _scanResult->SetLabel("");
        fillDevices();
    }
    if (section == Badges)
        fillBadges();
    Layout();
}

void SupervisorPanel::fillBadges()
{
    _locked->DeleteAllItems();
    for (const auto& b : _shell.session().lockedBadges()) {
        const long row = _locked->GetItemCount();
        _locked->InsertItem(row, wxString::FromUTF8(b.badge));
        _locked->SetItem(row, 1, wxString::FromUTF8(b.name));
        _locked->SetItem(row, 2, when(b.until));
    }
}

void SupervisorPanel::fillDevices()
{
    const auto report = _devices();
    _printer->SetLabel(report.printer);
    _scanner->SetLabel(report.scanner.empty() ? wxString(_("No scanner has reported yet.")) : report.scanner);
    for (auto* t : {_printer, _scanner, _scanResult})
        t->Wrap(std::max(400, GetClientSize().GetWidth() - 64));
    Layout();
}

void SupervisorPanel::onScan(const std::string& bytes)
{
    if (!_scannerTest || _sections->GetSelection() != Devices) {
        ShellPage::onScan(bytes);
        return;
    }
    try {
        _scanResult->SetLabel(_shell.say(_shell.session().describeScan(bytes)));
    } catch (const std::exception& e) {
        _scanResult->SetLabel(_shell.say(e));
    }
    fillDevices();
}

void SupervisorPanel::refresh(bool)
{
    const bool scannerTest = _scannerTest; // a scanner test under way goes on
    enter();
    _scannerTest = scannerTest;
}

void SupervisorPanel::enter()
{
    _shell.session().requireSupervisor(); // the frame shows this page to supervisors only; the session says so too
    _scannerTest = false;
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
    _syncLine->Wrap(std::max(400, GetClientSize().GetWidth() - 64));
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
    _settingsList->DeleteAllItems();
    for (const auto& [key, value] : _settings.all()) {
        const long row = _settingsList->GetItemCount();
        _settingsList->InsertItem(row, wxString::FromUTF8(key));
        const bool secret = key.find("password") != std::string::npos || key.find("secret") != std::string::npos ||
                            key.find("token") != std::string::npos;
        _settingsList->SetItem(row, 1, secret ? wxString("********") : wxString::FromUTF8(value));
    }
    fillDevices();
    fillBadges();
    Layout();
}

} // namespace portside::app
