// Plugins that misbehave as a probe must survive: one source, built once per misdeed (HOSTILE_* below), each a
// checklist plugin that passes every check of its library and then crashes, aborts, exits, throws something that is
// not an exception, or hangs, in its constructor or in start().
#include "portside/sdk/Checklist.h"
#include "portside/sdk/PluginExport.h"

#include <chrono>
#include <csignal>
#include <cstdlib>
#include <thread>

namespace {
[[noreturn]] void hang()
{
    while (true)
        std::this_thread::sleep_for(std::chrono::seconds(1));
}

void misbehave(const char* when)
{
    const std::string w = when, what = HOSTILE_WHAT, at = HOSTILE_WHEN;
    if (w != at)
        return;
    if (what == "segfault")
        std::raise(SIGSEGV);
    if (what == "abort")
        std::abort();
    if (what == "exit")
        std::exit(0);
    if (what == "throw-int")
        throw 42;
    if (what == "hang")
        hang();
}
} // namespace

class Hostile final : public portside::sdk::ChecklistPlugin {
public:
    Hostile() { misbehave("construct"); }
    std::string id() const override { return HOSTILE_ID; }
    std::string version() const override { return "1.0.0"; }
    void start(portside::sdk::Host&) override { misbehave("start"); }
    void stop() override {}
    portside::sdk::ChecklistDefinition definition(const portside::sdk::PatientContext&) const override
    {
        misbehave("definition");
        return {};
    }
};
PORTSIDE_PLUGIN(Hostile)
