#include "portside/core/ReferenceJson.h"
#include "portside/core/PluginPackage.h"

#include <sstream>

#include <stdexcept>

namespace portside::core {

Poco::JSON::Object::Ptr toJson(const StaffRecord& s)
{
    Poco::JSON::Object::Ptr o = new Poco::JSON::Object;
    o->set("badge", s.badge);
    o->set("name", s.name);
    o->set("role", s.role);
    o->set("pinHash", s.pinHash);
    o->set("salt", s.salt);
    o->set("iterations", s.iterations);
    if (!s.language.empty())
        o->set("language", s.language);
    return o;
}

Poco::JSON::Object::Ptr toJson(const PatientRecord& p)
{
    Poco::JSON::Object::Ptr o = new Poco::JSON::Object;
    o->set("id", p.id);
    o->set("name", p.displayName);
    o->set("birthDate", p.birthDate);
    o->set("bed", p.bed);
    o->set("portType", p.portType);
    o->set("powerInjectable", p.powerInjectable);
    o->set("heparinAllergyOrHit", p.heparinAllergyOrHit);
    o->set("chlorhexidineAllergy", p.chlorhexidineAllergy);
    o->set("lockSolution", p.lockSolution);
    o->set("lockUnitsPerMl", p.lockUnitsPerMl);
    o->set("lockVolumeMl", p.lockVolumeMl);
    o->set("maintenanceWeeks", p.maintenanceWeeks);
    return o;
}

Poco::JSON::Object::Ptr toJson(const Product& p)
{
    Poco::JSON::Object::Ptr o = new Poco::JSON::Object;
    o->set("gtin", p.gtin);
    o->set("hibc", p.hibc);
    o->set("category", p.category);
    o->set("name", p.name);
    o->set("heparinUnitsPerMl", p.heparinUnitsPerMl);
    o->set("volumeMl", p.volumeMl);
    o->set("syringeMl", p.syringeMl);
    o->set("gauge", p.gauge);
    o->set("lengthMm", p.lengthMm);
    if (!p.dressingType.empty())
        o->set("dressingType", p.dressingType);
    return o;
}

Poco::JSON::Object::Ptr toJson(const Recall& r)
{
    Poco::JSON::Object::Ptr o = new Poco::JSON::Object;
    o->set("product", r.product);
    o->set("lot", r.lot);
    o->set("reason", r.reason);
    return o;
}

bool safePluginId(const std::string& id)
{
    if (id.empty() || id.size() > 64 || id.find("..") != std::string::npos)
        return false;
    for (std::size_t i = 0; i < id.size(); ++i) {
        const char c = id[i];
        const bool alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
        if (!alnum && (i == 0 || (c != '.' && c != '_' && c != '-')))
            return false;
    }
    return true;
}

bool applyReference(EventStore& store, const std::string& kind, const Poco::JSON::Object& o)
{
    if (kind == "staff") {
        if (o.optValue<bool>("removed", false)) { // no longer this kiosk's to know (moved to another ward)
            store.removeStaff(o.getValue<std::string>("badge"));
            return true;
        }
        store.putStaff({o.getValue<std::string>("badge"), o.getValue<std::string>("name"),
                        o.getValue<std::string>("role"), o.getValue<std::string>("pinHash"),
                        o.getValue<std::string>("salt"), o.getValue<int>("iterations"),
                        o.optValue<std::string>("language", "")});
    } else if (kind == "patient") {
        if (o.optValue<bool>("removed", false)) { // moved to another ward or discharged: no longer this kiosk's
            store.removePatient(o.getValue<std::string>("id"));
            return true;
        }
        PatientRecord p;
        p.id = o.getValue<std::string>("id");
        p.displayName = o.getValue<std::string>("name");
        p.birthDate = o.optValue<std::string>("birthDate", "");
        p.bed = o.optValue<std::string>("bed", "");
        p.portType = o.optValue<std::string>("portType", "");
        p.powerInjectable = o.optValue<bool>("powerInjectable", false);
        p.heparinAllergyOrHit = o.optValue<bool>("heparinAllergyOrHit", false);
        p.chlorhexidineAllergy = o.optValue<bool>("chlorhexidineAllergy", false);
        // An empty solution is no order of the patient's own: the kiosk applies the site's default lock. Whatever
        // arrives is checked again where it is used (LockOrders.h), so a bad order is refused at the bedside.
        p.lockSolution = o.optValue<std::string>("lockSolution", "");
        p.lockUnitsPerMl = o.optValue<double>("lockUnitsPerMl", 100);
        p.lockVolumeMl = o.optValue<double>("lockVolumeMl", 5);
        p.maintenanceWeeks = o.optValue<double>("maintenanceWeeks", 0);
        store.putPatient(p);
    } else if (kind == "product") {
        store.putProduct({o.optValue<std::string>("gtin", ""), o.optValue<std::string>("hibc", ""),
                          o.getValue<std::string>("category"), o.getValue<std::string>("name"),
                          o.optValue<double>("heparinUnitsPerMl", 0), o.optValue<double>("volumeMl", 0),
                          o.optValue<double>("syringeMl", 0), o.optValue<int>("gauge", 0),
                          o.optValue<double>("lengthMm", 0), o.optValue<std::string>("dressingType", "")});
    } else if (kind == "recall") {
        store.putRecall({o.getValue<std::string>("product"), o.optValue<std::string>("lot", ""),
                         o.optValue<std::string>("reason", "")});
    } else if (kind == "plugin") {
        const auto id = o.getValue<std::string>("id");
        if (!safePluginId(id))
            throw std::invalid_argument("The server offers a plugin with an unsafe id \"" + id + "\".");
        o.getValue<std::string>("version");
        std::ostringstream listing;
        o.stringify(listing);
        store.setMeta("plugin-offer/" + id, listing.str());
    } else if (kind == "plugin-key") { // a key the site trusts to sign plugins (PluginAdmin.h, trustedKeys)
        const auto pem = o.getValue<std::string>("pem");
        if (pem.find("-----BEGIN PUBLIC KEY-----") == std::string::npos)
            throw std::invalid_argument("The server distributes a plugin key that is not a public key.");
        std::ostringstream text;
        o.stringify(text);
        // A key the site no longer trusts comes back revoked: it signs nothing more on this kiosk.
        store.setMeta("plugin-key/" + keyId(pem), o.optValue<bool>("revoked", false) ? std::string() : text.str());
    } else {
        return false;
    }
    return true;
}

} // namespace portside::core
