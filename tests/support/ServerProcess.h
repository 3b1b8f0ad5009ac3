#pragma once

#include "RunProcess.h"
#include "TempDir.h"

#include <boost/test/unit_test.hpp>

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Pipe.h>
#include <Poco/PipeStream.h>
#include <Poco/Process.h>
#include <Poco/StreamCopier.h>

#include <atomic>
#include <csignal>
#include <memory>
#include <string>
#include <vector>

namespace portside::test {

/// A throw-away PostgreSQL cluster (tools/pg-temp: initdb and pg_ctl in a temporary folder, as an unprivileged user
/// when the tests run as root). Each database() is a fresh, empty database in it.
class TempPostgres {
public:
    TempPostgres() : _dir("/tmp/portside-pg-" + std::to_string(::getpid()) + "-" + std::to_string(++counter()))
    {
        const auto r = runProcess(PORTSIDE_SOURCE_DIR "/tools/pg-temp", {"start", _dir});
        if (r.exitCode != 0)
            throw std::runtime_error("PostgreSQL did not start: " + r.err);
        _uri = r.out.substr(0, r.out.find('\n'));
    }
    ~TempPostgres()
    {
        runProcess(PORTSIDE_SOURCE_DIR "/tools/pg-temp", {"stop", _dir});
        runProcess("/bin/rm", {"-rf", _dir});
    }
    TempPostgres(const TempPostgres&) = delete;
    TempPostgres& operator=(const TempPostgres&) = delete;

    std::string database()
    {
        const auto r =
            runProcess(PORTSIDE_SOURCE_DIR "/tools/pg-temp", {"createdb", _dir, "db" + std::to_string(++counter())});
        if (r.exitCode != 0)
            throw std::runtime_error("createdb failed: " + r.err);
        return r.out.substr(0, r.out.find('\n'));
    }

private:
    static int& counter()
    {
        static int n = 0;
        return n;
    }
    std::string _dir, _uri;
};

/// One throw-away PostgreSQL for a whole test program (started on first use).
inline TempPostgres& sharedPostgres()
{
    static TempPostgres pg;
    return pg;
}

/// The database a test runs on: a SQLite file in `dir`, or a fresh database in the shared PostgreSQL.
inline std::string serverDatabase(const std::string& backend, const TempDir& dir)
{
    return backend == "sqlite" ? "sqlite:" + dir.file("server.db") : sharedPostgres().database();
}

/// portside-server as a child process on a free loopback port; dies with the object (or when killed by the test).
struct ServerProcess {
    std::string db;
    std::vector<std::string> extra;
    std::string scheme = "http";
    int port = 0;
    std::unique_ptr<Poco::ProcessHandle> handle;
    std::unique_ptr<Poco::Pipe> out;

    /// `database` is "sqlite:PATH" or a postgresql:// URI.
    explicit ServerProcess(std::string database, std::vector<std::string> args = {})
        : db(std::move(database)), extra(std::move(args))
    {
        start();
    }
    ~ServerProcess() { stop(); }

    void start(int fixedPort = 0)
    {
        out = std::make_unique<Poco::Pipe>();
        std::vector<std::string> args{"--db", db, "--listen", "127.0.0.1:" + std::to_string(fixedPort)};
        args.insert(args.end(), extra.begin(), extra.end());
        extra.erase(std::remove(extra.begin(), extra.end(), "--seed-demo"), extra.end()); // loaded once
        handle = std::make_unique<Poco::ProcessHandle>(
            Poco::Process::launch(PORTSIDE_SERVER, args, nullptr, out.get(), nullptr));
        Poco::PipeInputStream in(*out);
        std::string line;
        std::getline(in, line); // "portside-server listening on http://127.0.0.1:PORT (SQLite)"
        const auto at = line.find("://127.0.0.1:");
        BOOST_REQUIRE_MESSAGE(at != std::string::npos, "the server said: " << line);
        scheme = line.substr(line.rfind(' ', at) + 1, at - line.rfind(' ', at) - 1);
        port = std::stoi(line.substr(at + 13));
    }
    void kill()
    {
        ::kill(handle->id(), SIGKILL);
        handle->wait();
        handle.reset();
    }
    void stop()
    {
        if (!handle)
            return;
        Poco::Process::requestTermination(handle->id());
        handle->wait();
        handle.reset();
    }
    std::string url() const { return scheme + "://127.0.0.1:" + std::to_string(port); }
    ProcessResult admin(std::vector<std::string> args) const
    {
        args.insert(args.begin(), "admin");
        args.push_back("--db");
        args.push_back(db);
        return runProcess(PORTSIDE_SERVER, args);
    }
    std::string enrollmentCode(const std::string& ward = {}) const
    {
        // No ward: a house-wide kiosk, named so on purpose (the server refuses a code that says neither).
        const auto r = ward.empty() ? admin({"enroll-code", "--all-wards"}) : admin({"enroll-code", "--ward", ward});
        BOOST_REQUIRE_MESSAGE(r.exitCode == 0, r.err);
        return r.out.substr(0, r.out.find('\n'));
    }
    /// A raw request, for the refusals a kiosk never makes on purpose.
    std::pair<int, std::string> request(const std::string& method, const std::string& path, const std::string& body,
                                        const std::string& token = {}) const
    {
        Poco::Net::HTTPClientSession session("127.0.0.1", static_cast<Poco::UInt16>(port));
        Poco::Net::HTTPRequest req(method, path, Poco::Net::HTTPMessage::HTTP_1_1);
        req.setContentLength(static_cast<std::streamsize>(body.size()));
        if (!token.empty())
            req.set("Authorization", "Bearer " + token);
        session.sendRequest(req) << body;
        Poco::Net::HTTPResponse response;
        std::string text;
        Poco::StreamCopier::copyToString(session.receiveResponse(response), text);
        return {static_cast<int>(response.getStatus()), text};
    }
    Poco::JSON::Object::Ptr health() const
    {
        const auto r = request("GET", "/v1/health", "");
        Poco::JSON::Parser parser;
        return parser.parse(r.second).extract<Poco::JSON::Object::Ptr>();
    }
    long long events() const { return health()->getValue<long long>("events"); }
};

} // namespace portside::test
