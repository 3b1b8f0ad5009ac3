// Durable append of one confirmed step (JSON line + fsync) against the same bytes written with write()+fsync() on
// the same disk in the same run.

#include "Stats.h"

#include "portside/core/StepJournal.h"

#include <Poco/File.h>
#include <Poco/TemporaryFile.h>

#include <fcntl.h>
#include <string>
#include <unistd.h>

using namespace portside;

int main(int argc, char** argv)
{
    const int count = argc > 1 ? std::atoi(argv[1]) : 500;
    const std::string dir = Poco::TemporaryFile::tempName(argc > 2 ? argv[2] : "");
    Poco::File(dir).createDirectories();

    sdk::ChecklistDefinition def;
    def.id = "bench";
    def.version = "1";
    sdk::Step step;
    step.id = "flush";
    step.type = sdk::StepType::Number;
    step.minimum = 0;
    step.maximum = 100;
    step.unit = "mL";
    def.steps.assign(static_cast<std::size_t>(count), step);
    core::SystemClock clock;
    core::ChecklistRun run(def, clock);
    core::StepJournal journal(dir + "/journal.jsonl");
    const std::string runId = core::StepJournal::newRunId();
    run.onConfirmed([&](const core::ChecklistRun& r, const core::StepRecord& rec) { journal.append(runId, r, rec); });
    sdk::StepAnswer answer;
    answer.number = 10;
    auto ours = bench::measure(count, [&](int) { run.confirm(answer); });

    const std::string line = std::string(200, 'x') + "\n"; // about the size of one journal line
    const int fd = ::open((dir + "/raw.bin").c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
    auto reference = bench::measure(count, [&](int) {
        if (::write(fd, line.data(), line.size()) < 0 || ::fsync(fd) != 0)
            std::abort();
    });
    ::close(fd);
    std::printf("durable step append, %d steps in %s\n", count, dir.c_str());
    bench::report("StepJournal::append", ours, reference, "write()+fsync() 201 bytes");
    Poco::File(dir).remove(true);
    return 0;
}
