// Plugin packages (DESIGN.md section 2): a package a trusted key signed is read back whole; every hostile package is
// refused with a sentence before anything in it is used. Zips with names, links or sizes no honest tool writes are
// built byte by byte here from PKWARE's APPNOTE.TXT (6.3.x: 4.3.7 local file header, 4.3.12 central directory
// header, 4.3.16 end of central directory record).

#include "portside/core/PluginPackage.h"
#include "portside/sdk/Version.h"

#include <Poco/Checksum.h>
#include <Poco/StreamCopier.h>
#include <Poco/Zip/ZipArchive.h>
#include <Poco/Zip/ZipStream.h>

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <map>
#include <sstream>
#include <string>
#include <vector>

using namespace portside;

namespace {

const std::string kManifest =
    R"({"id":"wound-check","version":"1.2.0","kind":"checklist","sdk":")" PORTSIDE_SDK_VERSION
    R"(","library":"wound-check.so","catalogs":{"es":"locale/es/LC_MESSAGES/wound-check.mo"},"needs":["printer"]})";

std::map<std::string, std::string> goodFiles()
{
    return {{"manifest.json", kManifest},
            {"wound-check.so", std::string("\x7f"
                                           "ELF",
                                           4) +
                                   std::string(5000, '\x01')},
            {"locale/es/LC_MESSAGES/wound-check.mo", std::string(300, '\x02')}};
}

const core::SigningKey& builder()
{
    static const auto key = core::generateSigningKey();
    return key;
}

std::string refusal(const std::string& zip, const std::vector<std::string>& trusted = {builder().publicPem},
                    const core::PackageLimits& limits = {})
{
    try {
        core::verifyPackage(zip, trusted, limits);
    } catch (const core::PackageRefused& e) {
        return e.what();
    }
    return "accepted";
}

/// One zip entry written byte by byte: stored, with the name, Unix mode and declared size given.
struct RawEntry {
    RawEntry(std::string n, std::string d, unsigned m = 0100644) : name(std::move(n)), data(std::move(d)), mode(m) {}
    std::string name, data;
    unsigned mode = 0100644;
    long declaredSize = -1; ///< the size the headers say; -1: the real one
    std::string localName;  ///< the name the local header says; empty: the same as the directory's
    long localSize = -1;    ///< the size the local header says; -1: as declaredSize
};

void put16(std::string& out, unsigned v)
{
    out += static_cast<char>(v & 0xff);
    out += static_cast<char>((v >> 8) & 0xff);
}
void put32(std::string& out, unsigned long v)
{
    put16(out, static_cast<unsigned>(v & 0xffff));
    put16(out, static_cast<unsigned>((v >> 16) & 0xffff));
}

std::string rawZip(const std::vector<RawEntry>& entries)
{
    std::string out, central;
    for (const auto& e : entries) {
        Poco::Checksum crc(Poco::Checksum::TYPE_CRC32);
        crc.update(e.data.data(), static_cast<unsigned>(e.data.size()));
        const unsigned long size = e.declaredSize < 0 ? e.data.size() : static_cast<unsigned long>(e.declaredSize);
        const unsigned long offset = out.size();
        put32(out, 0x04034b50); // 4.3.7
        put16(out, 20);         // version needed
        put16(out, 0);          // flags
        put16(out, 0);          // stored
        put16(out, 0);          // time
        put16(out, 0x21);       // date
        put32(out, crc.checksum());
        const std::string local = e.localName.empty() ? e.name : e.localName;
        const unsigned long localSize = e.localSize < 0 ? size : static_cast<unsigned long>(e.localSize);
        put32(out, localSize);
        put32(out, localSize);
        put16(out, static_cast<unsigned>(local.size()));
        put16(out, 0);
        out += local + e.data;
        put32(central, 0x02014b50); // 4.3.12
        put16(central, 0x0314);     // made by: Unix, 2.0
        put16(central, 20);
        put16(central, 0);
        put16(central, 0);
        put16(central, 0);
        put16(central, 0x21);
        put32(central, crc.checksum());
        put32(central, size);
        put32(central, size);
        put16(central, static_cast<unsigned>(e.name.size()));
        put16(central, 0); // extra
        put16(central, 0); // comment
        put16(central, 0); // disk
        put16(central, 0); // internal attributes
        put32(central, static_cast<unsigned long>(e.mode) << 16);
        put32(central, offset);
        central += e.name;
    }
    const unsigned long at = out.size();
    out += central;
    put32(out, 0x06054b50); // 4.3.16
    put16(out, 0);
    put16(out, 0);
    put16(out, static_cast<unsigned>(entries.size()));
    put16(out, static_cast<unsigned>(entries.size()));
    put32(out, central.size());
    put32(out, at);
    put16(out, 0);
    return out;
}

