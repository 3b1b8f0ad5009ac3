#include "portside/core/PluginInstaller.h"

#include "DurableFile.h"
#include "portside/core/PluginProbe.h"
#include "portside/core/ReferenceJson.h"

#include <Poco/DirectoryIterator.h>
#include <Poco/File.h>
#include <Poco/Path.h>

#include <cstdio>
#include <fstream>
#include <sstream>

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

namespace portside::core {

namespace {

std::vector<long> numbers(const std::string& version)
{
    std::vector<long> out;
    std::istringstream in(version);
    for (std::string part; std::getline(in, part, '.');)
        out.push_back(part.empty() ? 0 : std::stol(part));
    return out;
}

/// Removes a folder and everything in it, quietly (cleaning up after a refusal).
void removeAll(const std::string& path)
{
    try {
        Poco::File(path).remove(true);
    } catch (...) {
    }
}

/// The installer's lock: one change to the installed plugins at a time (two installs at once, or an install while a
/// kiosk starts, would each act on what the other is changing).
class RootLock {
public:
    explicit RootLock(const std::string& root)
    {
        Poco::File(root).createDirectories();
        _fd = ::open((root + "/.lock").c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
        if (_fd < 0 || ::flock(_fd, LOCK_EX) != 0)
            throw PackageRefused("The installed plugins in " + root + " cannot be locked for a change.");
    }
    ~RootLock()
    {
        if (_fd >= 0)
            ::close(_fd);
    }
    RootLock(const RootLock&) = delete;
    RootLock& operator=(const RootLock&) = delete;

private:
    int _fd = -1;
};

/// A version as the state file may name it: digits and dots only (never a path).
bool versionText(const std::string& v)
{
    return !v.empty() && v.size() <= 40 && v.find_first_not_of("0123456789.") == std::string::npos && v.front() != '.';
}

} // namespace

int compareVersions(const std::string& a, const std::string& b)
{
    auto x = numbers(a), y = numbers(b);
    x.resize(std::max(x.size(), y.size()));
    y.resize(x.size());
    return x < y ? -1 : x > y ? 1 : 0;
}

PluginInstaller::PluginInstaller(std::string root, std::vector<std::string> trustedPublicPems, std::string probeProgram)
    : _root(std::move(root)), _trusted(std::move(trustedPublicPems)), _probe(std::move(probeProgram))
{
}

PluginInstaller::Entry PluginInstaller::read(const std::string& id) const
{
    Entry e;
    e.id = id;
    std::ifstream in(_root + "/" + id + "/state");
    for (std::string key, value; in >> key;) {
        std::getline(in >> std::ws, value);
        if (key == "removed")
            e.removed = value == "yes";
        else if (key == "disabled")
            e.disabled = value == "yes";
        else if (key == "signer")
            e.signer = value.find_first_not_of("0123456789abcdef") == std::string::npos ? value : std::string();
        else if (!versionText(value))
            continue; // a value that is not a version is never a folder to load
        else if (key == "active")
            e.active = value;
        else if (key == "previous")
            e.previous = value;
        else if (key == "pending")
            e.pending = value;
    }
    return e;
}

void PluginInstaller::write(const Entry& e) const
{
    std::string text;
    for (const auto& [key, value] : {std::pair<const char*, std::string>{"active", e.active},
                                     {"previous", e.previous},
                                     {"pending", e.pending},
                                     {"signer", e.signer},
                                     {"removed", e.removed ? "yes" : "no"},
                                     {"disabled", e.disabled ? "yes" : "no"}})
        if (!value.empty())
            text += std::string(key) + " " + value + "\n";
    writeFileDurably(_root + "/" + e.id + "/state", text);
}

VerifiedPackage PluginInstaller::install(const std::string& zip, bool allowDowngrade)
{
    // 1. Verified before anything is written.
    auto package = verifyPackage(zip, _trusted);
    const auto& m = package.manifest;
    if (_reserved.count(m.id))
        throw PackageRefused("Plugin " + m.id +
                             " came with Portside; a package cannot replace it (give the plugin an id of its own).");
    RootLock lock(_root);
    removeAll(_root + "/.staging"); // what an install killed half-way left (the lock keeps out any other under way)
    Poco::File(_root + "/" + m.id).createDirectories();
    auto entry = read(m.id);
    const bool firstInstall = entry.active.empty() && entry.pending.empty() && entry.previous.empty();
    const bool installedNow = !entry.removed && !(entry.active.empty() && entry.pending.empty());
    const std::string newest = !installedNow ? std::string() : !entry.pending.empty() ? entry.pending : entry.active;
    if (installedNow && !entry.signer.empty() && entry.signer != package.signer)
        throw PackageRefused("Plugin " + m.id + " was installed signed by key " + entry.signer + ", but " + m.version +
                             " is signed by key " + package.signer +
                             "; another vendor's package cannot replace it (remove the plugin first if this is "
                             "meant).");
    const std::string versionFolder = _root + "/" + m.id + "/" + m.version;
    if (Poco::File(versionFolder).exists()) {
        if (installedNow && (m.version == entry.active || m.version == entry.pending))
            throw PackageRefused("Plugin " + m.id + " " + m.version + " is installed already.");
        if (!installedNow || m.version != entry.previous) {
            // Kept from before (removed, or replaced before it ever ran): this package takes its place whole, probed
            // like any other. A running kiosk keeps the module it mapped; the files go.
            const std::string old = _root + "/.staging/old-" + m.id + "-" + m.version;
            Poco::File(_root + "/.staging").createDirectories();
            if (std::rename(versionFolder.c_str(), old.c_str()) != 0)
                throw PackageRefused("Cannot replace plugin " + m.id + " " + m.version + " in " + _root + ".");
            removeAll(old);
        }
    }
    if (!newest.empty() && compareVersions(m.version, newest) < 0 && !allowDowngrade)
        throw PackageRefused("Plugin " + m.id + " " + m.version + " is older than the installed " + newest +
                             "; install it as a downgrade only on purpose (roll back instead, if it was the version "
                             "before).");
    if (Poco::File(versionFolder).exists()) // the version before, asked for as a downgrade
        throw PackageRefused("Plugin " + m.id + " " + m.version +
                             " is kept already as the version before; roll back to run it again.");

    // 2. Unpacked to staging: the names were checked, and only the package's own places are written.
    const std::string staging = _root + "/.staging/" + m.id + "-" + m.version + "-" + std::to_string(::getpid());
    removeAll(staging);
    try {
        auto files = package.files;
        files["signature.json"] = package.signature; // checked again at every start (verifyInstalled)
        for (const auto& [name, bytes] : files) {
            const Poco::Path path(staging + "/" + name);
            Poco::File(path.parent()).createDirectories();
            try {
                writeFileDurably(path.toString(), bytes);
            } catch (const std::runtime_error& e) {
                throw PackageRefused(e.what());
            }
        }
        // 3. Probed where it lies, in a child process.
        const auto probed = probeModule(staging + "/" + m.library, _probe);
        if (!probed.ok) { // said of the plugin, not of the staging folder it was probed in
            std::string why = probed.error;
            const auto at = why.find(staging + "/" + m.library);
            if (at != std::string::npos)
                why.replace(at, staging.size() + 1 + m.library.size(), m.id + " " + m.version);
            throw PackageRefused(why);
        }
        if (probed.id != m.id || probed.version != m.version || probed.kind != m.kind)
            throw PackageRefused("The package's manifest says " + m.id + " " + m.version + " (" + m.kind +
                                 "), but its module is " + probed.id + " " + probed.version + " (" + probed.kind +
                                 ").");
        // 4. Kept, and pending until the next start.
        if (std::rename(staging.c_str(), (_root + "/" + m.id + "/" + m.version).c_str()) != 0)
            throw PackageRefused("Cannot keep plugin " + m.id + " " + m.version + " in " + _root + ".");
    } catch (...) {
        removeAll(staging);
        if (firstInstall) { // nothing of a first install is left behind (the lock keeps others out meanwhile)
            try {
                Poco::File(_root + "/" + m.id + "/state").remove();
            } catch (...) {
            }
            try {
                Poco::File(_root + "/" + m.id).remove(false);
            } catch (...) {
            }
        }
        throw;
    }
    entry.pending = m.version;
    entry.removed = false;
    entry.signer = package.signer;
    write(entry);
    return package;
}

void PluginInstaller::rollback(const std::string& id)
{
    requireId(id);
    RootLock lock(_root);
    auto entry = read(id);
    if (entry.previous.empty() || !Poco::File(_root + "/" + id + "/" + entry.previous).exists())
        throw PackageRefused("Plugin " + id + " has no version before this one to roll back to.");
    entry.pending = entry.previous;
    entry.removed = false;
    write(entry);
}

void PluginInstaller::remove(const std::string& id)
{
    requireId(id);
    RootLock lock(_root);
    auto entry = read(id);
    if ((entry.active.empty() && entry.pending.empty()) || entry.removed)
        throw PackageRefused("Plugin " + id + " is not installed.");
    entry.removed = true;
    entry.pending.clear();
    write(entry);
}

void PluginInstaller::setDisabled(const std::string& id, bool disabled)
{
    requireId(id);
    RootLock lock(_root);
    auto entry = read(id);
    if ((entry.active.empty() && entry.pending.empty()) || entry.removed)
        throw PackageRefused("Plugin " + id + " is not installed.");
    entry.disabled = disabled;
    write(entry);
}

void PluginInstaller::requireId(const std::string& id) const
{
    if (!safePluginId(id))
        throw PackageRefused("\"" + id + "\" is not a plugin id.");
}

std::vector<std::string> PluginInstaller::activate()
{
    RootLock lock(_root);
    removeAll(_root + "/.staging"); // what a power cut left half unpacked
    for (auto entry : list()) {
        if (!entry.pending.empty() && entry.pending != entry.active) {
            entry.previous = entry.active;
            entry.active = entry.pending;
        }
        entry.pending.clear();
        if (entry.removed && !entry.active.empty()) { // gone now; kept as the version before, for a change of mind
            entry.previous = entry.active;
            entry.active.clear();
        }
        write(entry);
    }
    return activeFolders();
}

std::vector<std::string> PluginInstaller::activeFolders() const
{
    std::vector<std::string> folders;
    _problems.clear();
    for (const auto& entry : list()) {
        if (entry.removed || entry.disabled || entry.active.empty())
            continue;
        const std::string folder = _root + "/" + entry.id + "/" + entry.active;
        const auto problem = check(entry.id, entry.active);
        if (problem.empty())
            folders.push_back(folder);
        else
            _problems[entry.id] = problem;
    }
    return folders;
}

std::string PluginInstaller::check(const std::string& id, const std::string& version) const
{
    // Checked again before it is loaded: the files as signed, by a key the site still trusts, and the plugin they
    // say they are (anyone who can write the data folder could otherwise put a module here).
    try {
        const auto p = verifyInstalled(_root + "/" + id + "/" + version, _trusted);
        if (p.manifest.id != id || p.manifest.version != version)
            return "Plugin " + id + " " + version + " is not loaded: its folder holds " + p.manifest.id + " " +
                   p.manifest.version + ".";
        return {};
    } catch (const PackageRefused& e) {
        return "Plugin " + id + " " + version + " is not loaded: " + e.what();
    }
}

std::vector<PluginInstaller::Entry> PluginInstaller::list() const
{
    std::vector<Entry> entries;
    if (!Poco::File(_root).exists())
        return entries;
    for (Poco::DirectoryIterator it(_root), end; it != end; ++it)
        if (it->isDirectory() && safePluginId(it.name()) && Poco::File(it->path() + "/state").exists())
            entries.push_back(read(it.name()));
    std::sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) { return a.id < b.id; });
    return entries;
}

} // namespace portside::core
