#include "DemoServer.h"

#include "portside/core/SyncClient.h"

#include <Poco/Path.h>
#include <Poco/Pipe.h>
#include <Poco/PipeStream.h>
#include <Poco/StreamCopier.h>

#include <stdexcept>

namespace portside::app {

DemoServer::DemoServer(const std::string& kioskProgram, const std::string& dataDir, core::EventStore& store)
{
    const std::string server = Poco::Path(kioskProgram).setFileName("portside-server").toString();
    const std::string db = "sqlite:" + Poco::Path(dataDir, "demo-server.db").toString();
    try {
        Poco::Pipe out;
        // The demo's server reads no server.conf (the site's could ask for TLS or another state folder) and logs
        // only what goes wrong.
        const Poco::Process::Env env{{"PORTSIDE_CONFIG_DIR", Poco::Path(dataDir, "no-config").toString()}};
        _process = std::make_unique<Poco::ProcessHandle>(Poco::Process::launch(
            server, {"--db", db, "--listen", "127.0.0.1:0", "--seed-demo", "--log-level", "warning"}, std::string(),
            nullptr, &out, nullptr, env));
        Poco::PipeInputStream in(out);
        std::string line;
        std::getline(in, line); // "portside-server listening on http://127.0.0.1:PORT (SQLite)"
        const auto at = line.find("http://");
        if (at == std::string::npos)
            throw std::runtime_error("the demo server did not start");
        _url = line.substr(at, line.find(' ', at) - at);
        if (store.meta("server_token").empty() || store.meta("server_demo") != db) {
            Poco::Pipe codeOut;
            Poco::ProcessHandle admin =
                Poco::Process::launch(server, {"admin", "enroll-code", "--ward", "4B", "--db", db}, std::string(),
                                      nullptr, &codeOut, nullptr, env);
            Poco::PipeInputStream codeIn(codeOut);
            std::string code;
            std::getline(codeIn, code);
            if (admin.wait() != 0)
                throw std::runtime_error("the demo server gave no enrollment code");
            core::SyncClient::enroll(store, _url, code, "demo kiosk");
            store.setMeta("server_demo", db);
        }
        store.setMeta("server_url", _url); // a new port every start
        core::SyncClient(store).pullReference();
    } catch (const std::exception& e) {
        _error = std::string("The demo runs without its server: ") + e.what() + ".";
    }
}

DemoServer::~DemoServer()
{
    if (!_process)
        return;
    try {
        Poco::Process::requestTermination(_process->id());
        _process->wait();
    } catch (...) {
    }
}

} // namespace portside::app
