// portside: the bedside kiosk shell.

#include "DemoServer.h"
#include "MainFrame.h"
#include "Screenshot.h"
#include "ShellHost.h"
#include "Translations.h"

#include "portside/core/DemoData.h"
#include "portside/core/Deployment.h"
#include "portside/core/EventStore.h"
#include "portside/core/KioskConfiguration.h"
#include "portside/core/Logging.h"
#include "portside/core/PluginAdmin.h"
#include "portside/core/PluginManager.h"
#include "portside/core/PortState.h"
#include "portside/core/SiteSettings.h"

#include <Poco/File.h>
#include <Poco/JSON/Object.h>
#include <Poco/Logger.h>
#include <Poco/Path.h>
#include <Poco/Util/HelpFormatter.h>
#include <Poco/Util/Option.h>
#include <Poco/Util/OptionException.h>
#include <Poco/Util/OptionProcessor.h>
#include <Poco/Util/OptionSet.h>

#include <wx/app.h>
#include <wx/cmdline.h>
#include <wx/filename.h>
#include <wx/msgdlg.h>
#include <wx/stdpaths.h>
#include <wx/timer.h>
#include <wx/translation.h>

#include "portside/sdk/Version.h"

#include <climits>
#include <cstring>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>

#include <stdlib.h>
#include <sys/stat.h>

