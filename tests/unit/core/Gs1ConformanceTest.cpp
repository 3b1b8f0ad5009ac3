// GS1 conformance, written from the GS1 General Specifications (release 24: 3 the AIs, 4.13-4.14 invalid pairs and
// mandatory associations, 5.11 composite symbols, 7.8 element strings, 7.9 check digits and the alphanumeric check
// pair, 7.11 character sets), the GS1 Digital Link URI Syntax standard (1.4: 4 primary keys, key qualifiers and
// their order, data attributes in the query) and the GS1 Barcode Syntax Dictionary text kept in tools/gs1 (its
// header defines flags, req=, ex= and dlpkey=). No case is taken from another project's tests.

#include "portside/core/Gs1Parser.h"
#include "portside/core/ScanInterpreter.h"

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <vector>

using namespace portside;

namespace {

const core::ScanInterpreter interpreter(2026);

core::ParsedScan parse(const std::string& text)
{
    std::string bytes = text;
    for (std::size_t p; (p = bytes.find("{GS}")) != std::string::npos;)
        bytes.replace(p, 4, "\x1d");
    return interpreter.interpret(bytes);
}

bool says(const core::ParsedScan& s, const std::string& words)
{
    return !s.ok && s.error.find(words) != std::string::npos;
}

char checkDigit(const std::string& body)
{
    int sum = 0;
    for (std::size_t i = 0; i < body.size(); ++i)
        sum += (body[body.size() - 1 - i] - '0') * (i % 2 == 0 ? 3 : 1);
    return static_cast<char>('0' + (10 - sum % 10) % 10);
}

} // namespace

BOOST_AUTO_TEST_SUITE(gs1_dictionary)

BOOST_AUTO_TEST_CASE(the_table_is_the_dictionary_and_names_its_source)
{
    const auto d = core::Gs1Parser::dictionary();
    BOOST_TEST(d.size() > 500u); // ranges expanded: 3100-3105 ... 91-99
    BOOST_TEST(core::Gs1Parser::dictionaryRelease().find("2024-06-10") != std::string::npos);
    const auto find = [&](const std::string& ai) {
        return *std::find_if(d.begin(), d.end(), [&](const auto& e) { return e.ai == ai; });
    };
    BOOST_TEST(find("01").predefinedLength);
    BOOST_TEST(find("01").dlpkey == "22,10,21|235");
    BOOST_TEST(find("8018").dlpkey == "8019");
    BOOST_TEST(!find("8018").predefinedLength);
    BOOST_TEST(find("7003").fixedLength);
    BOOST_TEST(find("8030").req == "00,01+21,253,255,8003,8004,8006+21,8010+8011,8017,8018");
    BOOST_TEST(find("3103").ex == "310n");
}

BOOST_AUTO_TEST_CASE(ais_the_dictionary_does_not_define_are_refused)
{
    BOOST_TEST(says(parse("]d2010950600013435205123"), "Unknown GS1 application identifier at \"05123\""));
    BOOST_TEST(says(parse("]d201095060001343523106000100"), "Unknown GS1 application identifier at \"3106"));
    BOOST_TEST(says(parse("(01)09506000134352(7012)X"), "Unknown GS1 application identifier (7012)"));
    BOOST_TEST(says(parse("https://id.gs1.org/01/09506000134352?7012=X"), "unknown application identifier (7012)"));
    // Newer AIs of the dictionary are known: (716) NHRN AIC, (7011) test by date, (8014) MUDI.
    BOOST_TEST(parse("(01)09506000134352(716)AIC12").ok);
    BOOST_TEST(parse("(01)09506000134352(7011)2612311200").ok);
    BOOST_TEST(parse("(01)09506000134352(8014)1987654Ad4X4bL5ttr2310c2K").ok);
}

