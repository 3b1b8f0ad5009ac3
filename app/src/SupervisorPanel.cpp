#include "SupervisorPanel.h"

#include "Widgets.h"

#include "portside/core/SyncClient.h"
#include "portside/core/TimeText.h"

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Path.h>
#include <Poco/StringTokenizer.h>

#include <wx/button.h>
#include <wx/gauge.h>
#include <wx/listctrl.h>
#include <wx/simplebook.h>
#include <wx/sizer.h>
#include <wx/stattext.h>
#include <wx/timer.h>
#include <wx/wrapsizer.h>

#include <fstream>
#include <optional>
#include <set>

namespace portside::app {

namespace {
enum Section { Review = 0, Sync, Plugins, Devices, Badges, Settings, kSections };
const char* const kSectionNames[] = {"review", "sync", "plugins", "devices", "badges", "settings"};
} // namespace

SupervisorPanel::SupervisorPanel(wxWindow* parent, Shell& shell, core::PluginManager& plugins, core::EventStore& store,
                                 const core::SiteSettings& settings, sdk::SyncPlugin* sync,
                                 std::function<DeviceReport()> devices, PluginPlaces places)
    : ShellPage(parent, shell, "supervisor"), _store(store), _settings(settings), _sync(sync),
      _devices(std::move(devices)), _plugins(plugins), _places(std::move(places))
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
    // plugins: what runs and what is installed; installs from a USB stick or the server
    auto* pluginPage = new wxPanel(_sections);
    auto* pluginSizer = new wxBoxSizer(wxVERTICAL);
    _pluginList =
        table(pluginPage, "plugin-list",
              {{_("Plugin"), 220}, {_("Version"), 100}, {_("Kind"), 110}, {_("State"), 480}, {_("Signed by"), 260}});
    auto* pluginButtons = new wxWrapSizer(wxHORIZONTAL);
    const std::pair<wxString, const char*> actions[] = {{_("Install from a USB stick"), "plugin-from-folder"},
                                                        {_("Install from the server"), "plugin-from-server"},
                                                        {_("Enable"), "plugin-enable"},
                                                        {_("Disable"), "plugin-disable"},
                                                        {_("Roll back"), "plugin-rollback"},
                                                        {_("Remove"), "plugin-remove"}};
    for (const auto& [label, name] : actions) {
        auto* b = bigButton(pluginPage, label, name, 1.1);
        const std::string what = name;
        b->Bind(wxEVT_BUTTON, [this, what](wxCommandEvent&) {
            if (what == "plugin-from-folder" || what == "plugin-from-server")
                showCandidates(what == "plugin-from-server");
            else
                pluginAction(what);
        });
        pluginButtons->Add(b, 0, wxRIGHT | wxBOTTOM, 8);
        _pluginButtons.push_back(b);
    }
    _candidates = table(pluginPage, "plugin-candidates", {{_("Package"), 520}, {_("From"), 300}});
    _candidates->SetMinSize(wxSize(-1, 140));
    _install = bigButton(pluginPage, _("Install the selected package"), "plugin-install", 1.1);
    _install->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { installSelected(); });
    _pluginButtons.push_back(_install);
    auto* progress = new wxBoxSizer(wxHORIZONTAL);
    _pluginGauge = new wxGauge(pluginPage, wxID_ANY, 100, wxDefaultPosition, wxSize(160, -1));
    _pluginGauge->SetName("plugin-busy");
    _pluginGauge->Hide();
    _pluginProgress = text(pluginPage, "", 1.1, false, "plugin-progress");
    progress->Add(_pluginGauge, 0, wxRIGHT | wxALIGN_CENTER_VERTICAL, 12);
    progress->Add(_pluginProgress, 1, wxALIGN_CENTER_VERTICAL);
    _pulse = new wxTimer(this);
    Bind(
        wxEVT_TIMER, [this](wxTimerEvent&) { _pluginGauge->Pulse(); }, _pulse->GetId());
    pluginSizer->Add(_pluginList, 1, wxEXPAND | wxBOTTOM, 8);
    pluginSizer->Add(pluginButtons, 0, wxEXPAND);
    pluginSizer->Add(_candidates, 0, wxEXPAND | wxBOTTOM, 8);
    pluginSizer->Add(_install, 0, wxBOTTOM, 8);
    pluginSizer->Add(progress, 0, wxEXPAND);
    _candidates->Hide();
    _install->Hide();
    if (_places.root.empty()) // this kiosk installs nothing (no place for installed plugins)
        for (auto* b : _pluginButtons)
            b->Hide();
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