namespace portside::app {

/// What the command line and the configuration ask of the shell, read before the display is opened (so --help,
/// --version and --print-config work without one).
struct ShellOptions {
    std::vector<std::string> pluginDirs;
    std::string dataDir, settingsFile, screenshot, language;
    bool demo = false, windowed = false;
};

ShellOptions& shellOptions()
{
    static ShellOptions options;
    return options;
}

class ShellApp : public wxApp {
public:
    bool OnInit() override;
    int OnExit() override;
    void OnInitCmdLine(wxCmdLineParser&) override {} // read before wx starts (main)
    bool OnCmdLineParsed(wxCmdLineParser&) override { return true; }

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

bool ShellApp::OnInit()
{
    if (!wxApp::OnInit())
        return false;
    const ShellOptions& o = shellOptions();
    _demo = o.demo;
    _windowed = o.windowed;
    for (const auto& dir : o.pluginDirs)
        _pluginDirs.Add(wxString::FromUTF8(dir));
    _dataDir = wxString::FromUTF8(o.dataDir);
    _settingsFile = wxString::FromUTF8(o.settingsFile);
    _screenshot = wxString::FromUTF8(o.screenshot);
    _language = wxString::FromUTF8(o.language);
    const wxString exe = wxStandardPaths::Get().GetExecutablePath();
    initTranslations(exe, _language);

    const std::string dataDir = _dataDir.ToStdString(wxConvUTF8);
    try {
        _settings.loadSite(_settingsFile.empty() ? dataDir + "/site.properties"
                                                 : _settingsFile.ToStdString(wxConvUTF8));
        if (const auto zone = core::useSiteTimeZone(_settings); !zone.empty()) // due dates on the site's calendar
            std::cerr << zone << '\n';
        if (_settings.get("printer.folder", "").empty())
            _settings.set("printer.folder", dataDir + "/labels"); // the file printer's labels stay with the data
        _store = std::make_unique<core::EventStore>(dataDir + "/kiosk.db", _clock);
        if (_demo)
            core::seedDemo(*_store); // the demo's own store (main made sure it is not the site's)
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

namespace {

Poco::Util::OptionSet shellOptionSet()
{
    Poco::Util::OptionSet set;
    const auto add = [&](const std::string& name, const std::string& argument, const std::string& help) {
        Poco::Util::Option option(name, name == "help" ? "h" : "", help, false);
        option.repeatable(name == "plugins");
        if (!argument.empty())
            option.argument(argument, true);
        set.addOption(option);
    };
    add("demo", "",
        "run with simulated scanner and printer and a local server, in a data folder of its own (demo.dir, or "
        "--data), never the site's");
    add("windowed", "", "run in a window instead of full screen (development)");
    add("plugins", "DIR", "folder of plugin modules (repeatable; default: ../lib/portside/plugins)");
    add("data", "DIR", "data folder (default: data.dir of kiosk.conf)");
    add("settings", "FILE", "site settings file (default: <data>/site.properties)");
    add("lang", "LANG", "language such as es, instead of the system's");
    add("screenshot", "FILE", "save a PNG of the first screen to this file, then exit");
    add("log-level", "LEVEL", "fatal, critical, error, warning, notice, information (default), debug, trace");
    add("print-config", "", "print the configuration in force and exit");
    add("version", "", "print the version and exit");
    add("help", "", "this text");
    return set;
}

/// The demo's folder must be its own: not the site's data folder, and not a folder holding a record store that the
/// demo did not make. Throws std::invalid_argument with a sentence otherwise.
void checkDemoFolder(const std::string& demo, const std::string& site)
{
    const auto real = [](const std::string& path) {
        char buffer[PATH_MAX] = {};
        if (::realpath(path.c_str(), buffer))
            return std::string(buffer);
        // Not made yet: the same folder however it is written ("dir/", "dir//", "./dir").
        Poco::Path p(path);
        p.makeAbsolute();
        std::string text = p.toString();
        while (text.size() > 1 && text.back() == '/')
            text.pop_back();
        return text;
    };
    if (real(demo) == real(site))
        throw std::invalid_argument("--demo never runs in the site's data folder " + site +
                                    "; give the demo its own with --data DIR or demo.dir in kiosk.conf.");
    const std::string marker = demo + "/portside-demo";
    if (Poco::File(demo + "/kiosk.db").exists() && !Poco::File(marker).exists())
        throw std::invalid_argument("--demo does not run in " + demo +
                                    ": it holds a record store the demo did not make (a site's?). Give the demo an "
                                    "empty folder with --data DIR.");
    Poco::File(demo).createDirectories();
    ::chmod(demo.c_str(), 0700);
    std::ofstream(marker) << "This folder belongs to portside --demo: demo patients, a demo server, test labels.\n";
}

} // namespace

int main(int argc, char** argv)
{
    using namespace portside;
    const std::string exe = core::deployment::executablePath(argv[0]);
    app::ShellOptions& o = app::shellOptions();
    bool help = false, version = false, printConfig = false;
    std::string logLevel;
    const Poco::Util::OptionSet options = shellOptionSet();
    try {
        Poco::Util::OptionProcessor processor(options);
        processor.setUnixStyle(true);
        for (int i = 1; i < argc; ++i) {
            std::string name, value;
            if (!processor.process(argv[i], name, value))
                throw std::invalid_argument(std::string("Unknown argument \"") + argv[i] + "\"; see portside --help.");
            if (name == "demo")
                o.demo = true;
            else if (name == "windowed")
                o.windowed = true;
            else if (name == "plugins")
                o.pluginDirs.push_back(value);
            else if (name == "data")
                o.dataDir = value;
            else if (name == "settings")
                o.settingsFile = value;
            else if (name == "lang")
                o.language = value;
            else if (name == "screenshot")
                o.screenshot = value;
            else if (name == "log-level")
                logLevel = value;
            else if (name == "print-config")
                printConfig = true;
            else if (name == "version")
                version = true;
            else if (name == "help")
                help = true;
        }
        processor.checkRequired();
    } catch (const Poco::Util::MissingArgumentException&) {
        std::cerr << argv[argc - 1] << " needs a value; see portside --help.\n";
        return 2;
    } catch (const Poco::Exception& e) {
        std::cerr << e.message() << "; see portside --help.\n";
        return 2;
    } catch (const std::invalid_argument& e) {
        std::cerr << e.what() << '\n';
        return 2;
    }
    if (help) {
        Poco::Util::HelpFormatter formatter(options);
        formatter.setUnixStyle(true);
        formatter.setCommand("portside");
        formatter.setUsage("[OPTIONS]");
        formatter.setHeader("The bedside kiosk for implanted venous port care.");
        formatter.setFooter(
            "Configuration: the built-in defaults, then /etc/portside/kiosk.conf "
            "($PORTSIDE_CONFIG_DIR), then $XDG_CONFIG_HOME/portside/kiosk.conf, then $PORTSIDE_DATA_DIR, "
            "then these options.");
        formatter.setWidth(100);
        formatter.format(std::cout);
        return 0;
    }
    if (version) { // without a display: wxEntry would need one to start GTK
        std::cout << "portside " << PORTSIDE_VERSION << " (plugin SDK " << PORTSIDE_SDK_VERSION << ")\n";
        return 0;
    }
    try {
        auto config = core::kioskConfiguration(exe, "information");
        const std::string site = config.get("data.dir");
        if (!o.dataDir.empty())
            config.set(o.demo ? "demo.dir" : "data.dir", o.dataDir, "--data");
        if (!o.settingsFile.empty())
            config.set("site.settings", o.settingsFile, "--settings");
        if (!logLevel.empty())
            config.set("log.level", logLevel, "--log-level");
        if (!o.pluginDirs.empty()) {
            std::string joined;
            for (const auto& d : o.pluginDirs)
                joined += (joined.empty() ? "" : ":") + d;
            config.set("plugins.folders", joined, "--plugins");
        }
        core::configureLogging({config.get("log.level"), config.get("log.prefix")});
        auto& log = Poco::Logger::get("portside.kiosk");
        for (const auto& problem : config.problems())
            log.warning(problem);
        if (printConfig) {
            config.print(std::cout);
            return 0;
        }
        if (o.demo) {
            // A demo seeds made-up patients and enrolls with a throw-away server: never in the site's store.
            o.dataDir = config.get("demo.dir");
            checkDemoFolder(o.dataDir, site);
            std::cout << "Demo: its own data in " << o.dataDir << " (the site's data in " << site << " is not touched)."
                      << std::endl;
            if (o.settingsFile.empty())
                o.settingsFile = o.dataDir + "/site.properties";
        } else {
            o.dataDir = site;
            if (Poco::File(site + "/portside-demo").exists())
                throw std::invalid_argument("The data folder " + site +
                                            " belongs to portside --demo (made-up patients, a throw-away server): no "
                                            "real care is recorded there. Set data.dir in kiosk.conf to the site's "
                                            "folder.");
            if (o.settingsFile.empty())
                o.settingsFile = core::siteSettingsFile(config);
        }
        core::setDataDirectory(o.dataDir);
        core::setSiteSettingsPath(o.settingsFile);
        o.pluginDirs = core::kioskPluginFolders(config, exe);
        log.information("Data in " + o.dataDir + ", site settings " + o.settingsFile + ".");
    } catch (const std::exception& e) {
        std::cerr << "portside: " << e.what() << '\n';
        return 2;
    }
    char* wxArgs[] = {argv[0], nullptr};
    int wxArgc = 1;
    return wxEntry(wxArgc, wxArgs);
}
