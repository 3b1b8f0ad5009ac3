#include "Fhir.h"

#include "portside/core/ScanInterpreter.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>
#include <Poco/UUIDGenerator.h>

#include <map>
#include <set>

namespace portside::server {

namespace {

using Poco::JSON::Array;
using Poco::JSON::Object;

Object::Ptr obj()
{
    return new Object;
}

Object::Ptr parse(const std::string& text)
{
    try {
        Poco::JSON::Parser parser;
        auto v = parser.parse(text);
        if (v.type() == typeid(Object::Ptr))
            return v.extract<Object::Ptr>();
    } catch (const std::exception&) {
    }
    return obj();
}

std::string urn(const std::string& uuid)
{
    return "urn:uuid:" + uuid;
}

/// A stable UUID for a patient or practitioner, so every Bundle names them alike.
std::string nameUuid(const std::string& name)
{
    return Poco::UUIDGenerator::defaultGenerator().createFromName(Poco::UUID::uri(), name).toString();
}

Object::Ptr reference(const std::string& fullUrl)
{
    auto r = obj();
    r->set("reference", fullUrl);
    return r;
}

Object::Ptr eventIdentifier(const std::string& uuid)
{
    auto id = obj();
    id->set("system", "urn:ietf:rfc:3986");
    id->set("value", urn(uuid));
    return id;
}

Array::Ptr one(const Object::Ptr& o)
{
    Array::Ptr a = new Array;
    a->add(o);
    return a;
}

Object::Ptr text(const std::string& t)
{
    auto c = obj();
    c->set("text", t);
    return c;
}

Object::Ptr performer(const std::string& practitionerUrl)
{
    auto p = obj();
    p->set("actor", reference(practitionerUrl));
    return p;
}

class Builder {
public:
    Builder(const core::Catalog& catalog, const FhirSystems& systems) : _catalog(catalog), _systems(systems)
    {
        _bundle->set("resourceType", "Bundle");
        _bundle->set("type", "transaction");
        _bundle->set("entry", _entries);
    }

    Object::Ptr bundle() { return _bundle; }

    /// Adds an entry created only when no resource with this identifier exists yet.
    void add(const std::string& fullUrl, const Object::Ptr& resource, const std::string& identifierQuery)
    {
        auto request = obj();
        request->set("method", "POST");
        request->set("url", resource->getValue<std::string>("resourceType"));
        request->set("ifNoneExist", "identifier=" + identifierQuery);
        auto entry = obj();
        entry->set("fullUrl", fullUrl);
        entry->set("resource", resource);
        entry->set("request", request);
        _entries->add(entry);
    }

    void addEvent(const std::string& eventUuid, Object::Ptr resource)
    {
        resource->set("identifier", one(eventIdentifier(eventUuid)));
        add(urn(eventUuid), resource, "urn:ietf:rfc:3986|" + urn(eventUuid));
    }

    std::string patient(const std::string& id) { return person("Patient", _systems.patient, id); }
    std::string practitioner(const std::string& badge) { return person("Practitioner", _systems.staff, badge); }

