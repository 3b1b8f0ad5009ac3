// `portside-cli plugin new ID [--dir DIR]`: a new checklist plugin folder for a plugin builder, made from the SDK's
// example (sdk/example, embedded at build time) with the example's id and class name replaced.

#include "Command.h"
#include "ExampleFiles.h"

#include "portside/core/ReferenceJson.h"

#include <Poco/DirectoryIterator.h>
#include <Poco/File.h>
#include <Poco/Path.h>
#include <Poco/String.h>

#include <cctype>
#include <fstream>
#include <ostream>
#include <stdexcept>

namespace portside::cli {

namespace {

/// "wound-care.v2" -> "WoundCareV2": the stem of the plugin's class and source file names.
std::string className(const std::string& id)
{
    std::string name;
    bool upper = true;
    for (const char c : id) {
        if (c == '-' || c == '_' || c == '.') {
            upper = true;
            continue;
        }
        name += upper ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
        upper = false;
    }
    if (std::isdigit(static_cast<unsigned char>(name.front())))
        name = "Checklist" + name; // a C++ name cannot start with a digit
    return name;
}

std::string substitute(const std::string& text, const std::string& id, const std::string& cls)
{
    return Poco::replace(Poco::replace(text, std::string(kExampleId), id), std::string(kExampleClass), cls);
}

} // namespace

int pluginNew(Args& args, std::ostream& out)
{
    const std::string usage = "plugin new ID [--dir DIR]";
    const auto dirs = args.values("dir");
    if (args.words.size() != 1 || args.words.front().rfind("--", 0) == 0 || dirs.size() > 1)
        throw std::invalid_argument(usage);
    const std::string id = args.words.front();
    args.words.clear();
    if (!core::safePluginId(id))
        throw std::invalid_argument("\"" + id +
                                    "\" cannot be a plugin id: use lower-case letters and digits, with '-', '_' or "
                                    "'.' between them (at most 64), such as \"wound-check\".");
    const std::string dir = dirs.empty() ? id : dirs.front();
    Poco::File folder(dir);
    if (folder.exists() && (!folder.isDirectory() || Poco::DirectoryIterator(dir) != Poco::DirectoryIterator()))
        throw std::invalid_argument(dir + " already exists and is not an empty folder; choose another with --dir.");

    const std::string cls = className(id);
    folder.createDirectories();
    for (std::size_t i = 0; i < kExampleFileCount; ++i) {
        const Poco::Path path(Poco::Path(dir, Poco::Path::PATH_UNIX).makeDirectory(),
                              Poco::Path(substitute(kExampleFiles[i].path, id, cls), Poco::Path::PATH_UNIX));
        Poco::File(path.parent()).createDirectories();
        std::ofstream file(path.toString(), std::ios::binary | std::ios::trunc);
        const std::string text = substitute(kExampleFiles[i].text, id, cls);
        if (!file || !file.write(text.data(), static_cast<std::streamsize>(text.size())) || !file.flush())
            throw std::runtime_error("Cannot write " + path.toString() + ".");
    }
    out << "Created " << dir << ": the checklist plugin \"" << id << "\" (class " << cls
        << "Plugin), from the SDK's example. Build it against the installed SDK:\n"
        << "  cmake -S " << dir << " -B " << dir << "/build -DCMAKE_PREFIX_PATH=<SDK prefix> && cmake --build " << dir
        << "/build\n"
        << "then pack and sign it:\n"
        << "  portside-cli plugin pack " << dir << "/build --key NAME.key.pem --out " << id << ".zip\n"
        << "The SDK's README.md (share/portside-sdk) says what a checklist declares.\n";
    return 0;
}

} // namespace portside::cli
