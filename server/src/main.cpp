// portside-server: the central server kiosks sync with (DESIGN.md, Sync flow and Server API v1).
//
//   portside-server [--db DB | --db-file FILE] [--listen HOST:PORT] [--tls-cert PEM --tls-key PEM] [--seed-demo]
//                   [--token-days N] [--max-per-client N] [--request-deadline S]
//       Serves the API. DB is sqlite:PATH (default: portside-server.db here) or postgresql://USER@HOST:PORT/NAME.
//       A password never goes on the command line (anyone on the machine sees it in ps): --db refuses one; give
//       --db-file FILE (its first line is DB; the file must be 0600 or 0400) or the environment variable
//       PORTSIDE_SERVER_DB (used when neither option is given), or leave the password to libpq (PGPASSWORD,
//       ~/.pgpass). Messages show DB with its password masked.
//       PORT 0 picks a free port; the address is printed on start. Without TLS only a loopback address is served.
//   portside-server admin COMMAND ... [--db DB | --db-file FILE]
//       enroll-code --ward W|--all-wards  a one-time code for a kiosk of ward W, or a house-wide one (printed once)
//       devices                         enrolled kiosks and the state of their audit chains
//       revoke DEVICE                   refuse that kiosk's token from now on
//       add KIND FIELD=VALUE ...        add or change staff, a patient, a product or a recall (fields: Admin.h)
//       import KIND FILE.csv            the same for every row of a CSV file (all rows or none)
//                                       staff PINs: digits, at least 6, or staff.min_pin_length of --settings FILE
//                                       (the site's settings, as the kiosks' site.properties)
//       put KIND KEY JSON               raw reference record
//       transfer PATIENT WARD           the patient moves: the new ward's kiosks get them, the old ward's drop them
//       discharge PATIENT               the patient leaves: every kiosk drops them; their records stay here
//       add-plugin PACKAGE.zip          offer a plugin package to the kiosks
//       add-plugin-key KEY.pem NAME     a key the kiosks trust to sign plugins (revoke-plugin-key KEY.pem NAME)
//       integration-token NAME          a token for the FHIR export (GET /fhir/Bundle), recorded so it can be revoked
//       integration-tokens              the integration tokens issued: id, name, issued, active or revoked
//       revoke-integration-token ID|NAME   refuse that token (or every token of that name) from now on
//       fhir [--run R] [--patient P] [--device D]   print the FHIR R4 transaction Bundle

#include "Admin.h"
#include "Api.h"
#include "Fhir.h"
#include "ServerStore.h"

#include "portside/core/Configuration.h"
#include "portside/core/Deployment.h"
#include "portside/core/Logging.h"
#include "portside/core/SiteSettings.h"
#include "portside/core/StaffAuth.h"
#include "portside/core/Text.h"

#include <Poco/Crypto/EVPPKey.h>
#include <Poco/Crypto/X509Certificate.h>
#include <Poco/Environment.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Logger.h>
#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/SecureServerSocket.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/NumberParser.h>
#include <Poco/String.h>
#include <Poco/Util/HelpFormatter.h>
#include <Poco/Util/Option.h>
#include <Poco/Util/OptionSet.h>
#include <Poco/Util/ServerApplication.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <sstream>
#include <tuple>

#include <openssl/x509.h>
#include <pwd.h>
#include <sys/stat.h>

using namespace portside::server;

