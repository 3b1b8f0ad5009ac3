#include "portside/core/ScanInterpreter.h"
#include "portside/core/Text.h"

#include <algorithm>
#include <cctype>
#include <stdexcept>

namespace portside::core {

namespace {

bool digits(std::string_view s)
{
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

/// ]d2 ]C1 ]Q3 ]e0 ]J1 ]Q5: the symbologies that carry GS1 element strings (compared by character: once per scan).
bool isGs1Symbology(std::string_view aim)
{
    if (aim.size() != 3)
        return false;
    switch (aim[1]) {
    case 'd': return aim[2] == '2';
    case 'C':
    case 'J': return aim[2] == '1';
    case 'Q': return aim[2] == '3' || aim[2] == '5';
    case 'e': return aim[2] == '0';
    default: return false;
    }
}

/// ]E0 ]E1 ]E2 ]E3 ]E4: EAN/UPC.
bool isEanUpc(std::string_view aim)
{
    return aim.size() == 3 && aim[1] == 'E' && aim[2] >= '0' && aim[2] <= '4';
}

/// "http://" or "https://", in either case (RFC 3986, 3.1: the scheme is case-insensitive).
bool isWebAddress(std::string_view s)
{
    const auto is = [&](std::string_view word) {
        if (s.size() < word.size())
            return false;
        for (std::size_t i = 0; i < word.size(); ++i)
            if ((s[i] >= 'A' && s[i] <= 'Z' ? s[i] | 0x20 : s[i]) != word[i])
                return false;
        return true;
    };
    return is("http://") || is("https://");
}

/// Text that is already plain ASCII needs no repair (and no copy): the common case, once per scan.
bool ascii(const std::string& s)
{
    return std::all_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

} // namespace

void ScanInterpreter::addSitePattern(const std::string& kind, const std::string& regex)
{
    if (kind != "patient" && kind != "staff")
        throw std::invalid_argument("A site barcode pattern is for \"patient\" or \"staff\", not \"" + kind + "\".");
    try {
        std::regex pattern(regex, std::regex::ECMAScript);
        if (pattern.mark_count() < 1)
            throw std::invalid_argument("The site barcode pattern \"" + regex + "\" needs a group ( ) around the id.");
        _patterns.push_back({kind, std::move(pattern)});
    } catch (const std::regex_error& e) {
        throw std::invalid_argument("The site barcode pattern \"" + regex + "\" is not a valid regular expression (" +
                                    e.what() + ").");
    }
}

ParsedScan ScanInterpreter::interpret(std::string_view bytes) const
{
    // Keyboard wedges end a scan with CR or LF; neither belongs to the data.
    while (!bytes.empty() && (bytes.back() == '\r' || bytes.back() == '\n'))
        bytes.remove_suffix(1);
    if (bytes.size() >= 3 && bytes[0] == ']' && bytes[1] >= 'A' && bytes[1] <= 'z')
        return interpret(bytes.substr(3), bytes.substr(0, 3));
    return interpret(bytes, {});
}

bool ScanInterpreter::site(std::string_view data, ParsedScan& out) const
{
    if (_patterns.empty())
        return false;
    const std::string text(data);
    for (const auto& p : _patterns) {
        std::smatch m;
        if (std::regex_match(text, m, p.pattern)) {
            out.scheme = "site";
            (p.kind == "patient" ? out.patient : out.staff) = m[1].str();
            out.ok = true;
            return true;
        }
    }
    return false;
}

ParsedScan ScanInterpreter::interpret(std::string_view data, std::string_view aim) const
{
    // What the scan says goes on a screen and into the record: valid UTF-8, however odd the bytes it quotes (a byte
    // outside UTF-8 becomes the character of the same number), or a wxString made from it would be empty.
    ParsedScan out = read(data, aim);
    if (!ascii(out.error))
        out.error = validUtf8(out.error);
    for (auto& w : out.warnings)
        if (!ascii(w))
            w = validUtf8(w);
    if (!ascii(out.symbology))
        out.symbology = validUtf8(out.symbology);
    return out;
}

ParsedScan ScanInterpreter::read(std::string_view data, std::string_view aim) const
{
    ParsedScan out;
    out.symbology.assign(aim.data(), aim.size());
    if (data.empty()) {
        out.error = "The scan is empty: nothing came after " +
                    (aim.empty() ? std::string("the start")
                                 : "the symbology "
                                   "identifier " +
                                       std::string(aim)) +
                    ".";
        return out;
    }
    if (isGs1Symbology(aim)) {
        if (isWebAddress(data))
            _gs1.parseDigitalLink(data, out);
        else if (const std::size_t bar = aim[1] == 'e' ? data.find('|') : std::string_view::npos;
                 bar != std::string_view::npos) // a composite (]e0) written linear|CC; '|' is outside GS1's sets
            _gs1.parseComposite(data.substr(0, bar), data.substr(bar + 1), out);
        else
            _gs1.parseElementString(data, out);
        return out;
    }
    if (isEanUpc(aim)) {
        // An EAN/UPC composite sent in one transmission: the linear part, then the CC with its own identifier ]e0
        // (ISO/IEC 24723, transmitted data), or written linear|CC.
        const std::size_t cc = std::min(data.find("]e0"), data.find('|'));
        if (cc != std::string_view::npos) {
            _gs1.parseComposite(data.substr(0, cc), data.substr(cc + (data[cc] == '|' ? 1 : 3)), out);
            return out;
        }
        _gs1.parseGtin(data.substr(0, std::min<std::size_t>(data.size(), 14)), out);
        return out;
    }
    if (data[0] == '+' || (data.size() > 2 && data[0] == '*' && data[1] == '+')) {
        _hibc.parse(data, out);
        return out;
    }
    if (isWebAddress(data)) {
        _gs1.parseDigitalLink(data, out);
        return out;
    }
    if (site(data, out))
        return out;
    if (aim.empty()) {
        // A composite written linear|CC (the linear part a GTIN, bracketed text or an element string).
        if (const std::size_t bar = data.find('|'); bar != std::string_view::npos) {
            _gs1.parseComposite(data.substr(0, bar), data.substr(bar + 1), out);
            return out;
        }
    }
    if (data[0] == '(') {
        _gs1.parseBracketed(data, out);
        return out;
    }
    if (aim.empty()) {
        if (digits(data) && (data.size() == 8 || data.size() == 12 || data.size() == 13)) {
            _gs1.parseGtin(data, out);
            return out;
        }
        if (Gs1Parser::startsWithKnownAi(data)) {
            ParsedScan attempt;
            if (_gs1.parseElementString(data, attempt)) // unambiguous only when it reads completely
                return attempt;
            if (digits(data) && data.size() == 14) {
                _gs1.parseGtin(data, out);
                return out;
            }
            out = attempt;
            return out;
        }
    }
    out.error = "This barcode is not GS1, HIBC or one of the site's wristband or badge formats" +
                (aim.empty() ? std::string(".") : " (symbology " + std::string(aim) + ").");
    return out;
}

} // namespace portside::core
