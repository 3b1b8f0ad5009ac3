// portside: the bedside kiosk shell.

#include "DemoServer.h"
#include "MainFrame.h"
#include "Screenshot.h"
#include "ShellHost.h"
#include "Translations.h"

#include "portside/core/DemoData.h"
#include "portside/core/EventStore.h"
#include "portside/core/PluginAdmin.h"
#include "portside/core/PluginManager.h"
#include "portside/core/PortState.h"
#include "portside/core/SiteSettings.h"

#include <Poco/JSON/Object.h>

#include <wx/app.h>
#include <wx/cmdline.h>
#include <wx/filename.h>
#include <wx/msgdlg.h>
#include <wx/stdpaths.h>
#include <wx/timer.h>
#include <wx/translation.h>

#include "portside/sdk/Version.h"

#include <cstring>
#include <iostream>
#include <memory>
#include <sstream>

namespace portside::app {

class ShellApp : public wxApp {
public:
    bool OnInit() override;
    int OnExit() override;
    void OnInitCmdLine(wxCmdLineParser& parser) override;
    bool OnCmdLineParsed(wxCmdLineParser& parser) override;

private:
    wxArrayString _pluginDirs;
    wxString _dataDir, _settingsFile, _screenshot, _language;
    bool _demo = false, _windowed = false;