namespace {

/// The certificate and key given for HTTPS: both there, readable, and one pair. Throws std::invalid_argument with a
/// sentence (the server then does not start), where a wrong key used to fail only at the first kiosk's handshake.
void checkTls(const std::string& certFile, const std::string& keyFile)
{
    if (certFile.empty() || keyFile.empty())
        throw std::invalid_argument("HTTPS needs both --tls-cert and --tls-key.");
    std::unique_ptr<Poco::Crypto::X509Certificate> cert;
    try {
        cert = std::make_unique<Poco::Crypto::X509Certificate>(certFile);
    } catch (const Poco::Exception& e) {
        throw std::invalid_argument("The certificate " + certFile + " cannot be read (" + e.displayText() + ").");
    }
    std::unique_ptr<Poco::Crypto::EVPPKey> key;
    try {
        key = std::make_unique<Poco::Crypto::EVPPKey>("", keyFile);
    } catch (const Poco::Exception& e) {
        throw std::invalid_argument("The private key " + keyFile + " cannot be read (" + e.displayText() + ").");
    }
    if (X509_check_private_key(const_cast<X509*>(cert->certificate()), static_cast<EVP_PKEY*>(*key)) != 1)
        throw std::invalid_argument("The private key " + keyFile + " does not belong to the certificate " + certFile +
                                    "; the server does not start.");
    if (X509_cmp_current_time(X509_get0_notAfter(cert->certificate())) < 0)
        throw std::invalid_argument("The certificate " + certFile + " has expired; the server does not start.");
}

/// The first line of a --db-file (or db.file): refused when others may read the file (it may hold a password).
std::string addressFromFile(const std::string& path, const std::string& what)
{
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode))
        throw std::invalid_argument(what + " " + path + " is not a file that can be read.");
    if (st.st_mode & (S_IRWXG | S_IRWXO)) {
        char mode[8];
        std::snprintf(mode, sizeof mode, "%04o", static_cast<unsigned>(st.st_mode & 07777));
        throw std::invalid_argument(what + " " + path + " may be read or changed by other users (mode " + mode +
                                    "), and it may hold the database password: make it the server's alone (chmod 600 " +
                                    path + ") and start again.");
    }
    std::ifstream in(path);
    std::string line;
    std::getline(in, line);
    const auto end = line.find_last_not_of(" \t\r");
    const auto begin = line.find_first_not_of(" \t");
    line = end == std::string::npos ? std::string() : line.substr(begin, end + 1 - begin);
    if (!in && line.empty())
        throw std::invalid_argument(what + " " + path + " cannot be read.");
    if (line.empty())
        throw std::invalid_argument(what + " " + path +
                                    ": its first line must be the database address (sqlite:PATH or "
                                    "postgresql://USER:PASSWORD@HOST:PORT/NAME).");
    return line;
}

std::string refusePassword(const std::string& db, const std::string& where)
{
    if (hasPassword(db))
        throw std::invalid_argument(
            where + " " + withoutPassword(db) +
            " carries a password, which every user of this machine can read there. Put the address in a file only "
            "this server's user can read (chmod 600) and give --db-file FILE (or db.file in server.conf), or set it "
            "in the environment variable PORTSIDE_SERVER_DB; or leave the password to PostgreSQL's own PGPASSWORD "
            "or ~/.pgpass.");
    return db;
}

/// The database address, first found: --db, --db-file, PORTSIDE_SERVER_DB, server.conf's db.file, server.conf's db,
/// the default (sqlite:<state.dir>/portside-server.db). A password on the command line or in server.conf (which
/// others may read) is refused, and so is a db file that others may read. Sets "db" in `config` to the address and
/// where it came from.
std::string databaseAddress(const std::map<std::string, std::string>& options, portside::core::Configuration& config)
{
    const auto db = options.find("db"), file = options.find("db-file");
    if (db != options.end() && file != options.end())
        throw std::invalid_argument("Give the database with --db or with --db-file, not both.");
    std::string address, from;
    if (db != options.end()) {
        address = refusePassword(db->second, "--db"), from = "--db";
    } else if (file != options.end()) {
        address = addressFromFile(file->second, "--db-file"), from = "--db-file " + file->second;
    } else if (const std::string env = Poco::Environment::get("PORTSIDE_SERVER_DB", ""); !env.empty()) {
        address = env, from = "PORTSIDE_SERVER_DB";
    } else if (!config.get("db.file").empty()) {
        address = addressFromFile(config.get("db.file"), "db.file"), from = "db.file " + config.get("db.file");
    } else if (config.source("db") != "default") {
        address = refusePassword(config.get("db"), "db in " + config.source("db")), from = config.source("db");
    } else {
        const std::string state = config.get("state.dir");
        address = "sqlite:" + (state == "." ? std::string() : state + "/") + "portside-server.db";
        from = "default (state.dir)";
    }
    config.set("db", address, from);
    return address;
}

