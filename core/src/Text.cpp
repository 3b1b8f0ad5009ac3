#include "portside/core/Text.h"

#include <cctype>
#include <locale>
#include <sstream>

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

Text Text::number(double value)
{
    Text t;
    t._parts.push_back({{}, formatNumber(value), {}, true});
    return t;
}

std::string formatNumber(double value)
{
    std::ostringstream out;
    out.imbue(std::locale::classic());
    out.precision(15);
    out << value;
    return out.str();
}

std::string Text::str(const Translator* translator) const
{
    std::string out;
    for (const auto& part : _parts) {
        if (!out.empty())
            out += ' ';
        if (part.domain.empty()) {
            std::string shown = part.msgid;
            if (part.number && translator)
                if (const auto point = shown.find('.'); point != std::string::npos)
                    shown.replace(point, 1, translator->decimalSign());
            out += shown;
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

bool isBlank(const std::string& utf8)
{
    std::size_t i = 0;
    while (i < utf8.size()) {
        const auto c = static_cast<unsigned char>(utf8[i]);
        if (c == ' ' || (c >= '\t' && c <= '\r')) {
            ++i;
            continue;
        }
        // Decode one code point; anything not well formed counts as something written.
        const int length = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
        if (length <= 1 || i + static_cast<std::size_t>(length) > utf8.size())
            return false;
        unsigned cp = c & (0xFF >> (length + 1));
        for (int k = 1; k < length; ++k)
            cp = (cp << 6) | (static_cast<unsigned char>(utf8[i + static_cast<std::size_t>(k)]) & 0x3F);
        const bool invisible = cp == 0x85 || cp == 0xA0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200F) ||
                               (cp >= 0x2028 && cp <= 0x202F) || (cp >= 0x205F && cp <= 0x2064) || cp == 0x3000 ||
                               cp == 0xFEFF || cp == 0x180E;
        if (!invisible)
            return false;
        i += static_cast<std::size_t>(length);
    }
    return true;
}

namespace {
/// The length of the well-formed UTF-8 sequence at `i` (RFC 3629 table), or 0 when there is none; `cp` its code
/// point.
std::size_t utf8Sequence(const std::string& s, std::size_t i, unsigned& cp)
{
    const auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[i + k]); };
    const unsigned char c = b(0);
    const std::size_t left = s.size() - i;
    const auto cont = [&](std::size_t k, unsigned char lo = 0x80, unsigned char hi = 0xBF) {
        return k < left && b(k) >= lo && b(k) <= hi;
    };
    if (c < 0x80) {
        cp = c;
        return 1;
    }
    if (c >= 0xC2 && c <= 0xDF && cont(1)) {
        cp = ((c & 0x1Fu) << 6) | (b(1) & 0x3Fu);
        return 2;
    }
    if (c >= 0xE0 && c <= 0xEF) {
        const unsigned char lo = c == 0xE0 ? 0xA0 : 0x80, hi = c == 0xED ? 0x9F : 0xBF;
        if (cont(1, lo, hi) && cont(2)) {
            cp = ((c & 0x0Fu) << 12) | ((b(1) & 0x3Fu) << 6) | (b(2) & 0x3Fu);
            return 3;
        }
    }
    if (c >= 0xF0 && c <= 0xF4) {
        const unsigned char lo = c == 0xF0 ? 0x90 : 0x80, hi = c == 0xF4 ? 0x8F : 0xBF;
        if (cont(1, lo, hi) && cont(2) && cont(3)) {
            cp = ((c & 0x07u) << 18) | ((b(1) & 0x3Fu) << 12) | ((b(2) & 0x3Fu) << 6) | (b(3) & 0x3Fu);
            return 4;
        }
    }
    return 0;
}
} // namespace

std::string validUtf8(const std::string& text)
{
    std::string out;
    out.reserve(text.size());
    unsigned cp = 0;
    for (std::size_t i = 0; i < text.size();) {
        if (const std::size_t n = utf8Sequence(text, i, cp)) {
            out.append(text, i, n);
            i += n;
            continue;
        }
        const auto byte = static_cast<unsigned char>(text[i++]);
        out += static_cast<char>(0xC0 | (byte >> 6));
        out += static_cast<char>(0x80 | (byte & 0x3F));
    }
    return out;
}

std::string comparableLot(const std::string& utf8)
{
    std::string out;
    unsigned cp = 0;
    for (std::size_t i = 0; i < utf8.size();) {
        std::size_t n = utf8Sequence(utf8, i, cp);
        if (n == 0) { // a stray byte: not part of any lot
            ++i;
            continue;
        }
        i += n;
        if (cp >= 0xFF01 && cp <= 0xFF5E) // full-width ASCII
            cp -= 0xFEE0;
        const bool invisible = cp <= 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0xA0) || cp == 0x1680 ||
                               (cp >= 0x2000 && cp <= 0x200F) || (cp >= 0x2028 && cp <= 0x202F) ||
                               (cp >= 0x205F && cp <= 0x2064) || cp == 0x3000 || cp == 0xFEFF || cp == 0x180E;
        if (invisible)
            continue;
        if (cp < 0x80)
            out += static_cast<char>(std::toupper(static_cast<int>(cp)));
        else
            out.append(utf8, i - n, n); // a letter outside ASCII: kept as it is (no lot GS1 allows has one)
    }
    return out;
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
