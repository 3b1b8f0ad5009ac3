#include "DurableFile.h"

#include <cstdio>
#include <stdexcept>

#include <fcntl.h>
#include <unistd.h>

namespace portside::core {

void writeFileDurably(const std::string& path, const std::string& bytes)
{
    const std::string temporary = path + ".new";
    const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0)
        throw std::runtime_error("Cannot write " + path + ".");
    std::size_t done = 0;
    while (done < bytes.size()) {
        const auto n = ::write(fd, bytes.data() + done, bytes.size() - done);
        if (n <= 0) {
            ::close(fd);
            throw std::runtime_error("Cannot write " + path + " (the disk may be full).");
        }
        done += static_cast<std::size_t>(n);
    }
    const bool synced = ::fsync(fd) == 0;
    ::close(fd);
    if (!synced || std::rename(temporary.c_str(), path.c_str()) != 0)
        throw std::runtime_error("Cannot write " + path + ".");
}

} // namespace portside::core
