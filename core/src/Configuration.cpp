#include "portside/core/Configuration.h"

#include <Poco/AutoPtr.h>
#include <Poco/Exception.h>
#include <Poco/File.h>
#include <Poco/Util/PropertyFileConfiguration.h>

#include <algorithm>
#include <fstream>
#include <ostream>
#include <stdexcept>

namespace portside::core {

Configuration::Configuration(std::vector<Key> keys)
{
    for (auto& key : keys)
        _entries.push_back({std::move(key), "default"});
}

Configuration::Entry* Configuration::find(const std::string& name)
{
    const auto it = std::find_if(_entries.begin(), _entries.end(), [&](const Entry& e) { return e.key.name == name; });
    return it == _entries.end() ? nullptr : &*it;
}

const Configuration::Entry* Configuration::find(const std::string& name) const
{
    return const_cast<Configuration*>(this)->find(name);
}

void Configuration::loadFile(const std::string& path)
{
    if (path.empty() || !Poco::File(path).exists())
        return;
    if (!std::ifstream(path))
        throw std::runtime_error("The configuration file " + path + " cannot be read (check its owner and mode).");
    Poco::AutoPtr<Poco::Util::PropertyFileConfiguration> file;
    try {
        file = new Poco::Util::PropertyFileConfiguration(path);
    } catch (const Poco::Exception& e) {
        throw std::runtime_error("The configuration file " + path + " cannot be read (" + e.displayText() + ").");
    }
    _files.push_back(path);
    // Every key of the file, flattened: "log.level" is the key "level" under "log".
    std::vector<std::string> pending{""};
    while (!pending.empty()) {
        const std::string prefix = pending.back();
        pending.pop_back();
        Poco::Util::AbstractConfiguration::Keys children;
        file->keys(prefix, children);
        for (const auto& child : children) {
            const std::string name = prefix.empty() ? child : prefix + "." + child;
            if (file->hasProperty(name)) {
                if (Entry* e = find(name)) {
                    e->key.value = file->getRawString(name);
                    e->source = path;
                } else {
                    _problems.push_back(path + ": unknown key \"" + name + "\" (ignored); see the comments in " +
                                        "the packaged file for the keys there are.");
                }
            }
            Poco::Util::AbstractConfiguration::Keys grandChildren;
            file->keys(name, grandChildren);
            if (!grandChildren.empty())
                pending.push_back(name);
        }
    }
}

void Configuration::set(const std::string& name, const std::string& value, const std::string& from)
{
    Entry* e = find(name);
    if (!e)
        throw std::logic_error("Unknown configuration key " + name);
    e->key.value = value;
    e->source = from;
}

std::string Configuration::get(const std::string& name) const
{
    const Entry* e = find(name);
    if (!e)
        throw std::logic_error("Unknown configuration key " + name);
    return e->key.value;
}

std::string Configuration::source(const std::string& name) const
{
    const Entry* e = find(name);
    return e ? e->source : std::string();
}

bool Configuration::has(const std::string& name) const
{
    return find(name) != nullptr;
}

void Configuration::print(std::ostream& out) const
{
    out << "# Files read, in order:";
    if (_files.empty())
        out << " none";
    for (const auto& f : _files)
        out << ' ' << f;
    out << '\n';
    for (const auto& e : _entries) {
        const std::string shown = e.key.show ? e.key.show(e.key.value) : e.key.value;
        out << e.key.name << " = " << shown << "  # " << e.source << '\n';
    }
    for (const auto& p : _problems)
        out << "# " << p << '\n';
}

std::string maskedSecret(const std::string& value)
{
    return value.empty() ? std::string() : std::string("***");
}

} // namespace portside::core
