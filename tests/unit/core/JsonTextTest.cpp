// core::JsonRows, the JSON writer sync's hot paths use instead of Poco's objects: what it writes, Poco's parser (and
// so the server and the databases' JSON functions) reads back as the very same values.

#include <boost/test/unit_test.hpp>

#include "portside/core/JsonText.h"
#include "portside/core/SyncClient.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

using namespace portside;

BOOST_AUTO_TEST_SUITE(json_text)

BOOST_AUTO_TEST_CASE(every_string_reads_back_as_written)
{
    const std::vector<std::string> values{"",
                                          "plain",
                                          "quote \" and backslash \\ and slash /",
                                          "line\nbreak\ttab\r\x01\x1f",
                                          "Müller — 10 mL ✓",
                                          R"({"index":3,"answer":{"value":10,"unit":"mL"}})",
                                          std::string(1, '\x7f')};
    core::JsonRows rows;
    for (const auto& v : values)
        rows.row().add("v", v).add("n", static_cast<Poco::Int64>(4611686018427387905LL));
    Poco::JSON::Parser parser;
    const auto array = parser.parse(rows.text()).extract<Poco::JSON::Array::Ptr>();
    BOOST_REQUIRE_EQUAL(array->size(), values.size());
    for (unsigned i = 0; i < values.size(); ++i) {
        BOOST_TEST(array->getObject(i)->getValue<std::string>("v") == values[i]);
        BOOST_TEST(array->getObject(i)->getValue<Poco::Int64>("n") == 4611686018427387905LL);
    }
    BOOST_TEST(core::JsonRows().text() == "[]");
    BOOST_TEST(core::JsonRows().object() == "{}");
}

BOOST_AUTO_TEST_CASE(a_kiosks_batch_carries_every_field_of_every_event)
{
    core::Event e;
    e.uuid = "3f38bc98-b6fb-484f-b3a7-db26ab54609d";
    e.deviceId = "local";
    e.seq = 7;
    e.deviceTime = "2026-11-30T03:00:00.000Z";
    e.type = "note";
    e.runId = "run";
    e.patient = "p";
    e.staff = "1001";
    e.payload = "{\"text\":\"a \\\"quoted\\\"\\nnote\"}";
    e.prevHash = std::string(64, '0');
    e.hash = std::string(64, 'a');
    Poco::JSON::Parser parser;
    const auto body = parser.parse(core::SyncClient::eventsBody({e, e}, "server-id", 9, "hh", 3, "broken"))
                          .extract<Poco::JSON::Object::Ptr>();
    const auto events = body->getArray("events");
    BOOST_REQUIRE_EQUAL(events->size(), 2u);
    const auto o = events->getObject(1);
    BOOST_TEST(o->getValue<std::string>("uuid") == e.uuid);
    BOOST_TEST(o->getValue<std::string>("device") == "server-id");
    BOOST_TEST(o->getValue<std::string>("localDevice") == "local");
    BOOST_TEST(o->getValue<Poco::Int64>("seq") == 7);
    BOOST_TEST(o->getValue<std::string>("payload") == e.payload);
    BOOST_TEST(o->getValue<std::string>("corrects").empty());
    BOOST_TEST(o->getValue<std::string>("hash") == e.hash);
    BOOST_TEST(body->getObject("head")->getValue<Poco::Int64>("seq") == 9);
    BOOST_TEST(body->getObject("head")->getValue<std::string>("hash") == "hh");
    BOOST_TEST(body->getValue<Poco::Int64>("since") == 3);
    BOOST_TEST(body->getValue<std::string>("chainBroken") == "broken");
}

BOOST_AUTO_TEST_SUITE_END()