SupervisorPanel::~SupervisorPanel()
{
    if (_worker.joinable())
        _worker.join(); // the probe has a time limit: this ends
    _pulse->Stop();
    delete _pulse;
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
    if (section == Plugins)
        fillPlugins();
    Layout();
}

core::PluginAdmin SupervisorPanel::pluginAdmin() const
{
    // The keys read afresh each time: a key the server distributed since, or one IT added, counts at once.
    core::PluginAdmin admin(_store, _places.root, core::trustedKeys(_settings, &_store), _places.probeProgram);
    std::set<std::string> bundled; // a package cannot take the id of a plugin that came with Portside
    for (const auto& p : _plugins.plugins())
        if (!p.id.empty() && p.file.rfind(_places.root + "/", 0) != 0)
            bundled.insert(p.id);
    admin.setReserved(bundled);
    return admin;
}

namespace {
/// What an installed plugin will do at the next start, in words.
wxString installedState(const core::PluginInstaller::Entry& e)
{
    if (e.removed && e.active.empty())
        return _("Removed.");
    if (e.removed)
        return _("Removed from the next start.");
    if (e.disabled)
        return _("Disabled from the next start.");
    if (!e.pending.empty() && e.pending != e.active)
        return wxString::Format(_("Version %s runs from the next start."), wxString::FromUTF8(e.pending));
    return {};
}
} // namespace

void SupervisorPanel::fillPlugins()
{
    _pluginList->DeleteAllItems();
    _pluginRows.clear();
    std::vector<core::PluginInstaller::Entry> installed;
    std::optional<core::PluginAdmin> admin;
    if (!_places.root.empty()) {
        admin.emplace(pluginAdmin());
        installed = admin->installed();
    }
    const auto off = _plugins.disabled();
    auto add = [&](const PluginRow& info, const wxString& name, const std::string& version, const wxString& kind,
                   const wxString& state, const std::string& signer) {
        const long row = _pluginList->GetItemCount();
        _pluginList->InsertItem(row, name);
        _pluginList->SetItem(row, 1, wxString::FromUTF8(version));
        _pluginList->SetItem(row, 2, kind);
        _pluginList->SetItem(row, 3, state);
        _pluginList->SetItem(row, 4,
                             wxString::FromUTF8(!info.installed || !admin ? signer : admin->signerName(signer)));
        _pluginRows.push_back(info);
    };
    for (const auto& p : _plugins.plugins()) {
        const auto entry = std::find_if(installed.begin(), installed.end(),
                                        [&](const core::PluginInstaller::Entry& e) { return e.id == p.id; });
        const bool isInstalled = entry != installed.end() && p.file.rfind(_places.root + "/", 0) == 0;
        wxString state =
            p.status == core::PluginInfo::Status::Failed ? wxString::FromUTF8(p.error) : wxString(_("Running"));
        if (isInstalled && !installedState(*entry).empty())
            state += " " + installedState(*entry);
        const bool guarded = std::find(off.begin(), off.end(), p.file) != off.end();
        add({p.id, p.file, isInstalled, guarded}, wxString::FromUTF8(p.id.empty() ? p.file : p.id), p.version,
            p.id.empty() ? wxString() : wxString(sdk::toString(p.kind)), state,
            isInstalled ? entry->signer : _("came with Portside").ToStdString(wxConvUTF8));
        if (isInstalled)
            installed.erase(entry);
    }
    for (const auto& e : installed) { // installed, not running now: new, disabled, removed, or refused at start
        wxString state = installedState(e);
        const std::string problem =
            e.active.empty() || e.removed || e.disabled ? std::string() : admin->installer().check(e.id, e.active);
        if (!problem.empty())
            state = wxString::FromUTF8(problem) + (state.empty() ? wxString() : " " + state);
        add({e.id, {}, true, false}, wxString::FromUTF8(e.id), e.pending.empty() ? e.active : e.pending, {},
            state.empty() ? wxString(_("Installed; not running.")) : state, e.signer);
    }
}

