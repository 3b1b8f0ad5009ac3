#pragma once

#include <functional>
#include <iosfwd>
#include <map>
#include <string>
#include <vector>

namespace portside::core {

/// A program's configuration (not the site's clinical settings, which are SiteSettings): every key it knows with its
/// built-in default, then what the configuration files say (Poco properties: `key = value`, `#` comments), then the
/// environment and the command line, each later one winning. Each value remembers where it came from, so
/// `--print-config` shows IT what is in force and why; secrets are shown masked.
class Configuration {
public:
    struct Key {
        std::string name;
        std::string value; ///< the built-in default
        std::string help;  ///< one line: what it is for
        /// How the value is shown: masked for secrets (a database address shows its password as ***).
        std::function<std::string(const std::string&)> show;
    };

    explicit Configuration(std::vector<Key> keys);

    /// Reads a properties file on top; a file that does not exist changes nothing. A key this program does not know
    /// is kept in problems() (a typo must not pass unnoticed). Throws std::runtime_error with a sentence when the file
    /// exists but cannot be read.
    void loadFile(const std::string& path);
    /// A value from the environment or the command line; `from` says which ("--log-level", "PORTSIDE_DATA_DIR").
    void set(const std::string& name, const std::string& value, const std::string& from);

    std::string get(const std::string& name) const;
    std::string source(const std::string& name) const; ///< "default", a file's path, an option or a variable
    bool has(const std::string& name) const;

    /// The files read, in order (those that existed).
    const std::vector<std::string>& files() const { return _files; }
    /// Sentences about keys nobody knows, naming the file and the key.
    const std::vector<std::string>& problems() const { return _problems; }

    /// `key = value  # from SOURCE` for every key, secrets masked: what --print-config prints.
    void print(std::ostream& out) const;

private:
    struct Entry {
        Key key;
        std::string source = "default";
    };
    std::vector<Entry> _entries;
    std::vector<std::string> _files;
    std::vector<std::string> _problems;
    Entry* find(const std::string& name);
    const Entry* find(const std::string& name) const;
};

/// Shows a secret as "***" (set) or "" (not set).
std::string maskedSecret(const std::string& value);

} // namespace portside::core
