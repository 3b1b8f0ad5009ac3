// The FHIR R4 export of a demo port access with a heparin lock, fetched from the running server and checked for its
// structure: resource types, the elements R4 requires, identifiers and conditional creates, references that resolve.

#include <boost/test/unit_test.hpp>

#include "ServerProcess.h"
#include "TempDir.h"

#include "portside/core/RunRecorder.h"
#include "portside/core/SyncClient.h"

#include <Poco/JSON/Array.h>

#include <set>

using namespace portside;

namespace {

using Poco::JSON::Array;
using Poco::JSON::Object;

sdk::Step step(const std::string& id, sdk::StepType type, sdk::StepRole role)
{
    sdk::Step s;
    s.id = id;
    s.type = type;
    s.role = role;
    if (type == sdk::StepType::Number) {
        s.minimum = 1;
        s.maximum = 20;
        s.unit = "mL";
    }
    if (type == sdk::StepType::Choice)
        s.choices = {{"yes", "Yes"}, {"no", "No"}};
    if (type == sdk::StepType::Assessment)
        s.findings = {{"redness", "Redness"}, {"swelling", "Swelling"}};
    return s;
}

/// Every "reference" anywhere under `v`.
void references(const Poco::Dynamic::Var& v, std::vector<std::string>& out)
{
    if (v.type() == typeid(Object::Ptr)) {
        const auto o = v.extract<Object::Ptr>();
        for (const auto& name : o->getNames()) {
            if (name == "reference")
                out.push_back(o->getValue<std::string>(name));
            else
                references(o->get(name), out);
        }
    } else if (v.type() == typeid(Array::Ptr)) {
        const auto a = v.extract<Array::Ptr>();
        for (std::size_t i = 0; i < a->size(); ++i)
            references(a->get(static_cast<unsigned>(i)), out);
    }
}

} // namespace

BOOST_AUTO_TEST_SUITE(fhir)