/// Every entry of a zip as it is, signature.json included (read here without any check).
std::vector<RawEntry> entriesOf(const std::string& zip)
{
    std::istringstream in(zip);
    Poco::Zip::ZipArchive archive(in);
    std::vector<RawEntry> entries;
    for (auto it = archive.headerBegin(); it != archive.headerEnd(); ++it) {
        std::istringstream raw(zip);
        Poco::Zip::ZipInputStream entry(raw, it->second);
        std::string bytes;
        Poco::StreamCopier::copyToString(entry, bytes);
        entries.push_back({it->first, bytes});
    }
    return entries;
}

std::string& entry(std::vector<RawEntry>& entries, const std::string& name)
{
    for (auto& e : entries)
        if (e.name == name)
            return e.data;
    throw std::logic_error("no entry " + name);
}

bool says(const std::string& why, const std::string& what)
{
    return why.find(what) != std::string::npos;
}

} // namespace

BOOST_AUTO_TEST_SUITE(plugin_packages)

BOOST_AUTO_TEST_CASE(a_package_a_trusted_key_signed_is_read_back_whole)
{
    const auto zip = core::packPackage(goodFiles(), builder());
    const auto other = core::generateSigningKey();
    const auto p = core::verifyPackage(zip, {other.publicPem, builder().publicPem});
    BOOST_TEST(p.manifest.id == "wound-check");
    BOOST_TEST(p.manifest.version == "1.2.0");
    BOOST_TEST(p.manifest.kind == "checklist");
    BOOST_TEST(p.manifest.catalogs.at("es") == "locale/es/LC_MESSAGES/wound-check.mo");
    BOOST_TEST(p.signer == core::keyId(builder().publicPem));
    BOOST_TEST((p.files == goodFiles()));
    BOOST_TEST(core::keyId(builder().publicPem) != core::keyId(other.publicPem));
    // Zipped again by hand, byte by byte, the same entries are the same package.
    BOOST_TEST(refusal(rawZip(entriesOf(zip))) == "accepted");
    BOOST_TEST(says(refusal("hello"), "not a readable zip"));
}

BOOST_AUTO_TEST_CASE(a_key_saved_with_other_line_ends_is_the_same_key)
{
    std::string windows;
    for (char c : builder().publicPem)
        windows += c == '\n' ? std::string("\r\n") : std::string(1, c);
    BOOST_TEST(core::keyId(windows) == core::keyId(builder().publicPem));
    BOOST_TEST(refusal(core::packPackage(goodFiles(), builder()), {windows}) == "accepted");
    // A comment line before the key (as an IT person may write who it is) does not change the key either.
    const std::string commented = "# Acme Medical, plugin signing key 2026\n" + builder().publicPem;
    BOOST_TEST(core::keyId(commented) == core::keyId(builder().publicPem));
    BOOST_TEST(refusal(core::packPackage(goodFiles(), builder()), {commented}) == "accepted");
}

