#include "Admin.h"

#include "portside/core/Gs1Parser.h"
#include "portside/core/LockOrders.h"
#include "portside/core/PluginPackage.h"
#include "portside/core/ReferenceJson.h"
#include "portside/core/StaffAuth.h"
#include "portside/core/Text.h"

#include <Poco/Base64Encoder.h>
#include <Poco/DateTimeFormatter.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/LocalDateTime.h>
#include <Poco/StreamCopier.h>
#include <Poco/String.h>
#include <Poco/StringTokenizer.h>
#include <Poco/Zip/ZipArchive.h>
#include <Poco/Zip/ZipStream.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <set>
#include <sstream>
#include <stdexcept>

namespace portside::server {

namespace {

std::string field(const Fields& f, const std::string& name, bool required = true)
{
    const auto it = f.find(name);
    if (it == f.end() || it->second.empty()) {
        if (required)
            throw std::invalid_argument("The field \"" + name + "\" is required.");
        return {};
    }
    return it->second;
}

double number(const Fields& f, const std::string& name, double fallback)
{
    const std::string v = field(f, name, false);
    if (v.empty())
        return fallback;
    std::size_t used = 0;
    double d = 0;
    try {
        d = std::stod(v, &used);
    } catch (const std::exception&) {
        used = 0;
    }
    if (used != v.size() || d < 0)
        throw std::invalid_argument("The field \"" + name + "\" must be a number of zero or more (got \"" + v + "\").");
    return d;
}

bool flag(const Fields& f, const std::string& name)
{
    const std::string v = field(f, name, false);
    if (v.empty() || v == "false" || v == "no" || v == "0")
        return false;
    if (v == "true" || v == "yes" || v == "1")
        return true;
    throw std::invalid_argument("The field \"" + name + "\" must be true or false (got \"" + v + "\").");
}

void onlyKnown(const Fields& f, const std::set<std::string>& known)
{
    for (const auto& [name, value] : f)
        if (!known.count(name))
            throw std::invalid_argument("Unknown field \"" + name + "\" (a typing mistake would lose its value).");
}

std::string json(const Poco::JSON::Object::Ptr& o)
{
    std::ostringstream out;
    o->stringify(out);
    return out.str();
}

std::string productKey(const std::string& value, const std::string& name)
{
    if (value.find('/') != std::string::npos)
        return value; // HIBC LIC/PCN
    if (value.size() != 14 || value.find_first_not_of("0123456789") != std::string::npos ||
        !core::Gs1Parser::checkDigitOk(value))
        throw std::invalid_argument("The field \"" + name +
                                    "\" must be a GTIN-14 with a valid check digit or an HIBC " + "LIC/PCN (got \"" +
                                    value + "\").");
    return value;
}

/// "4B; 7;4B" as "4B;7": the wards named, each once, in order.
std::string wards(const std::string& text)
{
    std::string out;
    std::set<std::string> seen;
    for (const auto& w :
         Poco::StringTokenizer(text, ";,", Poco::StringTokenizer::TOK_TRIM | Poco::StringTokenizer::TOK_IGNORE_EMPTY))
        if (seen.insert(w).second)
            out += (out.empty() ? "" : ";") + w;
    return out;
}

} // namespace

Record makeRecord(const std::string& kind, const Fields& f, int minPinLength)
{
    for (const auto& [name, value] : f)
        if (core::validUtf8(name) != name || core::validUtf8(value) != value)
            throw std::invalid_argument("The field \"" + core::validUtf8(name) +
                                        "\" is not UTF-8 text; type or save it as UTF-8.");
    if (kind == "staff") {
        onlyKnown(f, {"badge", "name", "role", "pin", "pinHash", "salt", "iterations", "language", "wards"});
        const std::string role = field(f, "role");
        if (role != "nurse" && role != "supervisor" && role != "admin")
            throw std::invalid_argument("The field \"role\" must be nurse, supervisor or admin (got \"" + role +
                                        "\").");
        core::StaffRecord s;
        if (f.count("pin")) {
            const std::string pin = field(f, "pin");
            if (const auto problem = core::StaffAuth::pinProblem(pin, minPinLength); !problem.empty())
                throw std::invalid_argument("The field \"pin\": " + problem);
            s = core::StaffAuth::make(field(f, "badge"), field(f, "name"), role, pin);
        } else {
            s = {field(f, "badge"),
                 field(f, "name"),
                 role,
                 field(f, "pinHash"),
                 field(f, "salt"),
                 static_cast<int>(std::min(number(f, "iterations", 0), 1e9)),
                 {}};
            // At most ten times today's rounds: a record that took seconds to check would stall sign-in on every kiosk.
            if (s.iterations < 10000 || s.iterations > 10 * core::StaffAuth::kIterations)
                throw std::invalid_argument("A PIN hash needs \"iterations\" from 10000 to " +
                                            std::to_string(10 * core::StaffAuth::kIterations) + ".");
            // The form StaffAuth::hashPin writes: 32 bytes as lower-case hex. Anything else could never match a PIN,
            // and the staff member would be locked out without anyone knowing why.
            if (s.pinHash.size() != 64 || s.pinHash.find_first_not_of("0123456789abcdef") != std::string::npos)
                throw std::invalid_argument(
                    "The field \"pinHash\" must be 64 lower-case hex digits (PBKDF2-HMAC-SHA256, "
                    "32 bytes), as portside-server makes it from a PIN.");
            if (s.salt.size() < 8 || s.salt.size() > 128 ||
                std::any_of(s.salt.begin(), s.salt.end(), [](char c) { return c < 0x21 || c > 0x7e; }))
                throw std::invalid_argument("The field \"salt\" must be 8 to 128 printable ASCII characters.");
        }
        s.language = field(f, "language", false);
        if (!s.language.empty() && (s.language.size() > 5 ||
                                    s.language.find_first_not_of(
                                        "abcdefghijklmnopqrstuvwxyz_ABCDEFGHIJKLMNOPQRSTUVWXYZ") != std::string::npos))
            throw std::invalid_argument("The field \"language\" must be a language code such as es (got \"" +
                                        s.language + "\").");
        auto o = core::toJson(s);
        if (const auto w = wards(field(f, "wards", false)); !w.empty())
            o->set("wards", w); // ServerStore sends the record only to these wards' kiosks
        return {kind, s.badge, json(o)};
    }
    if (kind == "patient") {
        onlyKnown(f, {"id", "name", "ward", "birthDate", "bed", "portType", "powerInjectable", "heparinAllergyOrHit",
                      "chlorhexidineAllergy", "lockSolution", "lockUnitsPerMl", "lockVolumeMl", "maintenanceWeeks"});
        core::PatientRecord p;
        p.id = field(f, "id");
        p.displayName = field(f, "name");
        p.birthDate = field(f, "birthDate", false);
        p.bed = field(f, "bed", false);
        p.portType = field(f, "portType", false);
        p.powerInjectable = flag(f, "powerInjectable");
        p.heparinAllergyOrHit = flag(f, "heparinAllergyOrHit");
        p.chlorhexidineAllergy = flag(f, "chlorhexidineAllergy");
        if (!p.birthDate.empty() && core::ageInYears(p.birthDate, p.birthDate) != 0)
            throw std::invalid_argument("The field \"birthDate\" must be a date YYYY-MM-DD (got \"" + p.birthDate +
                                        "\").");
        // No lockSolution: no order of the patient's own; the kiosk applies its site's default lock for the age.
        p.lockSolution = field(f, "lockSolution", false);
        const bool ordered = !p.lockSolution.empty();
        p.lockUnitsPerMl = number(f, "lockUnitsPerMl", p.lockSolution == "heparin" ? 100 : 0);
        p.lockVolumeMl = number(f, "lockVolumeMl", 5);
        p.maintenanceWeeks = number(f, "maintenanceWeeks", 0);
        if (ordered) {
            // The order is checked as it enters, as the kiosk checks it again where it is used.
            const auto problem =
                core::lockOrderProblem(p.lockSolution, p.lockUnitsPerMl, p.lockVolumeMl, p, core::LockPolicy{},
                                       Poco::DateTimeFormatter::format(Poco::LocalDateTime(), "%Y-%m-%d"));
            if (!problem.empty())
                throw std::invalid_argument(problem.english());
        }
        auto o = core::toJson(p);
        // The ward as kiosks are enrolled for it (enroll-code --ward): no ';' or ',' (they separate a staff member's
        // wards), no control characters, no spaces around it.
        const std::string ward = Poco::trim(field(f, "ward", false));
        if (std::any_of(ward.begin(), ward.end(),
                        [](char c) { return c == ';' || c == ',' || static_cast<unsigned char>(c) < 0x20; }))
            throw std::invalid_argument("The field \"ward\" cannot hold ';', ',' or a control character (got \"" +
                                        ward + "\").");
        o->set("ward", ward);
        return {kind, p.id, json(o)};
    }
    if (kind == "product") {
        onlyKnown(f, {"gtin", "hibc", "category", "name", "heparinUnitsPerMl", "volumeMl", "syringeMl", "gauge",
                      "lengthMm", "dressingType"});
        core::Product p;
        p.gtin = field(f, "gtin", false);
        p.hibc = field(f, "hibc", false);
        if (p.gtin.empty() == p.hibc.empty())
            throw std::invalid_argument("A product needs either \"gtin\" or \"hibc\".");
        if (!p.gtin.empty())
            productKey(p.gtin, "gtin");
        p.category = field(f, "category");
        p.name = field(f, "name");
        p.heparinUnitsPerMl = number(f, "heparinUnitsPerMl", 0);
        if (p.category == "heparin-lock" && p.heparinUnitsPerMl <= 0)
            throw std::invalid_argument("A heparin-lock product needs \"heparinUnitsPerMl\".");
        p.volumeMl = number(f, "volumeMl", 0);
        p.syringeMl = number(f, "syringeMl", 0);
        p.gauge = static_cast<int>(number(f, "gauge", 0));
        p.lengthMm = number(f, "lengthMm", 0);
        p.dressingType = field(f, "dressingType", false);
        if (p.category == "dressing" && p.dressingType != "tsm" && p.dressingType != "gauze")
            throw std::invalid_argument("A dressing needs \"dressingType\" tsm (transparent membrane) or gauze; its "
                                        "due date follows it.");
        if (p.category != "dressing" && !p.dressingType.empty())
            throw std::invalid_argument("Only a dressing has a \"dressingType\".");
        return {kind, p.gtin.empty() ? p.hibc : p.gtin, json(core::toJson(p))};
    }
    if (kind == "recall") {
        onlyKnown(f, {"product", "lot", "reason"});
        core::Recall r{productKey(field(f, "product"), "product"), field(f, "lot", false), field(f, "reason")};
        return {kind, r.product + "/" + r.lot, json(core::toJson(r))};
    }
    throw std::invalid_argument("Unknown kind \"" + kind + "\": use staff, patient, product or recall.");
}

Record patientChange(ServerStore& store, const std::string& event, const std::string& id, const std::string& ward)
{
    if (event != "transfer" && event != "discharge")
        throw std::invalid_argument("Unknown patient event \"" + core::validUtf8(event) +
                                    "\": use admit (add patient ...), transfer or discharge.");
    std::string body;
    for (const auto& r : store.reference("patient"))
        if (r.key == id)
            body = r.body;
    if (body.empty())
        throw std::invalid_argument("No patient \"" + core::validUtf8(id) + "\" is known here; admit them first.");
    Poco::JSON::Parser parser;
    Poco::JSON::Object::Ptr o = parser.parse(body).extract<Poco::JSON::Object::Ptr>();
    if (event == "transfer") {
        const std::string to = Poco::trim(ward);
        if (to.empty() || std::any_of(to.begin(), to.end(), [](char c) {
                return c == ';' || c == ',' || static_cast<unsigned char>(c) < 0x20;
            }))
            throw std::invalid_argument("A transfer needs the ward the patient goes to, without ';', ',' or a control "
                                        "character (got \"" +
                                        core::validUtf8(ward) + "\").");
        o->set("ward", to);
        o->remove("discharged"); // a transfer of someone discharged is a new stay
        o->remove("dischargedFrom");
    } else {
        o->set("discharged", Poco::DateTimeFormatter::format(Poco::Timestamp(), "%Y-%m-%dT%H:%M:%SZ"));
        // In no ward any more: the ward's kiosks get none of their records from now on (GET /v1/ward-events).
        o->set("dischargedFrom", o->optValue<std::string>("ward", ""));
        o->set("ward", "");
    }
    const Record record{"patient", id, json(o)};
    store.putReference(record.kind, record.key, record.json);
    return record;
}

namespace {

/// A CSV file's text must be UTF-8 (kiosks and the JSON they get read nothing else): the first byte that is not is
/// named with its line, and what to do.
void checkUtf8(const std::string& text)
{
    const std::string valid = core::validUtf8(text);
    const auto bad = std::mismatch(text.begin(), text.end(), valid.begin()).first;
    const auto nul = std::find(text.begin(), bad, '\0');
    const auto at = std::min(bad, nul);
    if (at == text.end())
        return;
    const auto lineStart = std::find(std::make_reverse_iterator(at), text.rend(), '\n').base();
    const auto line = 1 + std::count(text.begin(), at, '\n');
    char byte[8];
    std::snprintf(byte, sizeof byte, "0x%02X", static_cast<unsigned char>(*at));
    throw std::invalid_argument("CSV line " + std::to_string(line) + " is not UTF-8 text (byte " + byte +
                                " at position " + std::to_string(at - lineStart + 1) +
                                (*at == '\0' ? "" : "; Latin-1 or Windows-1252?") +
                                "): save the file as UTF-8 (in Excel: \"CSV UTF-8\") and import it again.");
}

/// The separator of the fields: ';' when the header row has one outside quotes and no ',' (Excel writes such files
/// where the decimal sign is a comma: German, French, Spanish), otherwise ','.
char separatorOf(const std::string& text)
{
    bool inQuotes = false, semicolon = false;
    for (const char c : text) {
        if (c == '"')
            inQuotes = !inQuotes;
        else if (inQuotes)
            continue;
        else if (c == '\n' || c == '\r')
            break;
        else if (c == ',')
            return ',';
        else if (c == ';')
            semicolon = true;
    }
    return semicolon ? ';' : ',';
}

} // namespace

std::vector<CsvRow> readCsv(std::istream& in)
{
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (text.rfind("\xEF\xBB\xBF", 0) == 0) // a byte order mark (Excel's "CSV UTF-8"): not part of the first name
        text.erase(0, 3);
    checkUtf8(text);
    const char separator = separatorOf(text);
    std::vector<std::vector<std::string>> rows;
    std::vector<int> rowLines;
    std::vector<std::string> row;
    std::string cell;
    bool quoted = false, inQuotes = false, any = false;
    int line = 1, rowLine = 1;
    const auto endCell = [&] {
        row.push_back(cell);
        cell.clear();
        quoted = false;
    };
    const auto endRow = [&] {
        endCell();
        if (!(row.size() == 1 && row.front().empty())) {
            rows.push_back(row);
            rowLines.push_back(rowLine);
        }
        row.clear();
        any = false;
        rowLine = line;
    };
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        const char next = i + 1 < text.size() ? text[i + 1] : '\0';
        if (inQuotes) {
            if (c == '"') {
                if (next == '"') {
                    ++i;
                    cell += '"';
                } else {
                    inQuotes = false;
                }
            } else {
                if (c == '\n')
                    ++line;
                cell += c;
            }
            continue;
        }
        any = true;
        if (c == '"' && cell.empty() && !quoted) {
            inQuotes = quoted = true;
        } else if (c == separator) {
            endCell();
        } else if (c == '\r' && next == '\n') {
            continue;
        } else if (c == '\r') {
            // Old Mac line ends: read as they are, the whole file would be one row.
            throw std::invalid_argument("CSV line " + std::to_string(line) +
                                        " ends with a carriage return alone (old Mac line ends), so its rows cannot "
                                        "be told apart: save the file with Windows or Unix line ends and import it "
                                        "again.");
        } else if (c == '\n') {
            ++line;
            endRow();
        } else if (quoted) {
            throw std::invalid_argument("CSV line " + std::to_string(line) + ": text after a closing quote.");
        } else {
            cell += c;
        }
    }
    if (inQuotes)
        throw std::invalid_argument("CSV line " + std::to_string(rowLine) + ": a quote is never closed.");
    if (any || !cell.empty() || !row.empty())
        endRow();
    if (rows.empty())
        throw std::invalid_argument("The CSV file is empty; its first line must name the fields.");
    const auto& header = rows.front();
    for (std::size_t i = 0; i < header.size(); ++i)
        if (std::find(header.begin(), header.begin() + static_cast<std::ptrdiff_t>(i), header[i]) !=
            header.begin() + static_cast<std::ptrdiff_t>(i))
            throw std::invalid_argument("The CSV header names the field \"" + header[i] +
                                        "\" twice; which column is right?");
    std::vector<CsvRow> out;
    for (std::size_t r = 1; r < rows.size(); ++r) {
        if (rows[r].size() != header.size())
            throw std::invalid_argument("CSV line " + std::to_string(rowLines[r]) + " has " +
                                        std::to_string(rows[r].size()) + " fields; the header names " +
                                        std::to_string(header.size()) + ".");
        CsvRow f{rowLines[r], {}};
        for (std::size_t i = 0; i < header.size(); ++i)
            if (!rows[r][i].empty())
                f.fields[header[i]] = rows[r][i];
        out.push_back(std::move(f));
    }
    return out;
}