    void run(const std::vector<const StoredEvent*>& events)
    {
        const StoredEvent* started = nullptr;
        const StoredEvent* ended = nullptr;
        for (const auto* e : events) {
            if (e->type == "run-started")
                started = e;
            if (e->type == "run-finished" || e->type == "run-cancelled")
                ended = e;
        }
        if (!started || !ended)
            return; // a run still in progress is exported once it ends
        const auto startPayload = parse(started->payload);
        const auto endPayload = parse(ended->payload);
        const std::string checklist = startPayload->optValue<std::string>("checklist", "");
        const std::string subject = patient(started->patient);
        const std::string nurse = practitioner(started->staff);

        auto procedure = obj();
        procedure->set("resourceType", "Procedure");
        const bool finished = ended->type == "run-finished";
        procedure->set("status", finished ? "completed" : "not-done");
        if (!finished)
            procedure->set("statusReason", text(endPayload->optValue<std::string>("reason", "cancelled")));
        auto coding = obj();
        coding->set("system", _systems.checklist);
        coding->set("code", checklist);
        coding->set("version", startPayload->optValue<std::string>("version", ""));
        auto code = text(checklist);
        code->set("coding", one(coding));
        procedure->set("code", code);
        procedure->set("subject", reference(subject));
        auto period = obj();
        period->set("start", started->deviceTime);
        period->set("end", ended->deviceTime);
        procedure->set("performedPeriod", period);
        procedure->set("performer", one(performer(nurse)));
        if (finished)
            procedure->set("outcome", text(endPayload->optValue<std::string>("outcome", "")));
        addEvent(ended->uuid, procedure);
        const std::string procedureUrl = urn(ended->uuid);

        // Steps, by the role each checklist declares for them (SDK 2), so any checklist exports the same way.
        for (std::size_t i = 0; i < events.size(); ++i) {
            const auto* e = events[i];
            if (e->type != "step-confirmed")
                continue;
            const auto payload = parse(e->payload);
            const std::string role = payload->optValue<std::string>("role", "");
            const auto answer = payload->getObject("answer") ? payload->getObject("answer") : obj();
            if (role == "saline-flush" || role == "lock")
                medication(*e, *answer, role, events, i, subject, nurse, procedureUrl);
            else if (role == "site-assessment" && answer->getObject("findings"))
                siteObservation(*e, *answer->getObject("findings"), subject, nurse, procedureUrl);
            else if (role == "blood-return")
                bloodReturn(*e, answer->optValue<std::string>("choice", ""), subject, nurse, procedureUrl);
        }
    }

private:
    /// A Patient or Practitioner named only by its identifier, created once per Bundle.
    std::string person(const std::string& type, const std::string& system, const std::string& value)
    {
        const std::string url = urn(nameUuid(type + ":" + value));
        if (_added.insert(url).second) {
            auto identifier = obj();
            identifier->set("system", system);
            identifier->set("value", value);
            auto p = obj();
            p->set("resourceType", type);
            p->set("identifier", one(identifier));
            add(url, p, system + "|" + value);
        }
        return url;
    }

    Object::Ptr observation(const StoredEvent& e, const std::string& what, const std::string& subject,
                            const std::string& nurse, const std::string& procedureUrl)
    {
        auto o = obj();
        o->set("resourceType", "Observation");
        o->set("status", "final");
        o->set("code", text(what));
        o->set("subject", reference(subject));
        o->set("effectiveDateTime", e.deviceTime);
        o->set("performer", one(reference(nurse)));
        o->set("partOf", one(reference(procedureUrl)));
        return o;
    }

    void siteObservation(const StoredEvent& e, const Object& findings, const std::string& subject,
                         const std::string& nurse, const std::string& procedureUrl)
    {
        auto o = observation(e, "Implanted port site assessment", subject, nurse, procedureUrl);
        Array::Ptr components = new Array;
        for (const auto& name : findings.getNames()) {
            auto c = obj();
            c->set("code", text(name));
            c->set("valueBoolean", findings.optValue<bool>(name, false));
            components->add(c);
        }
        o->set("component", components);
        addEvent(e.uuid, o);
    }

    void bloodReturn(const StoredEvent& e, const std::string& choice, const std::string& subject,
                     const std::string& nurse, const std::string& procedureUrl)
    {
        auto o = observation(e, "Blood return from implanted port", subject, nurse, procedureUrl);
        o->set("valueBoolean", choice == "yes");
        addEvent(e.uuid, o);
    }