BOOST_AUTO_TEST_CASE(a_key_this_site_does_not_trust_is_refused_even_under_a_trusted_keys_name)
{
    const auto stranger = core::generateSigningKey();
    const auto zip = core::packPackage(goodFiles(), stranger);
    BOOST_TEST(says(refusal(zip), "does not trust"));
    BOOST_TEST(says(refusal(zip, {}), "does not trust"));
    // The stranger's signature under the trusted key's id.
    auto entries = entriesOf(zip);
    auto& signature = entry(entries, "signature.json");
    const auto id = core::keyId(stranger.publicPem);
    signature.replace(signature.find(id), id.size(), core::keyId(builder().publicPem));
    BOOST_TEST(says(refusal(rawZip(entries)), "does not match its contents"));
    // No signature at all.
    auto unsigned_ = entriesOf(core::packPackage(goodFiles(), builder()));
    unsigned_.erase(std::remove_if(unsigned_.begin(), unsigned_.end(),
                                   [](const RawEntry& e) { return e.name == "signature.json"; }),
                    unsigned_.end());
    BOOST_TEST(says(refusal(rawZip(unsigned_)), "not signed"));
}

BOOST_AUTO_TEST_CASE(one_byte_changed_an_entry_added_or_taken_away_breaks_the_signature)
{
    const auto zip = core::packPackage(goodFiles(), builder());
    for (const char* target : {"wound-check.so", "manifest.json", "locale/es/LC_MESSAGES/wound-check.mo"}) {
        auto entries = entriesOf(zip);
        auto& bytes = entry(entries, target);
        bytes[bytes.size() / 2] ^= 0x01;
        const auto why = refusal(rawZip(entries));
        BOOST_TEST(says(why, "does not match its contents"), target << ": " << why);
    }
    auto added = entriesOf(zip);
    added.push_back({"locale/de/LC_MESSAGES/wound-check.mo", "added"});
    BOOST_TEST(says(refusal(rawZip(added)), "does not match its contents"));
    auto fewer = entriesOf(zip);
    fewer.erase(std::remove_if(fewer.begin(), fewer.end(),
                               [](const RawEntry& e) { return e.name == "locale/es/LC_MESSAGES/wound-check.mo"; }),
                fewer.end());
    BOOST_TEST(says(refusal(rawZip(fewer)), "does not match its contents"));
}

BOOST_AUTO_TEST_CASE(entries_that_could_land_outside_or_are_not_files_are_refused_before_anything_is_unpacked)
{
    const auto good = entriesOf(core::packPackage(goodFiles(), builder()));
    const std::vector<std::pair<RawEntry, std::string>> hostile = {
        {{"../evil.so", "x"}, "leaves the package"},
        {{"locale/../../../etc/cron.d/x.mo", "x"}, "leaves the package"},
        {{"/usr/lib/evil.so", "x"}, "absolute path"},
        {{"C:evil.so", "x"}, "absolute path"},
        {{"locale\\es\\x.mo", "x"}, "backslash"},
        {{"evil.so", "/usr/lib/x86_64-linux-gnu/libc.so.6", 0120777}, "a link"},
        {{"lib/", "", 040755}, "folder entry"},
        {{"locale/es/LC_MESSAGES/x/", "", 040755}, "folder entry"},
        {{"bin/sh", "x"}, "has no place"},
        {{".hidden.so", "x"}, "has no place"},
        {{"manifest.json", "{}"}, "twice"}, // a second manifest.json
    };
    for (const auto& [extra, expected] : hostile) {
        auto entries = good;
        entries.push_back(extra);
        const auto why = refusal(rawZip(entries));
        BOOST_TEST(says(why, expected), extra.name << ": " << why);
    }
    core::PackageLimits few;
    few.maxEntries = 3;
    BOOST_TEST(says(refusal(rawZip(good), {builder().publicPem}, few), "more than 3 entries"));
    // A local header that names another place than the directory does (where the files would be written from).
    auto elsewhere = good;
    elsewhere.push_back({"locale/es/LC_MESSAGES/a.mo", "x"});
    elsewhere.back().localName = "../../../../tmp/pwned.mo";
    BOOST_TEST(says(refusal(rawZip(elsewhere)), "do not match its directory"));
    // A header that says less than the entry holds.
    auto lying = good;
    lying.back().declaredSize = 3;
    BOOST_TEST(refusal(rawZip(lying)) != "accepted");
}