/// server.conf's keys (packaging/server.conf lists them with their comments), their defaults by where this program
/// lives, then <config dir>/server.conf.
portside::core::Configuration serverConfiguration()
{
    namespace deployment = portside::core::deployment;
    const std::string exe = deployment::executablePath();
    portside::core::Configuration config({
        {"state.dir", deployment::defaultServerState(exe), "the server's own folder (its SQLite database)", {}},
        {"db", "", "sqlite:PATH or postgresql://USER@HOST:PORT/NAME (no password here)", withoutPassword},
        {"db.file", "", "a file only the server may read whose first line is the database address", {}},
        {"listen", "127.0.0.1:8443", "HOST:PORT to serve", {}},
        {"tls.cert", "", "the server certificate (chain) for HTTPS", {}},
        {"tls.key", "", "its private key", {}},
        {"token.days", "90", "lifetime of device tokens", {}},
        {"limits.per_client", "32", "requests served at once for one client address", {}},
        {"limits.request_deadline_s", "10", "seconds a request's head may take to arrive", {}},
        {"log.level", "information", "fatal, critical, error, warning, notice, information, debug, trace", {}},
        {"log.prefix", "auto", "<N> journal priority prefixes: auto, yes, no", {}},
        {"log.access", "yes", "one line per request: address, method, path, status, bytes, milliseconds", {}},
    });
    config.loadFile(deployment::configDirectory() + "/server.conf");
    return config;
}

class ServerApp : public Poco::Util::ServerApplication {
protected:
    void defineOptions(Poco::Util::OptionSet& options) override
    {
        ServerApplication::defineOptions(options);
        const auto value = [&](const std::string& name, const std::string& arg, const std::string& help) {
            options.addOption(Poco::Util::Option(name, "", help).required(false).repeatable(false).argument(arg));
        };
        value("db", "DB",
              "sqlite:PATH (default portside-server.db in state.dir) or postgresql://USER@HOST:PORT/NAME; no password "
              "here "
              "(--db-file, PORTSIDE_SERVER_DB or libpq's PGPASSWORD/.pgpass)");
        value("db-file", "FILE",
              "a file only this user may read (0600) whose first line is DB, password included; without --db and "
              "--db-file, the environment variable PORTSIDE_SERVER_DB is DB");
        value("listen", "HOST:PORT", "address to serve (default 127.0.0.1:8443)");
        value("tls-cert", "PEM", "server certificate (chain) for HTTPS");
        value("tls-key", "PEM", "private key of the certificate");
        value("token-days", "N", "lifetime of device tokens (default 90; renewed past half)");
        value("max-per-client", "N", "requests served at once for one client address (default 32; more get 503)");
        value("request-deadline", "S",
              "seconds a request's head may take to arrive, from the connection or the last answer (default 10; "
              "its body three times that)");
        value("ward", "WARD", "admin enroll-code: the kiosk's ward");
        options.addOption(Poco::Util::Option("all-wards", "",
                                             "admin enroll-code: a house-wide kiosk (every ward's patients and staff)")
                              .required(false));
        value("settings", "FILE", "admin add, import, put: the site's settings (staff.min_pin_length, default 6)");
        value("run", "RUN", "admin fhir: one checklist run");
        value("patient", "ID", "admin fhir: one patient");
        value("device", "ID", "admin fhir: one kiosk");
        options.addOption(Poco::Util::Option("seed-demo", "", "load the demo ward's reference data").required(false));
        value("state-dir", "DIR",
              "the server's folder (default /var/lib/portside-server when installed, the current folder in a build "
              "tree)");
        value("log-level", "LEVEL", "fatal, critical, error, warning, notice, information (default), debug, trace");
        options.addOption(Poco::Util::Option("print-config", "",
                                             "print the configuration in force (defaults, server.conf, environment, "
                                             "options; passwords masked) and exit")
                              .required(false));
        options.addOption(Poco::Util::Option("check-config", "",
                                             "check the configuration, the database, TLS key and certificate and the "
                                             "folders; exit 0 with a summary, 1 with what is wrong")
                              .required(false));
        options.addOption(
            Poco::Util::Option("json", "", "admin devices, admin integration-tokens: JSON").required(false));
        options.addOption(Poco::Util::Option("help", "h", "this text").required(false));
    }

    void handleOption(const std::string& name, const std::string& value) override
    {
        ServerApplication::handleOption(name, value);
        _options[name] = value;
        if (name == "help")
            stopOptionsProcessing();
    }

