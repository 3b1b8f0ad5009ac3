#include "portside/core/Text.h"

namespace portside::core {

Translator::~Translator() = default;

const char* const Text::kCoreDomain = "portside-core";

Text tr_(const char* msgid, std::vector<TextArg> args)
{
    std::vector<Text> values;
    values.reserve(args.size());
    for (auto& a : args)
        values.push_back(std::move(a.text));
    return Text(Text::kCoreDomain, msgid, std::move(values));
}

Text::Text(std::string domain, std::string msgid, std::vector<Text> args)
{
    _parts.push_back({std::move(domain), std::move(msgid), std::move(args)});
}

Text Text::verbatim(std::string text)
{
    Text t;
    if (!text.empty())
        t._parts.push_back({{}, std::move(text), {}});
    return t;
}

std::string Text::str(const Translator* translator) const
{
    std::string out;
    for (const auto& part : _parts) {
        if (!out.empty())
            out += ' ';
        if (part.domain.empty()) {
            out += part.msgid;
            continue;
        }
        const std::string format = translator ? translator->translate(part.domain, part.msgid) : part.msgid;
        std::vector<std::string> values;
        values.reserve(part.args.size());
        for (const auto& a : part.args)
            values.push_back(a.str(translator));
        out += formatText(format, values);
    }
    return out;
}

Text& Text::operator+=(const Text& more)
{
    _parts.insert(_parts.end(), more._parts.begin(), more._parts.end());
    return *this;
}

Text Text::operator+(const Text& more) const
{
    Text t = *this;
    t += more;
    return t;
}

std::string formatText(const std::string& format, const std::vector<std::string>& args)
{
    std::string out;
    out.reserve(format.size() + 32);
    std::size_t next = 0; // the next sequential argument
    for (std::size_t i = 0; i < format.size(); ++i) {
        const char c = format[i];
        if (c != '%' || i + 1 >= format.size()) {
            out += c;
            continue;
        }
        if (format[i + 1] == '%') {
            out += '%';
            ++i;
            continue;
        }
        if (format[i + 1] == 's') {
            if (next < args.size())
                out += args[next];
            ++next;
            ++i;
            continue;
        }
        // %N$s
        std::size_t j = i + 1;
        std::size_t position = 0;
        while (j < format.size() && format[j] >= '0' && format[j] <= '9')
            position = position * 10 + static_cast<std::size_t>(format[j++] - '0');
        if (j + 1 < format.size() && j > i + 1 && format[j] == '$' && format[j + 1] == 's') {
            if (position >= 1 && position <= args.size())
                out += args[position - 1];
            i = j + 1;
            continue;
        }
        out += c; // not a placeholder: keep it as written
    }
    return out;
}

} // namespace portside::core