Record recordFromJson(const std::string& kind, const std::string& key, const std::string& text, int minPinLength)
{
    Poco::JSON::Object::Ptr o;
    try {
        Poco::JSON::Parser parser;
        o = parser.parse(text).extract<Poco::JSON::Object::Ptr>();
    } catch (const Poco::Exception&) {
        throw std::invalid_argument("The record is not a JSON object.");
    } catch (const std::exception&) {
        throw std::invalid_argument("The record is not a JSON object.");
    }
    Fields f;
    for (const auto& [name, value] : *o) {
        if (value.isEmpty())
            continue;
        if (value.isArray() || value.isStruct() || value.type() == typeid(Poco::JSON::Object::Ptr) ||
            value.type() == typeid(Poco::JSON::Array::Ptr))
            throw std::invalid_argument("The field \"" + name + "\" must be a plain value.");
        f[name] = value.convert<std::string>();
    }
    Record r = makeRecord(kind, f, minPinLength);
    if (r.key != key)
        throw std::invalid_argument("The key \"" + key + "\" is not the record's own (\"" + r.key + "\").");
    return r;
}

std::size_t importCsv(ServerStore& store, const std::string& kind, std::istream& in, int minPinLength)
{
    std::vector<CsvRow> rows;
    try {
        rows = readCsv(in);
    } catch (const std::invalid_argument& e) {
        throw std::invalid_argument(std::string(e.what()) + " Nothing was imported.");
    }
    std::vector<ServerStore::Reference> records;
    std::map<std::string, int> lineOf; // each record's key, and the line that gave it
    for (const auto& row : rows) {
        Record r;
        try {
            r = makeRecord(kind, row.fields, minPinLength);
        } catch (const std::invalid_argument& e) {
            throw std::invalid_argument("CSV line " + std::to_string(row.line) + ": " + e.what() +
                                        " Nothing was imported.");
        }
        const auto [first, fresh] = lineOf.emplace(r.key, row.line);
        if (!fresh)
            throw std::invalid_argument("CSV lines " + std::to_string(first->second) + " and " +
                                        std::to_string(row.line) + " are both " + kind + " " + r.key +
                                        "; a file names each record once (which line is right?). Nothing was "
                                        "imported.");
        records.push_back({r.kind, r.key, r.json});
    }
    try {
        store.putReferences(records); // one transaction: all rows or none, even when the database fails half-way
    } catch (const Poco::Exception& e) {
        throw std::runtime_error("The database refused the import (" + e.displayText() +
                                 "). Nothing was imported; the rows were all checked, so try again, or look at the "
                                 "database.");
    }
    return records.size();
}