BOOST_AUTO_TEST_CASE(the_bundle_of_an_access_and_lock_is_a_well_formed_r4_transaction)
{
    test::TempDir dir;
    test::ServerProcess server("sqlite:" + dir.file("server.db"), {"--seed-demo"});
    core::ManualClock clock;
    core::EventStore store(dir.file("kiosk.db"), clock);
    core::SyncClient::enroll(store, server.url(), server.enrollmentCode(), "kiosk");

    sdk::ChecklistDefinition d;
    d.id = "port-access";
    d.version = "1.0.0";
    // Step ids of a third party's own choosing: the export reads the roles the checklist declares.
    using sdk::StepRole;
    using sdk::StepType;
    d.steps = {step("skin", StepType::Assessment, StepRole::SiteAssessment),
               step("aspirate", StepType::Choice, StepRole::BloodReturn),
               step("syringe-1", StepType::Scan, StepRole::SalineFlush),
               step("amount-1", StepType::Number, StepRole::FlushVolume),
               step("syringe-2", StepType::Scan, StepRole::Lock),
               step("amount-2", StepType::Number, StepRole::LockVolume)};
    sdk::PatientContext patient;
    patient.id = "950600013435200008";
    core::RunRecorder recorder(store);
    core::ChecklistRun run(d, patient, clock);
    const std::string runId = recorder.start(run, "1001");
    sdk::StepAnswer site;
    site.findings = {{"redness", false}, {"swelling", false}};
    run.confirm(site);
    sdk::StepAnswer blood;
    blood.choice = "yes";
    run.confirm(blood);
    sdk::StepAnswer saline;
    saline.scan = "]d2010950600200010517281231"
                  "10SAL-0042";
    run.confirm(saline);
    sdk::StepAnswer flush;
    flush.number = 10;
    run.confirm(flush);
    sdk::StepAnswer lock;
    lock.scan = "]d2010950600300100217281130"
                "10HEP-7731";
    run.confirm(lock);
    sdk::StepAnswer volume;
    volume.number = 5;
    run.confirm(volume);
    BOOST_REQUIRE(run.finished());
    BOOST_REQUIRE_EQUAL(core::SyncClient(store).syncAll().acked, store.count());

    const auto token = server.admin({"integration-token", "hie"});
    const auto answer =
        server.request("GET", "/fhir/Bundle?run=" + runId, "", token.out.substr(0, token.out.find('\n')));
    BOOST_REQUIRE_EQUAL(answer.first, 200);
    Poco::JSON::Parser parser;
    const auto bundle = parser.parse(answer.second).extract<Object::Ptr>();
    BOOST_TEST(bundle->getValue<std::string>("resourceType") == "Bundle");
    BOOST_TEST(bundle->getValue<std::string>("type") == "transaction");
    const auto entries = bundle->getArray("entry");
    BOOST_REQUIRE(entries);

    std::set<std::string> fullUrls;
    std::map<std::string, int> types;
    std::vector<Object::Ptr> medications;
    for (std::size_t i = 0; i < entries->size(); ++i) {
        const auto entry = entries->getObject(static_cast<unsigned>(i));
        const std::string fullUrl = entry->getValue<std::string>("fullUrl");
        BOOST_TEST(fullUrl.rfind("urn:uuid:", 0) == 0u);
        BOOST_TEST(fullUrls.insert(fullUrl).second, "fullUrl " << fullUrl << " appears twice");
        const auto resource = entry->getObject("resource");
        const auto request = entry->getObject("request");
        BOOST_REQUIRE(resource && request);
        const std::string type = resource->getValue<std::string>("resourceType");
        ++types[type];
        BOOST_TEST(request->getValue<std::string>("method") == "POST");
        BOOST_TEST(request->getValue<std::string>("url") == type);
        const std::string ifNoneExist = request->getValue<std::string>("ifNoneExist");
        BOOST_TEST(ifNoneExist.rfind("identifier=", 0) == 0u);
        // Every resource carries the identifier its conditional create names.
        const auto identifier = resource->getArray("identifier")->getObject(0);
        BOOST_TEST(ifNoneExist == "identifier=" + identifier->getValue<std::string>("system") + "|" +
                                      identifier->getValue<std::string>("value"));
        if (type == "Procedure") {
            BOOST_TEST(resource->getValue<std::string>("status") == "completed");
            BOOST_TEST(resource->has("subject"));
            BOOST_TEST(resource->getObject("code")->getArray("coding")->getObject(0)->getValue<std::string>("code") ==
                       "port-access");
            BOOST_TEST(resource->getObject("performedPeriod")->has("start"));
        } else if (type == "MedicationAdministration") {
            BOOST_TEST(resource->getValue<std::string>("status") == "completed");
            BOOST_TEST(resource->has("subject"));
            BOOST_TEST(resource->has("effectiveDateTime"));
            BOOST_TEST(resource->getObject("medicationReference")->getValue<std::string>("reference") == "#med");
            const auto med = resource->getArray("contained")->getObject(0);
            BOOST_TEST(med->getValue<std::string>("resourceType") == "Medication");
            BOOST_TEST(med->getValue<std::string>("id") == "med");
            medications.push_back(resource);
        } else if (type == "Observation") {
            BOOST_TEST(resource->getValue<std::string>("status") == "final");
            BOOST_TEST(resource->has("code"));
            BOOST_TEST(resource->has("subject"));
        } else {
            BOOST_TEST((type == "Patient" || type == "Practitioner"), "unexpected resource " << type);
        }
    }
    BOOST_TEST(types["Procedure"] == 1);
    BOOST_TEST(types["MedicationAdministration"] == 2); // the saline flush and the heparin lock
    BOOST_TEST(types["Observation"] == 2);              // the site and the blood return
    BOOST_TEST(types["Patient"] == 1);
    BOOST_TEST(types["Practitioner"] == 1);

    // The lock: heparin 100 units/mL, its lot, 5 mL.
    BOOST_REQUIRE_EQUAL(medications.size(), 2u);
    const auto heparin = medications[1];
    const auto med = heparin->getArray("contained")->getObject(0);
    BOOST_TEST(med->getObject("batch")->getValue<std::string>("lotNumber") == "HEP-7731");
    BOOST_TEST(med->getObject("batch")->getValue<std::string>("expirationDate") == "2028-11-30");
    BOOST_TEST(med->getObject("code")->getValue<std::string>("text") == "Heparin lock flush 100 units/mL 5 mL");
    BOOST_TEST(heparin->getObject("dosage")->getObject("dose")->getValue<double>("value") == 5.0);
    BOOST_TEST(
        medications[0]->getArray("contained")->getObject(0)->getObject("batch")->getValue<std::string>("lotNumber") ==
        "SAL-0042");

    // Every reference resolves: to an entry of the Bundle, or to a resource contained in the same resource.
    for (std::size_t i = 0; i < entries->size(); ++i) {
        const auto resource = entries->getObject(static_cast<unsigned>(i))->getObject("resource");
        std::vector<std::string> refs;
        references(resource, refs);
        for (const auto& ref : refs) {
            if (ref.rfind("#", 0) == 0) {
                bool found = false;
                const auto contained = resource->getArray("contained");
                for (std::size_t c = 0; contained && c < contained->size(); ++c)
                    found |= "#" + contained->getObject(static_cast<unsigned>(c))->getValue<std::string>("id") == ref;
                BOOST_TEST(found, "contained reference " << ref << " does not resolve");
            } else {
                BOOST_TEST(fullUrls.count(ref) == 1u, "reference " << ref << " does not resolve in the Bundle");
            }
        }
    }
    // Exported again, the Bundle names the same resources (so a re-post creates nothing new).
    const auto again =
        server.request("GET", "/fhir/Bundle?run=" + runId, "", token.out.substr(0, token.out.find('\n')));
    BOOST_TEST(again.second == answer.second);
}

BOOST_AUTO_TEST_SUITE_END()
