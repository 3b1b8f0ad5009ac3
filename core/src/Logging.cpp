#include "portside/core/Logging.h"

#include <Poco/AutoPtr.h>
#include <Poco/ConsoleChannel.h>
#include <Poco/Formatter.h>
#include <Poco/FormattingChannel.h>
#include <Poco/Logger.h>
#include <Poco/Message.h>

#include <stdexcept>

#include <unistd.h>

namespace portside::core {

namespace {

/// One line per message: the journal's `<N>` priority or the level's name, the logger's name, the text.
class JournalFormatter : public Poco::Formatter {
public:
    explicit JournalFormatter(bool prefix) : _prefix(prefix) {}
    void format(const Poco::Message& message, std::string& text) override
    {
        static const char* const names[] = {"",       "fatal", "critical", "error", "warning",
                                            "notice", "info",  "debug",    "trace"};
        const int p = static_cast<int>(message.getPriority());
        if (_prefix)
            text = "<" + std::to_string(journalPriority(p)) + ">";
        else
            text = std::string(p >= 1 && p <= 8 ? names[p] : "log") + ": ";
        text += message.getSource().empty() ? std::string() : message.getSource() + ": ";
        // One message is one line: a newline inside it would start a line the journal reads as another message.
        for (char c : message.getText())
            text += (c == '\n' || c == '\r') ? ' ' : c;
    }

private:
    bool _prefix;
};

} // namespace

int journalPriority(int pocoPriority)
{
    switch (pocoPriority) {
    case Poco::Message::PRIO_FATAL:
    case Poco::Message::PRIO_CRITICAL: return 2;
    case Poco::Message::PRIO_ERROR: return 3;
    case Poco::Message::PRIO_WARNING: return 4;
    case Poco::Message::PRIO_NOTICE: return 5;
    case Poco::Message::PRIO_INFORMATION: return 6;
    default: return 7;
    }
}

void configureLogging(const LogOptions& options)
{
    int level = 0;
    try {
        level = Poco::Logger::parseLevel(options.level);
    } catch (const Poco::Exception&) {
        throw std::invalid_argument("The log level \"" + options.level +
                                    "\" is not one of fatal, critical, error, warning, notice, information, debug, "
                                    "trace.");
    }
    bool prefix = false;
    if (options.prefix == "auto")
        prefix = ::isatty(STDERR_FILENO) == 0;
    else if (options.prefix == "yes")
        prefix = true;
    else if (options.prefix != "no")
        throw std::invalid_argument("The log prefix setting \"" + options.prefix + "\" is not auto, yes or no.");
    Poco::AutoPtr<Poco::Formatter> formatter(new JournalFormatter(prefix));
    Poco::AutoPtr<Poco::Channel> console(new Poco::ConsoleChannel);
    Poco::AutoPtr<Poco::Channel> channel(new Poco::FormattingChannel(formatter, console));
    // Every logger, those made before now too (a logger copies its parent's channel only when it is made).
    Poco::Logger::root().setChannel(channel);
    Poco::Logger::root().setLevel(level);
    Poco::Logger::setChannel("", channel);
    Poco::Logger::setLevel("", level);
}

} // namespace portside::core