BOOST_AUTO_TEST_CASE(one_ai_twice_with_different_values_is_refused)
{
    BOOST_TEST(says(parse("]d20109506000134352{GS}17261231{GS}17270101"), "(17) expiry date appears twice"));
    BOOST_TEST(says(parse("(01)09506000134352(21)A(21)B"), "(21) serial number appears twice"));
    BOOST_TEST(says(parse("https://id.gs1.org/01/09506000134352?17=261231&17=270101"), "appears twice"));
    BOOST_TEST(parse("(01)09506000134352(17)261231(17)261231").ok); // the same value twice says nothing new
    BOOST_TEST(parse("(01)09506000134352(10)A(10)A").lot == "A");
    BOOST_TEST(parse("]d20109506000134352{GS}0109506000134352").gtin == "09506000134352");
}

BOOST_AUTO_TEST_CASE(invalid_pairs_are_refused_naming_both_ais)
{
    // ex= of the dictionary: (8017) and (8018), (01) and (255), one measure twice in different decimals (310n).
    BOOST_TEST(says(parse("(8017)950600013435200008(8018)950600013435200008"),
                    "(8017) GSRN of a provider (staff badge) and (8018) GSRN of a recipient (patient wristband) cannot "
                    "be in the same barcode"));
    BOOST_TEST(says(parse("(01)09506000134352(255)9506000134352"), "(01) GTIN and (255) GCN cannot be"));
    BOOST_TEST(says(parse("(01)09506000134352(3100)000100(3102)001000"), "(3100) NET WEIGHT (kg) and (3102)"));
    BOOST_TEST(says(parse("(00)106141411234567897(4330)001000(4331)000500"), "cannot be in the same barcode"));
    // Valid: different measures, one of each.
    BOOST_TEST(parse("(01)09506000134352(3100)000100(3110)000200").ok);
    BOOST_TEST(parse("(00)106141411234567897(4330)001000-(4332)000100").ok);
    BOOST_TEST(parse("(8018)950600013435200008(8019)12").ok);
}

BOOST_AUTO_TEST_CASE(missing_requisites_are_refused_naming_what_is_missing)
{
    BOOST_TEST(says(parse("(21)SER1"), "(21) is only valid with (01) GTIN, (03) made-to-order GTIN or (8006) ITIP"));
    BOOST_TEST(says(parse("]C180191"), "(8019) is only valid with (8017)"));
    BOOST_TEST(says(parse("(01)09506000134352(250)S2"), "(250) secondary serial needs (21) serial number"));
    BOOST_TEST(says(parse("(8018)950600013435200008(7258)1/2"), "needs (8018) GSRN of a recipient (patient "
                                                                "wristband) with (7259) BABY"));
    BOOST_TEST(says(parse("(01)09506000134352(8030)AbCd"), "(8030) is only valid with (00) SSCC, (01) GTIN with (21)"));
    // Valid with their requisites.
    BOOST_TEST(parse("(01)09506000134352(21)S1(250)S2").ok);
    BOOST_TEST(parse("(8018)950600013435200008(7259)ANNA(7258)1/2").ok);
    BOOST_TEST(parse("(01)09506000134352(21)S1(8030)AbCd").ok);
}