    int main(const std::vector<std::string>& args) override
    {
        if (_options.count("help")) {
            Poco::Util::HelpFormatter help(options());
            help.setCommand("portside-server");
            help.setUsage("[OPTIONS] | admin COMMAND ...");
            help.format(std::cout);
            return EXIT_OK;
        }
        try {
            auto config = serverConfiguration();
            const std::vector<std::pair<std::string, std::string>> fromOptions{
                {"state-dir", "state.dir"},
                {"listen", "listen"},
                {"tls-cert", "tls.cert"},
                {"tls-key", "tls.key"},
                {"token-days", "token.days"},
                {"max-per-client", "limits.per_client"},
                {"request-deadline", "limits.request_deadline_s"},
                {"log-level", "log.level"}};
            for (const auto& [name, key] : fromOptions)
                if (_options.count(name))
                    config.set(key, _options[name], "--" + name);
            const std::string db = databaseAddress(_options, config);
            portside::core::configureLogging({config.get("log.level"), config.get("log.prefix")});
            if (config.get("log.access") == "no")
                Poco::Logger::get("portside.access").setLevel(Poco::Message::PRIO_FATAL - 1); // none
            if (_options.count("print-config")) {
                config.print(std::cout);
                return EXIT_OK;
            }
            if (_options.count("check-config"))
                return checkConfig(config, db);
            for (const auto& problem : config.problems())
                Poco::Logger::get("portside.server").warning(problem);
            _config = std::make_unique<portside::core::Configuration>(config);
            ServerStore store(db);
            const auto days = std::stoi(option("token-days", "90"));
            if (days < 1)
                throw std::invalid_argument("--token-days must be 1 or more.");
            Tokens tokens(store.signingKey(), std::chrono::hours(24 * days));
            if (!args.empty() && args.front() == "admin")
                return admin(store, tokens, std::vector<std::string>(args.begin() + 1, args.end()));
            if (!args.empty())
                throw std::invalid_argument("Unknown command \"" + args.front() + "\"; see --help.");
            if (_options.count("seed-demo"))
                seedDemo(store);
            return serve(store, tokens);
        } catch (const std::exception& e) {
            std::cerr << "portside-server: " << e.what() << '\n';
            return EXIT_SOFTWARE;
        }
    }

private:
    /// An option's value: the command line, then server.conf, then the default.
    std::string option(const std::string& name, const std::string& fallback) const
    {
        static const std::map<std::string, std::string> keys{{"listen", "listen"},
                                                             {"tls-cert", "tls.cert"},
                                                             {"tls-key", "tls.key"},
                                                             {"token-days", "token.days"},
                                                             {"max-per-client", "limits.per_client"},
                                                             {"request-deadline", "limits.request_deadline_s"}};
        const auto it = _options.find(name);
        if (it != _options.end())
            return it->second;
        const auto key = keys.find(name);
        if (_config && key != keys.end() && !_config->get(key->second).empty())
            return _config->get(key->second);
        return fallback;
    }