SupervisorPanel::PluginRow SupervisorPanel::selectedPlugin() const
{
    const long row = _pluginList->GetNextItem(-1, wxLIST_NEXT_ALL, wxLIST_STATE_SELECTED);
    return row < 0 || static_cast<std::size_t>(row) >= _pluginRows.size() ? PluginRow{}
                                                                          : _pluginRows[static_cast<std::size_t>(row)];
}

void SupervisorPanel::pluginBusy(bool busy, const wxString& message)
{
    for (auto* b : _pluginButtons)
        b->Enable(!busy);
    _pluginGauge->Show(busy);
    if (busy)
        _pulse->Start(100);
    else
        _pulse->Stop();
    _pluginProgress->SetLabel(message);
    _pluginProgress->Wrap(std::max(400, GetClientSize().GetWidth() - 260));
    _pluginList->GetParent()->Layout();
    Layout();
}

void SupervisorPanel::showCandidates(bool fromServer)
{
    _candidates->DeleteAllItems();
    _candidateSources.clear();
    if (fromServer) {
        for (const auto& key : _store.metaKeys("plugin-offer/")) {
            const std::string id = key.substr(std::string("plugin-offer/").size());
            std::string version;
            try {
                Poco::JSON::Parser parser;
                version = parser.parse(_store.meta(key))
                              .extract<Poco::JSON::Object::Ptr>()
                              ->optValue<std::string>("version", "");
            } catch (const Poco::Exception&) {
                continue;
            }
            const long row = _candidates->GetItemCount();
            _candidates->InsertItem(row, wxString::FromUTF8(id + " " + version));
            _candidates->SetItem(row, 1, wxString::FromUTF8(_store.meta("server_url")));
            _candidateSources.push_back("server:" + id);
        }
    } else {
        Poco::StringTokenizer folders(_settings.get("plugins.import_folders", "/media:/run/media:/mnt"), ":",
                                      Poco::StringTokenizer::TOK_IGNORE_EMPTY | Poco::StringTokenizer::TOK_TRIM);
        for (const auto& folder : folders)
            for (const auto& path : core::packagesIn(folder)) {
                const long row = _candidates->GetItemCount();
                _candidates->InsertItem(row, wxString::FromUTF8(Poco::Path(path).getFileName()));
                _candidates->SetItem(row, 1, wxString::FromUTF8(Poco::Path(path).parent().toString()));
                _candidateSources.push_back(path);
            }
    }
    const bool any = !_candidateSources.empty();
    _candidates->Show(any);
    _install->Show(any);
    if (any)
        _candidates->SetItemState(0, wxLIST_STATE_SELECTED, wxLIST_STATE_SELECTED);
    pluginBusy(false, !any ? (fromServer ? _("The server offers no plugins. Sync, or ask IT to offer one.")
                                         : _("No plugin package (.zip) was found on a USB stick. Put the stick in "
                                             "and try again."))
                           : _("Choose the package and tap Install."));
}