BOOST_AUTO_TEST_CASE(value_rules_of_the_dictionary_are_applied)
{
    // csum, csumalpha (General Specifications 7.9.5 example: GMN 1987654Ad4X4bL5ttr2310c with pair 2K)
    BOOST_TEST(parse("(8013)1987654Ad4X4bL5ttr2310c2K").ok);
    BOOST_TEST(says(parse("(8013)1987654Ad4X4bL5ttr2310c2L"), "wrong check character pair"));
    BOOST_TEST(says(parse("(402)95060001343520002"), "wrong check digit"));
    // Countries (ISO 3166-1) and currencies (ISO 4217)
    BOOST_TEST(parse("(01)09506000134352(422)250").ok);
    BOOST_TEST(says(parse("(01)09506000134352(422)001"), "not an ISO 3166 country code"));
    BOOST_TEST(parse("(8020)REF1(415)9506000134352(3911)97812345").ok);
    BOOST_TEST(says(parse("(8020)REF1(415)9506000134352(3911)00112345"), "not an ISO 4217 currency code"));
    // IBAN (ISO 13616 mod 97)
    BOOST_TEST(parse("(415)9506000134352(8020)REF1(8007)GB82WEST12345698765432").ok);
    BOOST_TEST(says(parse("(415)9506000134352(8020)REF1(8007)GB83WEST12345698765432"), "not a valid IBAN"));
    // Dates and times
    BOOST_TEST(says(parse("(01)09506000134352(7006)260230"), "not a real date"));
    BOOST_TEST(says(parse("(01)09506000134352(8008)26123125"), "not an hour of the day"));
    BOOST_TEST(parse("(01)09506000134352(8008)2612312359").ok);
    BOOST_TEST(says(parse("(8018)950600013435200008(7250)20261301"), "not a real date (YYYYMMDD)"));
    // Codes: AIDC media type, piece of total, winding, yes/no, percent-encoding, no zero prefix, a non-digit
    BOOST_TEST(says(parse("(8018)950600013435200008(7241)50"), "not an AIDC media type"));
    BOOST_TEST(says(parse("(8006)095060001343520302(10)L"), "not piece NN of MM"));
    BOOST_TEST(parse("(8006)095060001343520203(10)L").ok);
    BOOST_TEST(says(parse("(01)09506000134352(8001)00120010000122"), "winding direction"));
    BOOST_TEST(parse("(01)09506000134352(8001)00120010000112").ok);
    BOOST_TEST(says(parse("(00)106141411234567897(4321)2"), "0 (no) or 1 (yes)"));
    BOOST_TEST(says(parse("(00)106141411234567897(4300)A%2"), "percent-encoded"));
    BOOST_TEST(says(parse("(8010)0950600ABC(8011)0123"), "must not start with 0"));
    BOOST_TEST(says(parse("(01)09506000134352(8014)1987654321"), "wrong check character pair"));
}

BOOST_AUTO_TEST_CASE(digital_link_keys_and_qualifiers_follow_the_dictionary)
{
    // Every key of the dictionary is a key (more in the property test), its qualifiers in their order.
    BOOST_TEST(parse("https://id.gs1.org/8006/095060001343520102/10/L1/21/S1").ok);
    BOOST_TEST(parse("https://id.gs1.org/414/9506000134352/254/EXT1").ai("254") == "EXT1");
    BOOST_TEST(parse("https://id.gs1.org/8010/0950600ABC/8011/123").ai("8011") == "123");
    BOOST_TEST(parse("https://id.gs1.org/01/09506000134352/235/TPX1").ai("235") == "TPX1");
    // Out of order, mixed alternatives, a qualifier the key does not take, a qualifier in the query: refused.
    BOOST_TEST(says(parse("https://id.gs1.org/01/09506000134352/21/S1/10/L1"),
                    "puts (10) batch/lot where (01) GTIN allows only /22/, /10/, /21/ in that order or /235/"));
    BOOST_TEST(says(parse("https://id.gs1.org/01/09506000134352/10/L1/235/T1"), "puts (235)"));
    BOOST_TEST(says(parse("https://id.gs1.org/00/106141411234567897/10/L1"), "takes no qualifiers"));
    BOOST_TEST(says(parse("https://id.gs1.org/01/09506000134352?10=L1"), "belongs in the path"));
    BOOST_TEST(says(parse("https://id.gs1.org/8018/950600013435200008?8019=1"), "belongs in the path"));
    // Only data attributes in the query; a key is no attribute.
    BOOST_TEST(says(parse("https://id.gs1.org/01/09506000134352?8200=x"), "not allow it as a Digital Link attribute"));
    BOOST_TEST(says(parse("https://id.gs1.org/01/09506000134352?00=106141411234567897"), "a key belongs in the path"));
    // Percent-encoding by the rules: a bad escape is refused, other query parameters are the site's.
    BOOST_TEST(says(parse("https://id.gs1.org/01/09506000134352/10/A%G1"), "percent-encoded"));
    BOOST_TEST(parse("https://id.gs1.org/01/09506000134352?linkType=gs1:pip&17=261231").expiry == "2026-12-31");
    BOOST_TEST(parse("https://example.com/a/b/c/01/09506000134352/").gtin == "09506000134352");
}

