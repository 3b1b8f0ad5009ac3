#pragma once

#include <Poco/File.h>
#include <Poco/Path.h>
#include <Poco/TemporaryFile.h>

#include <string>

namespace portside::test {

/// A folder that exists for the life of the object and is removed with everything in it afterwards.
class TempDir {
public:
    TempDir() : _path(Poco::TemporaryFile::tempName()) { Poco::File(_path).createDirectories(); }
    ~TempDir()
    {
        try {
            Poco::File(_path).remove(true);
        } catch (...) {
        }
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    const std::string& path() const { return _path; }
    std::string file(const std::string& name) const { return Poco::Path(_path, name).toString(); }

private:
    std::string _path;
};

} // namespace portside::test