    void medication(const StoredEvent& e, const Object& answer, const std::string& role,
                    const std::vector<const StoredEvent*>& events, std::size_t index, const std::string& subject,
                    const std::string& nurse, const std::string& procedureUrl)
    {
        const auto scan = _interpreter.interpret(answer.optValue<std::string>("scan", ""));
        const core::Product* product = scan.ok ? _catalog.find(scan) : nullptr;
        auto medication = obj();
        medication->set("resourceType", "Medication");
        medication->set("id", "med");
        auto code = text(product ? product->name : (role == "lock" ? "Lock solution" : "Sodium chloride 0.9%"));
        if (!scan.gtin.empty()) {
            auto gtin = obj();
            gtin->set("system", "https://www.gs1.org/gtin");
            gtin->set("code", scan.gtin);
            code->set("coding", one(gtin));
        }
        medication->set("code", code);
        auto batch = obj();
        batch->set("lotNumber", scan.lot.empty() ? answer.optValue<std::string>("lot", "") : scan.lot);
        if (!scan.expiry.empty())
            batch->set("expirationDate", scan.expiry);
        medication->set("batch", batch);

        auto m = obj();
        m->set("resourceType", "MedicationAdministration");
        m->set("contained", one(medication));
        m->set("status", "completed");
        m->set("medicationReference", reference("#med"));
        m->set("subject", reference(subject));
        m->set("effectiveDateTime", e.deviceTime);
        m->set("performer", one(performer(nurse)));
        m->set("partOf", one(reference(procedureUrl)));
        // The dose is the volume step that follows the scan (a flush volume after a saline flush, the lock volume
        // after the lock), before the next syringe is scanned.
        const std::string volumeRole = role == "lock" ? "lock-volume" : "flush-volume";
        for (std::size_t j = index + 1; j < events.size(); ++j) {
            if (events[j]->type != "step-confirmed")
                continue;
            const auto payload = parse(events[j]->payload);
            const std::string next = payload->optValue<std::string>("role", "");
            if (next == "saline-flush" || next == "lock")
                break;
            if (next != volumeRole)
                continue;
            const auto a = payload->getObject("answer");
            if (!a)
                break;
            auto dose = obj();
            dose->set("value", a->optValue<double>("value", 0));
            dose->set("unit", "mL");
            dose->set("system", "http://unitsofmeasure.org");
            dose->set("code", "mL");
            auto dosage = obj();
            std::string purpose = role == "lock" ? "Port lock" : "Port flush";
            if (product && product->heparinUnitsPerMl > 0)
                purpose += ", heparin " + std::to_string(static_cast<long>(product->heparinUnitsPerMl)) + " units/mL";
            dosage->set("text", purpose);
            dosage->set("route", text("Intravenous, implanted port"));
            dosage->set("dose", dose);
            m->set("dosage", dosage);
            break;
        }
        addEvent(e.uuid, m);
    }

    const core::Catalog& _catalog;
    FhirSystems _systems;
    core::ScanInterpreter _interpreter;
    Object::Ptr _bundle = obj();
    Array::Ptr _entries = new Array;
    std::set<std::string> _added;
};

} // namespace

core::Catalog serverCatalog(ServerStore& store)
{
    core::Catalog catalog;
    Poco::JSON::Parser parser;
    for (const auto& c : store.reference("product")) {
        parser.reset();
        const auto o = parser.parse(c.body).extract<Poco::JSON::Object::Ptr>();
        core::Product p;
        p.gtin = o->optValue<std::string>("gtin", "");
        p.hibc = o->optValue<std::string>("hibc", "");
        p.category = o->optValue<std::string>("category", "");
        p.name = o->optValue<std::string>("name", "");
        p.heparinUnitsPerMl = o->optValue<double>("heparinUnitsPerMl", 0);
        catalog.add(p);
    }
    return catalog;
}

Poco::JSON::Object::Ptr fhirBundle(const std::vector<StoredEvent>& events, const core::Catalog& catalog,
                                   const FhirSystems& systems)
{
    std::map<std::string, std::vector<const StoredEvent*>> runs;
    std::vector<std::string> order;
    for (const auto& e : events) {
        if (e.runId.empty())
            continue;
        auto& run = runs[e.runId];
        if (run.empty())
            order.push_back(e.runId);
        run.push_back(&e);
    }
    Builder builder(catalog, systems);
    for (const auto& id : order)
        builder.run(runs[id]);
    return builder.bundle();
}

} // namespace portside::server