BOOST_AUTO_TEST_CASE(composite_scans_are_read_as_one)
{
    // General Specifications 5.11: the linear component and the CC are one message; pairs and requisites are
    // checked over both.
    const auto bar = parse("9506000134352|(17)261231(10)ABC");
    BOOST_TEST(bar.ok, bar.error);
    BOOST_TEST(bar.gtin == "09506000134352");
    BOOST_TEST(bar.expiry == "2026-12-31");
    const auto aim = parse("]E09506000134352]e01726123110ABC");
    BOOST_TEST(aim.ok, aim.error);
    BOOST_TEST(aim.lot == "ABC");
    const auto databar = parse("]e00109506000134352|17261231{GS}10ABC");
    BOOST_TEST(databar.ok, databar.error);
    BOOST_TEST(databar.expiry == "2026-12-31");
    BOOST_TEST(parse("(01)09506000134352|(21)S1").serial == "S1");
    // Invalid: a wrong check digit in the linear part, a bad date in the CC, a CC that contradicts the linear part,
    // a CC on its own that needs the linear part's GTIN.
    BOOST_TEST(says(parse("9506000134353|(17)261231"), "wrong check digit"));
    BOOST_TEST(says(parse("]E09506000134352]e017261331"), "not a real date"));
    BOOST_TEST(says(parse("9506000134352|(01)09506000134345"), "appears twice"));
    BOOST_TEST(says(parse("]e01726123110ABC"), "(17) is only valid with (01) GTIN"));
    // Only a composite symbology splits at '|': in a DataMatrix it is a character GS1 does not allow.
    BOOST_TEST(says(parse("]d20109506000134352|10ABC"), "Unknown GS1 application identifier"));
}

BOOST_AUTO_TEST_CASE(a_coupon_is_valid_but_not_a_product)
{
    // (8110) North American coupon code: prefix VLI 0 and a 6-digit prefix, offer code, save value VLI 1 and value,
    // purchase requirement VLI 1 and value, requirement code, family code.
    const auto coupon = parse("(8110)095060012345615110123");
    BOOST_TEST(coupon.ok, coupon.error);
    BOOST_TEST(coupon.gtin.empty());
    BOOST_TEST(coupon.lot.empty());
    BOOST_TEST(says(parse("]d2811009506001234561511012"), "not a coupon code")); // family code cut short
    BOOST_TEST(says(parse("(8110)795060012345615110123"), "not a coupon code"));
    BOOST_TEST(says(parse("(8112)1950600123456"), "not a paperless coupon code"));
    BOOST_TEST(parse("(8112)009506001234560123456").ok);
    BOOST_TEST(parse("(255)9506000134352(3900)500(8111)0100").ok == false); // (8111) and (390n) are a pair GS1 refuses
}

BOOST_AUTO_TEST_SUITE_END()

// ---- the property test ----