    /// `--check-config`: everything the server needs before it can serve, checked without changing anything.
    int checkConfig(const portside::core::Configuration& config, const std::string& db)
    {
        std::vector<std::string> problems = config.problems();
        const std::string state = config.get("state.dir");
        struct stat st {};
        if (::stat(state.c_str(), &st) != 0 || !S_ISDIR(st.st_mode))
            problems.push_back("The state folder " + state +
                               " does not exist (state.dir); make it, 0700, owned by "
                               "the server's user.");
        else if (::access(state.c_str(), W_OK | X_OK) != 0)
            problems.push_back("The state folder " + state + " cannot be written by this user.");
        else if (state != "." && (st.st_mode & S_IRWXO))
            problems.push_back("The state folder " + state + " is open to every user; chmod 700 " + state + ".");
        if (const std::string p = databaseProblem(db); !p.empty())
            problems.push_back(p);
        const std::string listen = config.get("listen");
        const auto colon = listen.rfind(':');
        int port = -1;
        if (colon == std::string::npos || !Poco::NumberParser::tryParse(listen.substr(colon + 1), port) || port < 0 ||
            port > 65535) {
            problems.push_back("listen takes HOST:PORT (got \"" + listen + "\").");
        } else {
            const bool tls = !config.get("tls.cert").empty() || !config.get("tls.key").empty();
            try {
                const Poco::Net::SocketAddress address(listen.substr(0, colon), static_cast<Poco::UInt16>(port));
                if (!tls && !address.host().isLoopback())
                    problems.push_back("Without tls.cert and tls.key the server listens only on a loopback address; "
                                       "kiosks on the network need HTTPS.");
            } catch (const Poco::Exception& e) {
                problems.push_back("listen " + listen + " is not an address here (" + e.displayText() + ").");
            }
            if (tls) {
                try {
                    checkTls(config.get("tls.cert"), config.get("tls.key"));
                } catch (const std::invalid_argument& e) {
                    problems.push_back(e.what());
                }
                struct stat key {};
                if (::stat(config.get("tls.key").c_str(), &key) == 0 && (key.st_mode & S_IROTH))
                    problems.push_back("The TLS key " + config.get("tls.key") +
                                       " can be read by every user of this machine; chmod 600 it (owned by the "
                                       "server's user).");
            }
        }
        for (const auto& [key, low, high] : std::vector<std::tuple<std::string, int, int>>{
                 {"token.days", 1, 3650}, {"limits.per_client", 1, 100000}, {"limits.request_deadline_s", 3, 3600}}) {
            int n = 0;
            if (!Poco::NumberParser::tryParse(config.get(key), n) || n < low || n > high)
                problems.push_back(key + " takes a whole number from " + std::to_string(low) + " to " +
                                   std::to_string(high) + " (got \"" + config.get(key) + "\").");
        }
        if (config.get("log.access") != "yes" && config.get("log.access") != "no")
            problems.push_back("log.access takes yes or no (got \"" + config.get("log.access") + "\").");
        if (!problems.empty()) {
            for (const auto& p : problems)
                std::cerr << "portside-server: " << p << '\n';
            return 1;
        }
        std::string files;
        for (const auto& f : config.files())
            files += (files.empty() ? "" : ", ") + f;
        // Root reads what the service's user may not (a key only root can read): say whose view this is.
        if (::geteuid() == 0 && st.st_uid != 0) {
            const struct passwd* owner = ::getpwuid(st.st_uid);
            const std::string user = owner ? owner->pw_name : std::to_string(st.st_uid);
            std::cout << "portside-server: checked as root; the server runs as " << user << ": run runuser -u " << user
                      << " -- portside-server --check-config to check what it can read.\n";
        }
        std::cout << "portside-server configuration is usable: database " << withoutPassword(db) << ", "
                  << (config.get("tls.cert").empty() ? "http://" : "https://") << listen << ", state in " << state
                  << ", log level " << config.get("log.level") << ", read from "
                  << (files.empty() ? std::string("the defaults") : files) << ".\n";
        return 0;
    }

    int serve(ServerStore& store, const Tokens& tokens)
    {
        const std::string listen = option("listen", "127.0.0.1:8443");
        const auto colon = listen.rfind(':');
        if (colon == std::string::npos)
            throw std::invalid_argument("--listen takes HOST:PORT (got \"" + listen + "\").");
        const Poco::Net::SocketAddress address(listen.substr(0, colon),
                                               static_cast<Poco::UInt16>(std::stoi(listen.substr(colon + 1))));
        const bool tls = !option("tls-cert", "").empty() || !option("tls-key", "").empty();
        if (!tls && !address.host().isLoopback())
            throw std::invalid_argument("Without --tls-cert and --tls-key the server listens only on a loopback "
                                        "address; kiosks on the network need HTTPS.");
        std::unique_ptr<Poco::Net::ServerSocket> socket;
        if (tls) {
            checkTls(option("tls-cert", ""), option("tls-key", "")); // before anything says "listening on https"
            Poco::Net::Context::Ptr context =
                new Poco::Net::Context(Poco::Net::Context::SERVER_USE, option("tls-key", ""), option("tls-cert", ""),
                                       "", Poco::Net::Context::VERIFY_NONE, 9, false, "HIGH:!aNULL:!MD5:!RC4");
            context->requireMinimumProtocol(Poco::Net::Context::PROTO_TLSV1_2);
            socket = std::make_unique<Poco::Net::SecureServerSocket>(address, 1024, context);
        } else {
            socket = std::make_unique<Poco::Net::ServerSocket>(address, 1024); // a ward of kiosks may connect at once
        }
        HttpServer::Limits limits;
        limits.perClient = std::stoi(option("max-per-client", "32"));
        if (limits.perClient < 1)
            throw std::invalid_argument("--max-per-client must be 1 or more.");
        int deadline = 0;
        // More than the 2 s a kept-alive connection may wait for its next request; at most an hour.
        if (!Poco::NumberParser::tryParse(option("request-deadline", "10"), deadline) || deadline < 3 ||
            deadline > 3600)
            throw std::invalid_argument("--request-deadline takes whole seconds from 3 to 3600 (got \"" +
                                        option("request-deadline", "") + "\").");
        limits.headDeadline = Poco::Timespan(deadline, 0);
        limits.bodyDeadline = Poco::Timespan(3 * deadline, 0);
        HttpServer server(store, tokens, *socket, limits);
        server.start();
        std::cout << "portside-server listening on " << (tls ? "https://" : "http://") << socket->address().toString()
                  << " (" << (store.postgres() ? "PostgreSQL" : "SQLite") << ")" << std::endl;
        waitForTerminationRequest();
        return EXIT_OK;
    }

