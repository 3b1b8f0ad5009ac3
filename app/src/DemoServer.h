#pragma once

#include "portside/core/EventStore.h"

#include <Poco/Process.h>

#include <memory>
#include <string>

namespace portside::app {

/// The demo's central server: `portside --demo` starts portside-server (next to the kiosk program) on a free
/// loopback port with its own SQLite file in the data folder and the demo ward's reference data, enrolls the kiosk
/// with it the first time (later only its address changes), and pulls the reference data once. The server stops
/// with the object. When the server cannot start, the demo runs on with the data seeded in the kiosk's store and
/// `error()` says why.
class DemoServer {
public:
    DemoServer(const std::string& kioskProgram, const std::string& dataDir, core::EventStore& store);
    ~DemoServer();
    DemoServer(const DemoServer&) = delete;
    DemoServer& operator=(const DemoServer&) = delete;

    const std::string& url() const { return _url; }
    const std::string& error() const { return _error; }

private:
    std::unique_ptr<Poco::ProcessHandle> _process;
    std::string _url, _error;
};

} // namespace portside::app