    core::SystemClock _clock;
    core::SiteSettings _settings;
    std::unique_ptr<ShellHost> _host;
    std::unique_ptr<core::PluginManager> _plugins;
    std::unique_ptr<core::EventStore> _store;
    std::unique_ptr<DemoServer> _demoServer; ///< --demo: the local central server
    wxTimer _screenshotTimer;
};

void ShellApp::OnInitCmdLine(wxCmdLineParser& parser)
{
    wxApp::OnInitCmdLine(parser);
    parser.AddSwitch("", "demo", "run with simulated scanner and printer");
    parser.AddSwitch("", "windowed", "run in a window instead of full screen (development)");
    parser.AddOption("", "plugins", "folder of plugin modules (repeatable; default: ../lib/portside/plugins)",
                     wxCMD_LINE_VAL_STRING, wxCMD_LINE_PARAM_MULTIPLE);
    parser.AddOption("", "data", "data folder (default: $XDG_DATA_HOME/portside)");
    parser.AddOption("", "settings", "site settings file (default: <data>/site.properties)");
    parser.AddOption("", "lang", "language such as es, instead of the system's");
    parser.AddOption("", "screenshot", "save a PNG of the first screen to this file, then exit");
    parser.AddSwitch("", "version", "print the version and exit");
}

bool ShellApp::OnCmdLineParsed(wxCmdLineParser& parser)
{
    _demo = parser.Found("demo");
    _windowed = parser.Found("windowed");
    // wxCmdLineParser keeps only the last value of a repeated option; collect every --plugins from argv.
    for (int a = 1; a < argc; ++a) {
        const wxString arg = argv[a];
        if (arg == "--plugins" && a + 1 < argc)
            _pluginDirs.Add(argv[++a]);
        else if (arg.StartsWith("--plugins="))
            _pluginDirs.Add(arg.Mid(10));
    }
    parser.Found("data", &_dataDir);
    parser.Found("settings", &_settingsFile);
    parser.Found("screenshot", &_screenshot);
    parser.Found("lang", &_language);
    return wxApp::OnCmdLineParsed(parser);
}

bool ShellApp::OnInit()
{
    if (!wxApp::OnInit())
        return false;
    const wxString exe = wxStandardPaths::Get().GetExecutablePath();
    initTranslations(exe, _language);

    const std::string dataDir = _dataDir.empty() ? core::dataDirectory() : _dataDir.ToStdString(wxConvUTF8);
    try {
        _settings.loadFile(_settingsFile.empty() ? dataDir + "/site.properties"
                                                 : _settingsFile.ToStdString(wxConvUTF8));
        if (const auto zone = core::useSiteTimeZone(_settings); !zone.empty()) // due dates on the site's calendar
            std::cerr << zone << '\n';
        if (_settings.get("printer.folder", "").empty())
            _settings.set("printer.folder", dataDir + "/labels"); // the file printer's labels stay with the data
        _store = std::make_unique<core::EventStore>(dataDir + "/kiosk.db", _clock);
        if (_demo)
            core::seedDemo(*_store);
    } catch (const std::exception& e) {
        wxMessageBox(wxString::FromUTF8(e.what()), _("Portside cannot start"), wxOK | wxICON_ERROR);
        return false;
    }
    if (_demo) {
        _demoServer = std::make_unique<DemoServer>(exe.ToStdString(wxConvUTF8), dataDir, *_store);
        if (!_demoServer->error().empty())
            std::cerr << _demoServer->error() << '\n';
    }
    _host = std::make_unique<ShellHost>(_settings, dataDir, _store.get());

    std::vector<std::string> folders;
    for (const auto& dir : _pluginDirs)
        folders.push_back(dir.ToStdString(wxConvUTF8));
    if (folders.empty())
        folders = core::PluginManager::defaultFolders(exe.ToStdString(wxConvUTF8));
    // The plugins a supervisor installed (signed, probed): their pending changes take effect now, after the bundled.
    try {
        std::vector<std::string> pems, problems;
        for (const auto& key : core::trustedKeys(_settings, _store.get(), &problems))
            pems.push_back(key.pem);
        const auto installed = activateInstalledPlugins(dataDir + "/plugins", pems, &problems);
        for (const auto& p : problems) // also on the supervisor's plugin page
            std::cerr << p << '\n';
        // Into the record too, once for each change of what was refused (not at every start).
        std::string said;
        for (const auto& p : problems)
            said += p + "\n";
        if (said != _store->meta("plugins_not_loaded")) {
            for (const auto& p : problems) {
                core::NewEvent e;
                e.type = "plugin-refused";
                e.staff = "system:kiosk";
                Poco::JSON::Object payload;
                payload.set("source", "start");
                payload.set("reason", p);
                std::ostringstream text;
                payload.stringify(text);
                e.payload = text.str();
                _store->append({e});
            }
            _store->setMeta("plugins_not_loaded", said);
        }
        folders.insert(folders.end(), installed.begin(), installed.end());
    } catch (const std::exception& e) {
        std::cerr << "The installed plugins could not be read: " << e.what() << '\n';
    }
    _plugins = std::make_unique<core::PluginManager>(folders);
    // A plugin that brought the kiosk down while it was loaded or started is disabled at the next start, not run
    // again into the same crash (its reason is on the supervisor's plugin page).
    _plugins->setCrashGuard(dataDir + "/plugins-starting");
    _plugins->loadAll();
    _plugins->startAll(*_host);
    for (const auto& p : _plugins->plugins())
        if (p.status == core::PluginInfo::Status::Failed)
            std::cerr << p.error << '\n';

    MainFrame::Options options;
    options.fullScreen = !_windowed;
    options.demo = _demo;
    options.pluginRoot = dataDir + "/plugins";
    options.probeProgram = wxFileName(exe).GetPath().ToStdString(wxConvUTF8) + "/portside-cli";
    auto* frame = new MainFrame({*_plugins, _clock, *_store, _settings}, options);
    frame->Show();

    if (!_screenshot.empty()) {
        _screenshotTimer.SetOwner(this);
        Bind(wxEVT_TIMER, [this, frame](wxTimerEvent&) {
            if (saveScreenshot(frame, _screenshot))
                std::cout << "Screenshot saved to " << _screenshot.ToStdString(wxConvUTF8) << '\n';
            frame->Close(true);
        });
        _screenshotTimer.StartOnce(1500);
    }
    return true;
}

int ShellApp::OnExit()
{
    _plugins.reset();
    _demoServer.reset();
    _store.reset();
    return wxApp::OnExit();
}

} // namespace portside::app

wxIMPLEMENT_APP_NO_MAIN(portside::app::ShellApp);

int main(int argc, char** argv)
{
    // Answer --version without a display: wxEntry would need one to start GTK.
    for (int i = 1; i < argc; ++i)
        if (std::strcmp(argv[i], "--version") == 0) {
            std::cout << "portside " << PORTSIDE_VERSION << " (plugin SDK " << PORTSIDE_SDK_VERSION << ")\n";
            return 0;
        }
    return wxEntry(argc, argv);
}