namespace {

using Definition = core::Gs1AiDefinition;

/// A valid value for one AI, built part by part from its definition.
std::string validValue(const Definition& d)
{
    std::string value;
    for (const auto& part : d.parts) {
        const auto has = [&](const char* l) {
            return std::find(part.linters.begin(), part.linters.end(), l) != part.linters.end();
        };
        const int n = part.max; // variable parts get their full length; the shortest length is covered elsewhere
        std::string p;
        if (has("csumalpha"))
            p = "1987654Ad4X4bL5ttr2310c2K";
        else if (has("yymmd0") || has("yymmdd"))
            p = "261130";
        else if (has("yyyymmdd"))
            p = "20261130";
        else if (has("hh"))
            p = "12";
        else if (has("hhmi"))
            p = "1230";
        else if (has("mi") || has("ss"))
            p = "30";
        else if (has("iso3166") || has("iso3166999"))
            p = "250";
        else if (has("iso3166alpha2"))
            p = "FR";
        else if (has("iso4217"))
            p = "978";
        else if (has("iban"))
            p = "GB82WEST12345698765432";
        else if (has("yesno") || has("winding") || has("iso5218"))
            p = "1";
        else if (has("hyphen"))
            p = "-";
        else if (has("zero"))
            p = "0";
        else if (has("pieceoftotal"))
            p = "0102";
        else if (has("mediatype"))
            p = "02";
        else if (has("latitude"))
            p = "0900000000";
        else if (has("longitude"))
            p = "1800000000";
        else if (has("importeridx"))
            p = "A";
        else if (has("couponcode"))
            p = "095060012345615110123";
        else if (has("couponposoffer"))
            p = "009506001234560123456";
        else if (has("posinseqslash"))
            p = "1/2";
        else if (has("packagetype"))
            p = "BX";
        else if (part.cset == 'N') {
            for (int i = 0; i < n; ++i)
                p += static_cast<char>('1' + i % 9);
            if (has("csum"))
                p.back() = checkDigit(p.substr(0, p.size() - 1));
        } else if (part.cset == 'Z') {
            p = "AbCd-_12";
        } else if (has("key")) {
            p = "0950600" +
                std::string(static_cast<std::size_t>(std::min(n, 10) - 7 > 0 ? std::min(n, 10) - 7 : 0), 'A');
        } else {
            for (int i = 0; i < std::min(n, 12); ++i)
                p += "ABC123xyz-./"[i % 12];
        }
        value += p;
    }
    return value;
}

struct Generator {
    std::vector<Definition> all = core::Gs1Parser::dictionary();
    std::map<std::string, const Definition*> byAi;
    Generator()
    {
        for (const auto& d : all)
            byAi[d.ai] = &d;
    }
    /// A concrete AI for an AI or a pattern such as "31nn".
    const Definition* concrete(std::string pattern) const
    {
        std::replace(pattern.begin(), pattern.end(), 'n', '0');
        const auto it = byAi.find(pattern);
        return it == byAi.end() ? nullptr : it->second;
    }
    static std::vector<std::string> split(const std::string& s, char by)
    {
        std::vector<std::string> out;
        std::string cur;
        for (char c : s) {
            if (c == by) {
                if (!cur.empty())
                    out.push_back(cur);
                cur.clear();
            } else {
                cur += c;
            }
        }
        if (!cur.empty())
            out.push_back(cur);
        return out;
    }
    static bool matches(const std::string& pattern, const std::string& ai)
    {
        if (pattern.size() != ai.size())
            return false;
        for (std::size_t i = 0; i < ai.size(); ++i)
            if (pattern[i] != 'n' && pattern[i] != ai[i])
                return false;
        return true;
    }
    bool conflicts(const std::vector<std::string>& set) const
    {
        for (const auto& a : set)
            for (const auto& list : split(byAi.at(a)->ex, ' '))
                for (const auto& p : split(list, ','))
                    for (const auto& b : set)
                        if (b != a && matches(p, b))
                            return true;
        return false;
    }
    /// The AI with AIs that satisfy its requisites (and theirs), choosing alternatives that make no invalid pair.
    bool complete(std::vector<std::string>& set) const
    {
        for (std::size_t i = 0; i < set.size(); ++i)
            for (const auto& list : split(byAi.at(set[i])->req, ' ')) {
                bool met = false;
                for (const auto& group : split(list, ',')) {
                    bool all = true;
                    for (const auto& p : split(group, '+'))
                        all = all && std::any_of(set.begin(), set.end(), [&](auto& a) { return matches(p, a); });
                    met = met || all;
                }
                if (met)
                    continue;
                bool placed = false;
                for (const auto& group : split(list, ',')) {
                    auto trial = set;
                    for (const auto& p : split(group, '+'))
                        if (const Definition* c = concrete(p))
                            trial.push_back(c->ai);
                    if (!conflicts(trial) && complete(trial)) {
                        set = trial;
                        placed = true;
                        break;
                    }
                }
                if (!placed)
                    return false;
            }
        return !conflicts(set);
    }
};

std::string bracketed(const std::vector<std::pair<std::string, std::string>>& els)
{
    std::string s;
    for (const auto& [ai, v] : els) {
        std::string escaped;
        for (char c : v)
            escaped += c == '(' ? std::string("\\(") : std::string(1, c);
        s += "(" + ai + ")" + escaped;
    }
    return s;
}

std::string elementString(const std::vector<std::pair<std::string, std::string>>& els, const Generator& g)
{
    std::string s = "]d2";
    for (std::size_t i = 0; i < els.size(); ++i) {
        s += els[i].first + els[i].second;
        if (i + 1 < els.size() && !g.byAi.at(els[i].first)->predefinedLength)
            s += '\x1d';
    }
    return s;
}

std::string percent(const std::string& v)
{
    static const char hex[] = "0123456789ABCDEF";
    std::string out;
    for (char c : v) {
        const auto b = static_cast<unsigned char>(c);
        if (std::isalnum(b) || c == '-' || c == '.' || c == '_' || c == '~')
            out += c;
        else
            out += std::string("%") + hex[b >> 4] + hex[b & 15];
    }
    return out;
}

/// The Digital Link form, when the elements make one: one primary key, its qualifiers (in one of its orders) in
/// the path, data attributes in the query. Empty when they do not.
std::string digitalLink(const std::vector<std::pair<std::string, std::string>>& els, const Generator& g)
{
    const Definition* key = nullptr;
    std::string keyValue;
    for (const auto& [ai, v] : els)
        if (g.byAi.at(ai)->primaryKey) {
            if (key)
                return {};
            key = g.byAi.at(ai);
            keyValue = v;
        }
    if (!key)
        return {};
    std::vector<std::string> qualifiers;
    std::string query;
    for (const auto& [ai, v] : els) {
        if (ai == key->ai)
            continue;
        bool qualifier = false;
        for (const auto& path : Generator::split(key->dlpkey, '|'))
            for (const auto& q : Generator::split(path, ','))
                qualifier = qualifier || q == ai;
        if (qualifier)
            qualifiers.push_back(ai);
        else if (g.byAi.at(ai)->digitalLinkAttribute)
            query += (query.empty() ? "?" : "&") + ai + "=" + percent(v);
        else
            return {};
    }
    std::string uri = "https://id.example.org/" + key->ai + "/" + percent(keyValue);
    if (!qualifiers.empty()) {
        bool fitted = false;
        for (const auto& path : Generator::split(key->dlpkey, '|')) {
            const auto order = Generator::split(path, ',');
            if (!std::all_of(qualifiers.begin(), qualifiers.end(),
                             [&](auto& q) { return std::find(order.begin(), order.end(), q) != order.end(); }))
                continue;
            for (const auto& q : order)
                for (const auto& [ai, v] : els)
                    if (ai == q)
                        uri += "/" + ai + "/" + percent(v);
            fitted = true;
            break;
        }
        if (!fitted)
            return {};
    }
    return uri + query;
}

std::multiset<std::pair<std::string, std::string>> aisOf(const core::ParsedScan& s)
{
    return {s.ais.begin(), s.ais.end()};
}

} // namespace