    int admin(ServerStore& store, const Tokens& tokens, const std::vector<std::string>& a)
    {
        const std::string command = a.empty() ? "" : a.front();
        const auto need = [&](std::size_t n, const std::string& usage) {
            if (a.size() < n)
                throw std::invalid_argument("usage: portside-server admin " + usage);
        };
        portside::core::SiteSettings site;
        if (_options.count("settings")) { // named on purpose: a missing file is a mistake, not "the defaults"
            if (!std::ifstream(option("settings", "")))
                throw std::invalid_argument("The settings file " + option("settings", "") + " cannot be read.");
            site.loadFile(option("settings", ""));
        }
        const int minPin = portside::core::StaffAuth::minPinLength(site);
        if (command == "enroll-code") {
            // A kiosk without a ward gets every patient and every staff member's PIN verifier: only on purpose.
            const std::string ward = Poco::trim(option("ward", ""));
            const bool allWards = _options.count("all-wards") > 0;
            if (ward.empty() == !allWards)
                throw std::invalid_argument(
                    allWards ? "Give either --ward or --all-wards, not both."
                             : "Say which ward the kiosk serves (--ward 4B). --all-wards makes a house-wide kiosk: it "
                               "gets every ward's patients and every staff member's PIN verifier.");
            if (std::any_of(ward.begin(), ward.end(),
                            [](char c) { return c == ';' || c == ',' || static_cast<unsigned char>(c) < 0x20; }))
                throw std::invalid_argument("A ward name cannot hold ';', ',' or a control character: \"" +
                                            portside::core::validUtf8(ward) + "\".");
            std::cout << store.newEnrollmentCode(ward) << '\n';
        } else if (command == "devices" && _options.count("json")) {
            Poco::JSON::Array rows;
            for (const auto& d : store.devices()) {
                Poco::JSON::Object row;
                row.set("id", d.id);
                row.set("name", d.name);
                row.set("ward", d.ward);
                row.set("enrolled", d.enrolled);
                row.set("headSeq", d.headSeq);
                row.set("revoked", d.revoked != 0);
                row.set("chainProblem", d.chainProblem);
                row.set("missing", d.missing);
                rows.add(row);
            }
            rows.stringify(std::cout);
            std::cout << '\n';
        } else if (command == "devices") {
            for (const auto& d : store.devices())
                std::cout << d.id << '\t' << d.name << '\t' << (d.ward.empty() ? "-" : d.ward) << '\t' << d.enrolled
                          << "\thead " << d.headSeq << '\t' << (d.revoked ? "revoked" : "active") << '\t'
                          << (d.chainProblem.empty() ? "chain ok" : "CHAIN: " + d.chainProblem)
                          << (d.missing.empty() ? "" : "\tMISSING events " + d.missing) << '\n';
        } else if (command == "revoke") {
            need(2, "revoke DEVICE");
            store.revoke(a[1]);
        } else if (command == "add") {
            need(3, "add KIND FIELD=VALUE ...");
            Fields fields;
            for (std::size_t i = 2; i < a.size(); ++i) {
                const auto eq = a[i].find('=');
                if (eq == std::string::npos)
                    throw std::invalid_argument("\"" + a[i] + "\" is not FIELD=VALUE.");
                fields[a[i].substr(0, eq)] = a[i].substr(eq + 1);
            }
            const auto record = makeRecord(a[1], fields, minPin);
            store.putReference(record.kind, record.key, record.json);
            std::cout << record.kind << ' ' << record.key << " stored\n";
        } else if (command == "transfer") {
            need(3, "transfer PATIENT WARD");
            portside::server::patientChange(store, "transfer", a[1], a[2]);
            std::cout << "patient " << a[1] << " moved to ward " << Poco::trim(a[2]) << '\n';
        } else if (command == "discharge") {
            need(2, "discharge PATIENT");
            portside::server::patientChange(store, "discharge", a[1]);
            std::cout << "patient " << a[1] << " discharged; their records stay\n";
        } else if (command == "import") {
            need(3, "import KIND FILE.csv");
            std::ifstream file(a[2]);
            if (!file)
                throw std::invalid_argument("Cannot read " + a[2] + ".");
            std::cout << importCsv(store, a[1], file, minPin) << ' ' << a[1] << " records imported\n";
        } else if (command == "put") {
            need(4, "put KIND KEY JSON");
            const auto record = recordFromJson(a[1], a[2], a[3], minPin); // the same checks as add and import
            store.putReference(record.kind, record.key, record.json);
            std::cout << record.kind << ' ' << record.key << " stored\n";
        } else if (command == "add-plugin") {
            need(2, "add-plugin PACKAGE.zip");
            const auto record = addPluginPackage(store, a[1]);
            std::cout << "plugin " << record.json << '\n';
        } else if (command == "add-plugin-key" || command == "revoke-plugin-key") {
            need(3, command + " KEY.pub.pem NAME");
            const auto record = addPluginKey(store, a[1], a[2], command == "revoke-plugin-key");
            std::cout << "plugin key " << record.key << (command == "revoke-plugin-key" ? " revoked\n" : " stored\n");
        } else if (command == "integration-token") {
            need(2, "integration-token NAME");
            const auto issued = store.newIntegrationToken(a[1]);
            std::cout << tokens.issue("integration:" + a[1], "integration", std::chrono::hours(24 * 365), issued.id)
                      << '\n';
            std::cerr << "Integration token " << issued.id << " for " << a[1]
                      << " (valid 365 days). Revoke it with: portside-server admin revoke-integration-token "
                      << issued.id << '\n';
        } else if (command == "integration-tokens" && _options.count("json")) {
            Poco::JSON::Array rows;
            for (const auto& t : store.integrationTokens()) {
                Poco::JSON::Object row;
                row.set("id", t.id);
                row.set("name", t.name);
                row.set("issued", t.issued);
                row.set("revoked", t.revoked);
                rows.add(row);
            }
            rows.stringify(std::cout);
            std::cout << '\n';
        } else if (command == "integration-tokens") {
            for (const auto& t : store.integrationTokens())
                std::cout << t.id << '\t' << t.name << '\t' << t.issued << '\t'
                          << (t.revoked.empty() ? "active" : "revoked " + t.revoked) << '\n';
        } else if (command == "revoke-integration-token") {
            need(2, "revoke-integration-token ID|NAME");
            for (const auto& t : store.revokeIntegrationToken(a[1]))
                std::cout << "integration token " << t.id << " (" << t.name << ") revoked " << t.revoked << '\n';
        } else if (command == "fhir") {
            fhirBundle(store.events(option("device", ""), option("run", ""), option("patient", "")),
                       serverCatalog(store))
                ->stringify(std::cout, 1);
            std::cout << '\n';
        } else {
            throw std::invalid_argument(
                "Unknown admin command \"" + command +
                "\"; use enroll-code, devices, revoke, add, transfer, discharge, import, put, add-plugin, "
                "add-plugin-key, revoke-plugin-key, integration-token, "
                "integration-tokens, revoke-integration-token or fhir.");
        }
        return EXIT_OK;
    }

    std::map<std::string, std::string> _options;
    std::unique_ptr<portside::core::Configuration> _config;
};

} // namespace

POCO_SERVER_MAIN(ServerApp)
