#define BOOST_TEST_MODULE portside-cli
#include <boost/test/unit_test.hpp>

#include "RunProcess.h"
#include "TempDir.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

using namespace portside;

namespace {

test::ProcessResult cli(const std::vector<std::string>& args)
{
    static test::TempDir data;
    return test::runProcess(PORTSIDE_CLI, args, "", {{"PORTSIDE_DATA_DIR", data.path()}});
}

Poco::JSON::Array::Ptr parseArray(const std::string& text)
{
    Poco::JSON::Parser parser;
    return parser.parse(text).extract<Poco::JSON::Array::Ptr>();
}

} // namespace

BOOST_AUTO_TEST_SUITE(plugin_list)

BOOST_AUTO_TEST_CASE(json_lists_port_access_with_its_version)
{
    const auto r = cli({"plugin", "list", "--json"});
    BOOST_TEST(r.exitCode == 0, r.err);
    const auto rows = parseArray(r.out);
    BOOST_REQUIRE_EQUAL(rows->size(), 5u);
    Poco::JSON::Object::Ptr row;
    for (std::size_t i = 0; i < rows->size(); ++i)
        if (rows->getObject(static_cast<unsigned>(i))->getValue<std::string>("id") == "port-access")
            row = rows->getObject(static_cast<unsigned>(i));
    BOOST_REQUIRE(row);
    BOOST_TEST(row->getValue<std::string>("version") == "1.1.0");
    BOOST_TEST(row->getValue<std::string>("kind") == "checklist");
    BOOST_TEST(row->getValue<std::string>("status") == "started");
    BOOST_TEST(row->getValue<std::string>("sdk") == "1.0");
    BOOST_TEST(row->getValue<std::string>("file").find("lib/portside/plugins/port-access.so") != std::string::npos);
    BOOST_TEST(!row->has("error"));
}

BOOST_AUTO_TEST_CASE(a_failed_plugin_is_listed_with_its_error_and_exit_1)
{
    const auto r = cli({"plugin", "list", "--dir", std::string(PORTSIDE_TEST_MODULES) + "/no-manifest", "--json"});
    BOOST_TEST(r.exitCode == 1);
    const auto rows = parseArray(r.out);
    BOOST_REQUIRE_EQUAL(rows->size(), 1u);
    const auto row = rows->getObject(0);
    BOOST_TEST(row->getValue<std::string>("status") == "failed");
    BOOST_TEST(row->getValue<std::string>("error").find("no-manifest.so: the library has no plugin manifest") !=
               std::string::npos);
}

BOOST_AUTO_TEST_CASE(the_table_names_each_plugin)
{
    const auto r = cli({"plugin", "list"});
    BOOST_TEST(r.exitCode == 0);
    BOOST_TEST(r.out.find("port-access") != std::string::npos, r.out);
    BOOST_TEST(r.out.find("1.1.0") != std::string::npos, r.out);
    BOOST_TEST(r.out.find("blood-sampling") != std::string::npos, r.out);
}

BOOST_AUTO_TEST_CASE(an_empty_folder_says_where_it_looked)
{
    test::TempDir empty;
    const auto r = cli({"plugin", "list", "--dir", empty.path()});
    BOOST_TEST(r.exitCode == 0);
    BOOST_TEST(r.out.find("No plugins found in: " + empty.path()) != std::string::npos, r.out);
}

BOOST_AUTO_TEST_CASE(wrong_words_get_usage_and_exit_2)
{
    BOOST_TEST(cli({"plugin", "lsit"}).exitCode == 2);
    BOOST_TEST(cli({"plugin", "list", "--dir"}).err.find("--dir needs a value") != std::string::npos);
    BOOST_TEST(cli({"frobnicate"}).exitCode == 2);
    BOOST_TEST(cli({"plugin", "list", "--bogus"}).err.find("Unknown argument \"--bogus\"") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
