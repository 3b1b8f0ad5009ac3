#include "portside/core/PluginManager.h"

#include "DurableFile.h"
#include "portside/core/Deployment.h"

#include "portside/sdk/Host.h"
#include "portside/sdk/Version.h"

#include <Poco/ClassLoader.h>
#include <Poco/Exception.h>
#include <Poco/File.h>
#include <Poco/Logger.h>
#include <Poco/Path.h>
#include <Poco/SharedLibrary.h>
#include <Poco/StringTokenizer.h>

#include <algorithm>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include <stdlib.h>

namespace portside::core {

namespace {

using Loader = Poco::ClassLoader<sdk::Plugin>;
using VersionFunc = int (*)();

constexpr const char* kVersionSymbol = "portsidePluginSdkVersion";

std::string versionText(int number)
{
    std::ostringstream out;
    out << number / 1000 << '.' << number % 1000;
    return out.str();
}

void collectModules(const Poco::File& folder, int depth, std::vector<std::string>& out)
{
    std::vector<Poco::File> entries;
    try {
        folder.list(entries);
    } catch (const Poco::Exception&) {
        return; // unreadable folders are skipped; the caller lists what it found
    }
    for (const auto& entry : entries) {
        try {
            if (entry.isDirectory()) {
                if (depth > 0)
                    collectModules(entry, depth - 1, out);
            } else if (Poco::Path(entry.path()).getExtension() == "so") {
                out.push_back(entry.path());
            }
        } catch (const Poco::Exception&) {
            // a dangling link or an entry removed while listing: not a module
        }
    }
}

} // namespace

struct PluginManager::Module {
    Loader loader;
    std::vector<std::unique_ptr<sdk::Plugin>> instances;
};

const char* toString(PluginInfo::Status status)
{
    switch (status) {
    case PluginInfo::Status::Loaded: return "loaded";
    case PluginInfo::Status::Started: return "started";
    case PluginInfo::Status::Failed: return "failed";
    }
    return "unknown";
}

PluginManager::PluginManager(std::vector<std::string> folders) : _folders(std::move(folders)) {}

PluginManager::~PluginManager()
{
    stopAll();
    // Objects go before their manifests. The ClassLoaders then drop their bookkeeping; the code itself stays
    // mapped, which is harmless at exit.
    for (auto& module : _modules)
        module->instances.clear();
}

std::vector<std::string> PluginManager::defaultFolders(const std::string& executablePath)
{
    std::vector<std::string> result;
    if (const char* env = std::getenv("PORTSIDE_PLUGIN_PATH"); env && *env) {
        Poco::StringTokenizer parts(env, ":",
                                    Poco::StringTokenizer::TOK_IGNORE_EMPTY | Poco::StringTokenizer::TOK_TRIM);
        result.assign(parts.begin(), parts.end());
        return result;
    }
    // The real file: argv[0] may be a bare name found on PATH (then relative to the working directory it means
    // nothing, and from / its parent is no folder at all) or a link such as /usr/bin/portside-cli.
    std::string program = executablePath;
    if (program.find('/') == std::string::npos)
        program = deployment::executablePath(program);
    char real[PATH_MAX] = {};
    if (::realpath(program.c_str(), real))
        program = real;
    Poco::Path exe(program);
    exe.makeAbsolute();
    Poco::Path prefix = exe.parent();
    if (prefix.depth() > 0)
        prefix.popDirectory();
    std::vector<std::string> candidates;
    for (const std::string arch : {"", PORTSIDE_LIBRARY_ARCHITECTURE}) {
        Poco::Path dir = prefix;
        dir.pushDirectory("lib");
        if (!arch.empty())
            dir.pushDirectory(arch);
        else if (!candidates.empty())
            continue; // no multiarch triplet known
        dir.pushDirectory("portside");
        dir.pushDirectory("plugins");
        candidates.push_back(dir.toString());
    }
    for (const auto& c : candidates)
        if (Poco::File(c).exists())
            result.push_back(c);
    if (result.empty())
        result.push_back(candidates.front());
    return result;
}

bool PluginManager::compatible(int moduleVersion)
{
    const int major = moduleVersion / 1000;
    const int minor = moduleVersion % 1000;
    return major == PORTSIDE_SDK_VERSION_MAJOR && minor <= PORTSIDE_SDK_VERSION_MINOR;
}

namespace {
std::vector<std::string> readLines(const std::string& path)
{
    std::vector<std::string> lines;
    std::ifstream in(path);
    for (std::string line; std::getline(in, line);)
        if (!line.empty())
            lines.push_back(line);
    return lines;
}

/// The guard is a help, never a reason not to start: a file that cannot be written is let go.
void writeDurably(const std::string& path, const std::string& text)
{
    try {
        writeFileDurably(path, text);
    } catch (const std::exception&) {
    }
}
} // namespace

void PluginManager::setCrashGuard(const std::string& file)
{
    _guardFile = file;
    // A mark left by the last start: that module brought the process down while it was being called into.
    const auto left = readLines(file);
    if (left.empty())
        return;
    auto off = readLines(file + ".disabled");
    if (std::find(off.begin(), off.end(), left.front()) == off.end())
        off.push_back(left.front());
    std::string text;
    for (const auto& m : off)
        text += m + "\n";
    writeDurably(file + ".disabled", text);
    std::remove(file.c_str());
}

std::vector<std::string> PluginManager::disabled() const
{
    return _guardFile.empty() ? std::vector<std::string>{} : readLines(_guardFile + ".disabled");
}

void PluginManager::enable(const std::string& module)
{
    auto off = disabled();
    off.erase(std::remove(off.begin(), off.end(), module), off.end());
    std::string text;
    for (const auto& m : off)
        text += m + "\n";
    writeDurably(_guardFile + ".disabled", text);
}

void PluginManager::guard(const std::string& module)
{
    if (_guardFile.empty())
        return;
    if (module.empty())
        std::remove(_guardFile.c_str());
    else
        writeDurably(_guardFile, module + "\n");
}

void PluginManager::loadAll()
{
    // Folders in the order given (the first folder wins a duplicate id, as in a search path), files by name.
    std::vector<std::string> files;
    for (const auto& folder : _folders) {
        Poco::File dir(folder);
        try {
            if (!dir.exists() || !dir.isDirectory())
                continue;
        } catch (const Poco::Exception&) {
            continue;
        }
        std::vector<std::string> found;
        collectModules(dir, 2, found);
        std::sort(found.begin(), found.end());
        for (auto& file : found)
            if (std::find(files.begin(), files.end(), file) == files.end())
                files.push_back(std::move(file));
    }
    for (const auto& file : files)
        load(file);
    auto& log = Poco::Logger::get("portside.plugin");
    for (const auto& info : _plugins)
        if (info.status == PluginInfo::Status::Failed)
            log.error(info.error);
}

const PluginInfo& PluginManager::load(const std::string& file)
{
    PluginInfo info;
    info.file = file;
    auto fail = [&](const std::string& reason) -> const PluginInfo& {
        guard({});
        info.status = PluginInfo::Status::Failed;
        info.error = "Plugin " + file + ": " + reason;
        _plugins.push_back(info);
        return _plugins.back();
    };
    const auto off = disabled();
    if (std::find(off.begin(), off.end(), file) != off.end())
        return fail("it brought the kiosk down while it was loaded or started, so it is disabled. A supervisor can "
                    "enable it again once a fixed version is installed.");
    guard(file);

    // 1. Is it a library at all, and does it say which SDK it was built for? Opening it here maps it once; the
    //    ClassLoader below reuses the mapping.
    Poco::SharedLibrary library;
    try {
        library.load(file, Poco::SharedLibrary::SHLIB_LOCAL);
    } catch (const Poco::Exception& e) {
        // displayText() carries dlerror()'s reason; what() says only "Cannot load library".
        return fail("not a loadable library (" + e.displayText() + ").");
    }
    const bool hasManifest = library.hasSymbol("pocoBuildManifest");
    if (!hasManifest)
        return fail("the library has no plugin manifest; build it with portside_add_plugin() and PORTSIDE_PLUGIN().");
    if (!library.hasSymbol(kVersionSymbol))
        return fail("the library does not say which SDK version it was built for; build it with PORTSIDE_PLUGIN().");
    info.sdkVersion = reinterpret_cast<VersionFunc>(library.getSymbol(kVersionSymbol))();
    if (!compatible(info.sdkVersion))
        return fail("built for SDK " + versionText(info.sdkVersion) + ", but this Portside provides SDK " +
                    PORTSIDE_SDK_VERSION + "; install a version of the plugin built for SDK " +
                    std::to_string(PORTSIDE_SDK_VERSION_MAJOR) + ".x.");

    // 2. Its own class loader, so equal class names in two modules never meet.
    auto module = std::make_unique<Module>();
    try {
        module->loader.loadLibrary(file);
    } catch (const Poco::Exception& e) {
        if (e.displayText().find("Manifest class mismatch") != std::string::npos)
            return fail("its manifest exports classes of another base class, not portside::sdk::Plugin.");
        return fail("could not be loaded (" + e.displayText() + ").");
    }
    const auto* manifest = module->loader.findManifest(file);
    if (!manifest || manifest->begin() == manifest->end())
        return fail("its manifest exports no plugin class.");
    if (manifest->size() != 1)
        return fail("its manifest exports more than one plugin class; a module holds exactly one plugin.");

    // 3. Create the plugin and ask who it is.
    const auto& meta = *manifest->begin();
    info.className = meta->name();
    std::unique_ptr<sdk::Plugin> instance;
    try {
        instance.reset(meta->create());
        info.id = instance->id();
        info.version = instance->version();
        info.kind = instance->kind();
    } catch (const std::exception& e) {
        return fail(std::string("creating its plugin failed: ") + e.what());
    } catch (...) {
        return fail("creating its plugin threw something that is not an exception.");
    }
    if (info.id.empty())
        return fail("the plugin has an empty id.");
    if (find(info.id))
        return fail("another plugin with the id \"" + info.id + "\" is already loaded (" +
                    std::find_if(_plugins.begin(), _plugins.end(),
                                 [&](const PluginInfo& p) { return p.plugin && p.id == info.id; })
                        ->file +
                    ").");

    guard({});
    info.plugin = instance.get();
    info.status = PluginInfo::Status::Loaded;
    module->instances.push_back(std::move(instance));
    _modules.push_back(std::move(module));
    _plugins.push_back(info);
    return _plugins.back();
}

void PluginManager::startAll(sdk::Host& host)
{
    for (auto& info : _plugins) {
        if (info.status != PluginInfo::Status::Loaded)
            continue;
        guard(info.file);
        try {
            info.plugin->start(host);
            info.status = PluginInfo::Status::Started;
            Poco::Logger::get("portside.plugin")
                .information("Started " + info.id + " " + info.version + " (" + sdk::toString(info.kind) + ") from " +
                             info.file + ".");
        } catch (const std::exception& e) {
            info.status = PluginInfo::Status::Failed;
            info.error = "Plugin " + info.file + ": it did not start (" + e.what() + ").";
            host.log(sdk::LogLevel::Error, info.error);
        } catch (...) {
            info.status = PluginInfo::Status::Failed;
            info.error = "Plugin " + info.file + ": it did not start (it threw something that is not an exception).";
            host.log(sdk::LogLevel::Error, info.error);
        }
        guard({});
    }
}

void PluginManager::stopAll()
{
    for (auto& info : _plugins) {
        if (info.status != PluginInfo::Status::Started)
            continue;
        try {
            info.plugin->stop();
        } catch (...) {
            // stopping is best effort; the process is going away
        }
        info.status = PluginInfo::Status::Loaded;
    }
}

std::vector<sdk::ChecklistPlugin*> PluginManager::checklists() const
{
    std::vector<sdk::ChecklistPlugin*> result;
    for (const auto& info : _plugins) {
        if (info.status == PluginInfo::Status::Failed || info.kind != sdk::PluginKind::Checklist)
            continue;
        if (auto* checklist = dynamic_cast<sdk::ChecklistPlugin*>(info.plugin))
            result.push_back(checklist);
    }
    return result;
}

sdk::Plugin* PluginManager::find(const std::string& id) const
{
    for (const auto& info : _plugins)
        if (info.plugin && info.status != PluginInfo::Status::Failed && info.id == id)
            return info.plugin;
    return nullptr;
}

} // namespace portside::core