Record addPluginPackage(ServerStore& store, const std::string& path)
{
    std::ifstream file(path, std::ios::binary);
    if (!file)
        throw std::invalid_argument("Cannot read " + path + ".");
    std::string bytes((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
    Poco::JSON::Object::Ptr manifest;
    try {
        std::istringstream zip(bytes);
        Poco::Zip::ZipArchive archive(zip);
        const auto entry = archive.findHeader("manifest.json");
        if (entry == archive.headerEnd())
            throw std::invalid_argument(path + " has no manifest.json; it is not a plugin package.");
        zip.clear();
        zip.seekg(0);
        Poco::Zip::ZipInputStream in(zip, entry->second);
        std::string text;
        Poco::StreamCopier::copyToString(in, text);
        Poco::JSON::Parser parser;
        manifest = parser.parse(text).extract<Poco::JSON::Object::Ptr>();
    } catch (const Poco::BadCastException&) {
        throw std::invalid_argument(path + ": manifest.json is not a JSON object.");
    } catch (const Poco::Exception& e) {
        throw std::invalid_argument(path + " is not a readable plugin package (" + e.displayText() + ").");
    }
    // The same checks as the kiosk's (a safe id, a version, a known kind): an offer no kiosk could take is refused
    // here. The signature is the kiosk's to check, against its own trusted keys.
    core::PackageManifest checked;
    try {
        std::ostringstream text;
        manifest->stringify(text);
        checked = core::parseManifest(text.str());
    } catch (const core::PackageRefused& e) {
        throw std::invalid_argument(path + ": " + e.what());
    }
    const std::string id = checked.id, version = checked.version;
    store.putPluginPackage(id, version, bytes);
    Poco::JSON::Object::Ptr listing = new Poco::JSON::Object;
    listing->set("id", id);
    listing->set("version", version);
    listing->set("kind", checked.kind);
    listing->set("sha256", sha256Hex(bytes));
    listing->set("size", static_cast<Poco::Int64>(bytes.size()));
    listing->set("url", "/v1/plugins/" + id + "/" + version);
    Record r{"plugin", id, json(listing)};
    store.putReference(r.kind, r.key, r.json);
    return r;
}

} // namespace portside::server

namespace portside::server {

Record addPluginKey(ServerStore& store, const std::string& path, const std::string& name, bool revoked)
{
    std::ifstream file(path, std::ios::binary);
    if (!file)
        throw std::invalid_argument("Cannot read " + path + ".");
    const std::string pem((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
    if (pem.find("-----BEGIN PUBLIC KEY-----") == std::string::npos || pem.find("PRIVATE KEY") != std::string::npos)
        throw std::invalid_argument(path + " is not a public key in PEM form (a .pub.pem from portside-cli plugin "
                                           "keygen).");
    Poco::JSON::Object::Ptr key = new Poco::JSON::Object;
    key->set("id", core::keyId(pem));
    key->set("name", name);
    key->set("pem", pem);
    if (revoked)
        key->set("revoked", true);
    Record r{"plugin-key", core::keyId(pem), json(key)};
    store.putReference(r.kind, r.key, r.json);
    return r;
}

} // namespace portside::server
