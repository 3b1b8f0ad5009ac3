#include "portside/core/StepJournal.h"

#include <Poco/DateTimeFormat.h>
#include <Poco/DateTimeFormatter.h>
#include <Poco/File.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Path.h>
#include <Poco/Timestamp.h>
#include <Poco/UUIDGenerator.h>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <unistd.h>

namespace portside::core {

namespace {

Poco::JSON::Object::Ptr answerToJson(const sdk::Step& step, const sdk::StepAnswer& answer)
{
    Poco::JSON::Object::Ptr json = new Poco::JSON::Object;
    switch (step.type) {
    case sdk::StepType::Choice: json->set("choice", answer.choice); break;
    case sdk::StepType::Number:
        json->set("value", answer.number);
        json->set("unit", step.unit);
        break;
    case sdk::StepType::Assessment: {
        Poco::JSON::Object::Ptr findings = new Poco::JSON::Object;
        for (const auto& [id, yes] : answer.findings)
            findings->set(id, yes);
        json->set("findings", findings);
        break;
    }
    case sdk::StepType::TimedWait: json->set("waitedSeconds", step.waitSeconds); break;
    default: break;
    }
    if (!answer.note.empty())
        json->set("note", answer.note);
    return json;
}

} // namespace

std::string isoTime(Clock::TimePoint time)
{
    const auto micros = std::chrono::duration_cast<std::chrono::microseconds>(time.time_since_epoch()).count();
    return Poco::DateTimeFormatter::format(Poco::Timestamp(micros), "%Y-%m-%dT%H:%M:%S.%iZ");
}

StepJournal::StepJournal(std::string path) : _path(std::move(path))
{
    try {
        Poco::File(Poco::Path(_path).parent()).createDirectories();
    } catch (const Poco::Exception& e) {
        throw std::runtime_error("Cannot create the folder of the step journal " + _path + ": " + e.displayText() + ".");
    }
    _fd = ::open(_path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
    if (_fd < 0)
        throw std::runtime_error("Cannot open the step journal " + _path + ": " + std::strerror(errno) + ".");
}

StepJournal::~StepJournal()
{
    if (_fd >= 0)
        ::close(_fd);
}

void StepJournal::append(const std::string& runId, const ChecklistRun& run, const StepRecord& record)
{
    const auto& step = run.definition().steps.at(record.index);
    Poco::JSON::Object line;
    line.set("run", runId);
    line.set("checklist", run.definition().id);
    line.set("version", run.definition().version);
    line.set("index", static_cast<unsigned>(record.index));
    line.set("step", record.stepId);
    line.set("type", sdk::toString(record.type));
    line.set("time", isoTime(record.confirmedAt));
    line.set("answer", answerToJson(step, record.answer));
    std::ostringstream text;
    line.stringify(text);
    text << '\n';
    const std::string bytes = text.str();
    std::size_t written = 0;
    while (written < bytes.size()) {
        const ssize_t n = ::write(_fd, bytes.data() + written, bytes.size() - written);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            throw std::runtime_error("The step could not be saved to " + _path + " (" + std::strerror(errno) +
                                     "); it is not confirmed. Tell the supervisor: the kiosk's disk needs attention.");
        written += static_cast<std::size_t>(n);
    }
    if (::fsync(_fd) != 0)
        throw std::runtime_error("The step could not be flushed to disk (" + std::string(std::strerror(errno)) +
                                 "); it is not confirmed. Tell the supervisor: the kiosk's disk needs attention.");
}

std::vector<JournalEntry> StepJournal::read(const std::string& path)
{
    std::vector<JournalEntry> entries;
    std::ifstream in(path);
    std::string text;
    Poco::JSON::Parser parser;
    while (std::getline(in, text)) {
        if (in.eof())
            break; // no newline: the write was torn by a crash, the step was never confirmed
        try {
            parser.reset();
            auto obj = parser.parse(text).extract<Poco::JSON::Object::Ptr>();
            JournalEntry e;
            e.runId = obj->getValue<std::string>("run");
            e.checklistId = obj->getValue<std::string>("checklist");
            e.checklistVersion = obj->getValue<std::string>("version");
            e.index = obj->getValue<unsigned>("index");
            e.stepId = obj->getValue<std::string>("step");
            e.type = obj->getValue<std::string>("type");
            e.time = obj->getValue<std::string>("time");
            std::ostringstream answer;
            obj->getObject("answer")->stringify(answer);
            e.answerJson = answer.str();
            entries.push_back(std::move(e));
        } catch (const Poco::Exception&) {
            // a damaged line is skipped, not fatal: the lines around it are still the record
        }
    }
    return entries;
}

std::string StepJournal::newRunId()
{
    return Poco::UUIDGenerator::defaultGenerator().createRandom().toString();
}

} // namespace portside::core