void SupervisorPanel::installSelected()
{
    const long row = _candidates->GetNextItem(-1, wxLIST_NEXT_ALL, wxLIST_STATE_SELECTED);
    if (row < 0 || static_cast<std::size_t>(row) >= _candidateSources.size() || _worker.joinable())
        return;
    std::string staff;
    try {
        _shell.session().requireSupervisor();
        staff = _shell.session().staff().badge;
    } catch (const std::exception& e) {
        _shell.notice(_shell.say(e));
        return;
    }
    const std::string source = _candidateSources[static_cast<std::size_t>(row)];
    pluginBusy(true, wxString::Format(_("Installing %s: checking its signature, then trying it in a separate "
                                        "process. This takes a few seconds."),
                                      _candidates->GetItemText(row)));
    // Verify, probe and stage away from the GUI thread; the result comes back to it.
    _worker = std::thread([this, source, staff, admin = pluginAdmin()]() mutable {
        std::string id, version, signer, error; // words on the GUI thread only
        try {
            std::string zip;
            std::string from = source;
            if (source.rfind("server:", 0) == 0) {
                from = "server";
                try {
                    core::SyncClient client(_store);
                    zip = client.downloadPlugin(source.substr(7));
                } catch (const std::exception& e) {
                    admin.recordRefusal(from, e.what(), staff);
                    throw;
                }
            } else {
                std::ifstream in(source, std::ios::binary);
                if (!in)
                    throw std::runtime_error("Cannot read " + source + ".");
                zip.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
            }
            const auto p = admin.install(zip, from, staff);
            id = p.manifest.id;
            version = p.manifest.version;
            signer = admin.signerName(p.signer);
        } catch (const std::exception& e) {
            error = e.what();
        }
        CallAfter([this, id, version, signer, error] {
            _worker.join();
            if (error.empty()) {
                _candidates->Hide();
                _install->Hide();
                pluginBusy(false, wxString::Format(_("Installed %s %s, signed by %s. It runs from the kiosk's next "
                                                     "start."),
                                                   wxString::FromUTF8(id), wxString::FromUTF8(version),
                                                   wxString::FromUTF8(signer)));
            } else {
                pluginBusy(false, wxString::Format(_("Not installed: %s"), wxString::FromUTF8(error)));
            }
            fillPlugins();
            Layout();
        });
    });
}

void SupervisorPanel::pluginAction(const std::string& what)
{
    const auto row = selectedPlugin();
    if (row.id.empty() && row.file.empty()) {
        pluginBusy(false, _("Choose a plugin in the list first."));
        return;
    }
    try {
        _shell.session().requireSupervisor();
        const std::string staff = _shell.session().staff().badge;
        if (what == "plugin-enable" && row.guardDisabled) { // one the crash guard stopped: a supervisor's decision
            _plugins.enable(row.file);
            pluginAdmin().recordModuleEnabled(row.file, staff);
            pluginBusy(false, wxString::Format(_("%s is enabled again from the kiosk's next start."),
                                               wxString::FromUTF8(row.id.empty() ? row.file : row.id)));
        } else if (!row.installed) {
            pluginBusy(false, _("This plugin came with Portside: it cannot be changed here."));
        } else {
            auto admin = pluginAdmin();
            if (what == "plugin-remove")
                admin.remove(row.id, staff);
            else if (what == "plugin-rollback")
                admin.rollback(row.id, staff);
            else
                admin.setDisabled(row.id, what == "plugin-disable", staff);
            pluginBusy(false, wxString::Format(_("%s: done. This takes effect at the kiosk's next start."),
                                               wxString::FromUTF8(row.id)));
        }
    } catch (const std::exception& e) {
        pluginBusy(false, _shell.say(e));
    }
    fillPlugins();
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
    if (!_store.meta("chain_broken").empty()) // nothing more leaves this kiosk until IT has looked
        line += "\n" + wxString::Format(_("NOT SENDING: the record on this kiosk was changed after it was written "
                                          "(%s). Call IT to check it; every step stays recorded here."),
                                        wxString::FromUTF8(_store.meta("chain_broken")));
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
    fillPlugins();
    Layout();
}

} // namespace portside::app
