#include "portside/core/PluginProbe.h"

#include "portside/core/PluginManager.h"
#include "portside/sdk/Checklist.h"
#include "portside/sdk/Host.h"

#include <Poco/File.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Path.h>
#include <Poco/TemporaryFile.h>

#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <thread>
#include <vector>

#include <fcntl.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

namespace portside::core {

namespace {

/// The host a probed plugin starts with: no settings (every plugin must start on its defaults), a log kept for the
/// result, a data folder of its own that goes away.
class ProbeHost final : public sdk::Host {
public:
    explicit ProbeHost(std::string data) : _data(std::move(data)) {}
    std::string setting(const std::string&, const std::string& fallback) const override { return fallback; }
    void log(sdk::LogLevel, const std::string& message) override { _log += message + "\n"; }
    std::string dataDirectory() const override { return _data; }

private:
    std::string _data, _log;
};

std::string signalName(int sig)
{
    switch (sig) {
    case SIGSEGV: return "it crashed (segmentation fault)";
    case SIGABRT: return "it aborted";
    case SIGBUS: return "it crashed (bus error)";
    case SIGFPE: return "it crashed (arithmetic error)";
    case SIGILL: return "it crashed (illegal instruction)";
    case SIGKILL: return "it was killed";
    default: return "it was ended by signal " + std::to_string(sig);
    }
}

std::string lastLine(const std::string& path)
{
    std::ifstream in(path);
    std::string line, last;
    while (std::getline(in, line))
        if (!line.empty())
            last = line;
    return last.size() > 300 ? last.substr(0, 300) + "..." : last;
}

} // namespace

ProbeResult probeModule(const std::string& module, const std::string& program, std::chrono::milliseconds limit)
{
    ProbeResult result;
    // A folder of its own (mkdtemp: 0700, a name nobody can guess) for what the child says. The probe is a check of
    // behaviour, not a trust decision: the module runs in the child and could write anything there; the signature is
    // what says a package may be installed.
    std::string folder = Poco::Path::temp() + "portside-probe-XXXXXX";
    if (!::mkdtemp(folder.data()))
        throw std::runtime_error("The plugin cannot be probed: no temporary folder (" +
                                 std::string(std::strerror(errno)) + ").");
    struct Cleanup {
        std::string folder;
        ~Cleanup()
        {
            try {
                Poco::File(folder).remove(true);
            } catch (...) {
            }
        }
    } cleanup{folder};
    const std::string resultPath = folder + "/result.json", errorPath = folder + "/stderr.txt";
    // Everything the child needs, made before fork(): after it, only async-signal-safe calls.
    std::vector<std::string> args{program, "plugin", "probe", module, resultPath};
    std::vector<char*> argv;
    for (auto& a : args)
        argv.push_back(a.data());
    argv.push_back(nullptr);
    const pid_t parent = ::getpid();
    const pid_t pid = ::fork();
    if (pid < 0)
        throw std::runtime_error(std::string("The plugin cannot be probed: fork failed (") + std::strerror(errno) +
                                 ").");
    if (pid == 0) {
        const int devnull = ::open("/dev/null", O_RDWR);
        const int err = ::open(errorPath.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0600);
        if (devnull >= 0) {
            ::dup2(devnull, 0);
            ::dup2(devnull, 1);
        }
        if (err >= 0)
            ::dup2(err, 2);
        ::setpgid(0, 0);                    // its own group: a hang is ended with whatever it started
        ::prctl(PR_SET_PDEATHSIG, SIGKILL); // and it ends with the process that probes it, even a kill -9
        if (::getppid() != parent)
            ::_exit(126);
        ::execv(argv[0], argv.data());
        ::_exit(127);
    }
    int status = 0;
    const auto end = std::chrono::steady_clock::now() + limit;
    bool finished = false;
    while (!finished) {
        const pid_t done = ::waitpid(pid, &status, WNOHANG);
        if (done == pid) {
            finished = true;
        } else if (std::chrono::steady_clock::now() > end) {
            ::kill(-pid, SIGKILL);
            ::kill(pid, SIGKILL);
            ::waitpid(pid, &status, 0);
            result.error = "Plugin " + module + ": it did not finish loading and starting within " +
                           std::to_string(limit.count() / 1000.0).substr(0, 4) + " s (it hangs); it is refused.";
            return result;
        } else {
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
    }
    if (WIFSIGNALED(status)) {
        result.error = "Plugin " + module + ": " + signalName(WTERMSIG(status)) +
                       " while it was loaded, created or started; it is refused.";
        return result;
    }
    Poco::JSON::Object::Ptr o;
    try {
        std::ifstream in(resultPath);
        std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        if (!text.empty())
            o = Poco::JSON::Parser().parse(text).extract<Poco::JSON::Object::Ptr>();
    } catch (...) {
        o = nullptr;
    }
    const int code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    if (!o) {
        const auto said = lastLine(errorPath);
        result.error = "Plugin " + module + ": it ended the program (exit code " + std::to_string(code) +
                       ") before its self-check finished" + (said.empty() ? "" : " (" + said + ")") +
                       "; it is refused.";
        return result;
    }
    result.ok = code == 0 && o->optValue<bool>("ok", false);
    result.id = o->optValue<std::string>("id", "");
    result.version = o->optValue<std::string>("version", "");
    result.kind = o->optValue<std::string>("kind", "");
    result.sdkVersion = o->optValue<int>("sdk", 0);
    result.error = result.ok ? std::string() : o->optValue<std::string>("error", "it failed its self-check.");
    return result;
}

int runProbe(const std::string& module, const std::string& resultFile)
{
    Poco::JSON::Object out;
    auto write = [&](bool ok, const std::string& error) {
        out.set("ok", ok);
        if (!error.empty())
            out.set("error", error);
        std::ofstream file(resultFile, std::ios::trunc);
        out.stringify(file);
        return ok ? 0 : 1;
    };
    PluginManager manager({});
    const PluginInfo* info = nullptr;
    try {
        info = &manager.load(module);
    } catch (...) {
        return write(false, "Plugin " + module + ": loading it threw something that is not an exception.");
    }
    out.set("id", info->id);
    out.set("version", info->version);
    out.set("sdk", info->sdkVersion);
    if (info->status == PluginInfo::Status::Failed)
        return write(false, info->error);
    out.set("kind", sdk::toString(info->kind));
    Poco::TemporaryFile data;
    data.createDirectories();
    ProbeHost host(data.path());
    manager.startAll(host);
    if (manager.plugins().front().status == PluginInfo::Status::Failed)
        return write(false, manager.plugins().front().error);
    // The self-check: a checklist builds its steps for the patients it meets (an adult with a heparin lock, one with
    // HIT on a saline lock, one accessed), and names each step.
    std::string problem;
    try {
        if (auto* checklist = dynamic_cast<sdk::ChecklistPlugin*>(info->plugin)) {
            for (int variant = 0; variant < 3 && problem.empty(); ++variant) {
                sdk::PatientContext patient;
                patient.id = "probe";
                patient.heparinAllergyOrHit = variant == 1;
                patient.accessed = variant == 2;
                patient.lock =
                    variant == 1 ? sdk::LockOrder{"saline", 0, 5, {}} : sdk::LockOrder{"heparin", 100, 5, {}};
                const auto definition = checklist->definition(patient);
                if (definition.steps.empty())
                    problem = "its checklist has no steps.";
                for (const auto& step : definition.steps)
                    if (step.id.empty() || step.title.empty())
                        problem = "a step of its checklist has no id or no title.";
            }
        }
    } catch (const std::exception& e) {
        problem = std::string("its self-check threw: ") + e.what();
    } catch (...) {
        problem = "its self-check threw something that is not an exception.";
    }
    manager.stopAll();
    if (!problem.empty())
        return write(false, "Plugin " + module + ": " + problem);
    return write(true, "");
}

} // namespace portside::core