BOOST_AUTO_TEST_SUITE(gs1_property)

BOOST_AUTO_TEST_CASE(every_ai_reads_the_same_in_bracketed_text_element_strings_and_digital_link)
{
    const Generator g;
    std::size_t tested = 0, viaLink = 0, fixed = 0;
    for (const auto& d : g.all) {
        std::vector<std::string> set{d.ai};
        BOOST_TEST_CONTEXT("AI (" << d.ai << ")")
        {
            BOOST_REQUIRE_MESSAGE(g.complete(set), "no requisites without an invalid pair");
            std::vector<std::pair<std::string, std::string>> els;
            for (const auto& ai : set)
                els.emplace_back(ai, validValue(*g.byAi.at(ai)));
            const std::multiset<std::pair<std::string, std::string>> want(els.begin(), els.end());

            const auto b = parse(bracketed(els));
            BOOST_TEST(b.ok, bracketed(els) << ": " << b.error);
            BOOST_TEST((aisOf(b) == want), bracketed(els));
            const auto e = parse(elementString(els, g));
            BOOST_TEST(e.ok, elementString(els, g) << ": " << e.error);
            BOOST_TEST((aisOf(e) == want));
            const std::string link = digitalLink(els, g);
            if (!link.empty()) {
                const auto l = parse(link);
                BOOST_TEST(l.ok, link << ": " << l.error);
                BOOST_TEST((aisOf(l) == want), link);
                ++viaLink;
            }

            // A one-character change to a fixed-length value is refused: one character more, one fewer, and for a
            // check digit a different last digit.
            if (d.fixedLength) {
                ++fixed;
                auto longer = els, shorter = els;
                longer[0].second += longer[0].second.back();
                shorter[0].second.pop_back();
                BOOST_TEST(!parse(bracketed(longer)).ok, bracketed(longer));
                BOOST_TEST(!parse(bracketed(shorter)).ok, bracketed(shorter));
                auto last = shorter; // at the end of an element string, so nothing follows to re-split into
                std::rotate(last.begin(), last.begin() + 1, last.end());
                BOOST_TEST(!parse(elementString(last, g)).ok, elementString(last, g));
                if (!link.empty()) {
                    BOOST_TEST(!parse(digitalLink(longer, g)).ok, digitalLink(longer, g));
                    if (d.ai != "01") // 13 digits under /01/ are a GTIN-13 (Digital Link 1.2 grammar)
                        BOOST_TEST(!parse(digitalLink(shorter, g)).ok, digitalLink(shorter, g));
                }
                if (!d.parts.empty() && std::count(d.parts[0].linters.begin(), d.parts[0].linters.end(), "csum")) {
                    auto wrong = els;
                    const std::size_t at = static_cast<std::size_t>(d.parts[0].max) - 1;
                    wrong[0].second[at] = wrong[0].second[at] == '9' ? '0' : static_cast<char>(wrong[0].second[at] + 1);
                    BOOST_TEST(says(parse(bracketed(wrong)), "check digit"), bracketed(wrong));
                }
            }
            ++tested;
        }
    }
    BOOST_TEST(tested == g.all.size());
    BOOST_TEST(viaLink > 400u); // nearly every AI can be written as a Digital Link
    BOOST_TEST(fixed > 150u);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(gs1_property)

BOOST_AUTO_TEST_CASE(every_key_qualifier_path_of_the_dictionary_is_read)
{
    // For each primary key and each of its qualifier paths (dlpkey=22,10,21|235: two paths), the full path with valid
    // values: read when the qualifiers' own requisites are met by the key and the path; refused naming the
    // requisite when the dictionary's pairs say so (such as (22), which needs (01), on the path of (8006)).
    const Generator g;
    std::size_t paths = 0, read = 0;
    for (const auto& d : g.all) {
        if (!d.primaryKey)
            continue;
        for (const auto& path : Generator::split(d.dlpkey.empty() ? std::string("-") : d.dlpkey, '|')) {
            std::vector<std::string> set{d.ai};
            std::string uri = "https://id.example.org/" + d.ai + "/" + percent(validValue(d));
            for (const auto& q : Generator::split(path, ','))
                if (q != "-") {
                    set.push_back(q);
                    uri += "/" + q + "/" + percent(validValue(*g.byAi.at(q)));
                }
            auto completed = set;
            const bool satisfiable = g.complete(completed) && completed.size() == set.size();
            const auto s = parse(uri);
            BOOST_TEST_CONTEXT(uri)
            {
                if (satisfiable) {
                    BOOST_TEST(s.ok, s.error);
                    BOOST_TEST(s.ais.size() == set.size());
                    read += s.ok;
                } else {
                    BOOST_TEST((says(s, "is only valid with") || says(s, " needs ")), s.error);
                }
            }
            ++paths;
        }
    }
    BOOST_TEST(paths == 18u); // 16 keys; (01) and (414) have two paths each
    BOOST_TEST(read == 17u);  // all but (8006) with (22)
}

BOOST_AUTO_TEST_SUITE_END()