BOOST_AUTO_TEST_CASE(a_compression_bomb_or_an_oversize_entry_is_refused_before_it_is_inflated)
{
    auto files = goodFiles();
    files["locale/es/LC_MESSAGES/wound-check.mo"] = std::string(40u << 20, '\0'); // 40 MiB of zeros: ~40 KiB packed
    const auto bomb = core::packPackage(files, builder());
    BOOST_TEST(bomb.size() < (1u << 20));
    BOOST_TEST(says(refusal(bomb), "compression bomb"));
    core::PackageLimits small;
    small.maxEntryBytes = 4096;
    BOOST_TEST(
        says(refusal(core::packPackage(goodFiles(), builder()), {builder().publicPem}, small), "over the limit"));
    small = {};
    small.maxTotalBytes = 5000;
    BOOST_TEST(
        says(refusal(core::packPackage(goodFiles(), builder()), {builder().publicPem}, small), "5000 bytes unpacked"));
}

BOOST_AUTO_TEST_CASE(a_manifest_that_lies_or_asks_for_what_this_kiosk_cannot_run_is_refused)
{
    auto withManifest = [](const std::string& from, const std::string& to) {
        auto files = goodFiles();
        auto& m = files["manifest.json"];
        const auto at = m.find(from);
        BOOST_REQUIRE(at != std::string::npos);
        m.replace(at, from.size(), to);
        return refusal(core::packPackage(files, builder()));
    };
    BOOST_TEST(says(withManifest("\"library\":\"wound-check.so\"", "\"library\":\"other.so\""), "not in the package"));
    BOOST_TEST(says(withManifest("\"id\":\"wound-check\"", "\"id\":\"../wound\""), "is not allowed"));
    BOOST_TEST(says(withManifest("\"id\":\"wound-check\"", "\"id\":\"Wound\""), "is not allowed"));
    BOOST_TEST(says(withManifest("\"sdk\":\"" PORTSIDE_SDK_VERSION "\"", "\"sdk\":\"9.0\""), "built for SDK 9.0"));
    BOOST_TEST(says(withManifest("\"sdk\":\"" PORTSIDE_SDK_VERSION "\"", "\"sdk\":\"2.999\""), "built for SDK"));
    BOOST_TEST(says(withManifest("\"sdk\":\"" PORTSIDE_SDK_VERSION "\"", "\"sdk\":\"two\""), "MAJOR.MINOR"));
    BOOST_TEST(says(withManifest("\"kind\":\"checklist\"", "\"kind\":\"driver\""), "not one this kiosk knows"));
    BOOST_TEST(says(withManifest("\"version\":\"1.2.0\"", "\"version\":\"1..2\""), "is not 1 to 4 numbers"));
    BOOST_TEST(
        says(withManifest("\"version\":\"1.2.0\"", "\"version\":\"99999999999999999999.1\""), "is not 1 to 4 numbers"));
    BOOST_TEST(says(withManifest("[\"printer\"]", "[\"root\"]"), "not something a plugin can ask for"));
    auto twoModules = goodFiles();
    twoModules["helper.so"] = "x";
    BOOST_TEST(says(refusal(core::packPackage(twoModules, builder())), "second module"));
    auto noCatalog = goodFiles();
    noCatalog.erase("locale/es/LC_MESSAGES/wound-check.mo");
    BOOST_TEST(says(refusal(core::packPackage(noCatalog, builder())), "es catalog"));
}

BOOST_AUTO_TEST_SUITE_END()
