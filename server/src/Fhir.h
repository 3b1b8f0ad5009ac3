#pragma once

#include "ServerStore.h"

#include "portside/core/Catalog.h"

#include <Poco/JSON/Object.h>

#include <vector>

namespace portside::server {

/// Systems the export names identifiers and codes with; a site may change the first two to its own.
struct FhirSystems {
    std::string patient = "urn:portside:patient-id";
    std::string staff = "urn:portside:staff-badge";
    std::string checklist = "urn:portside:checklist";
};

/// Turns stored events into a FHIR R4 transaction Bundle (DESIGN.md, Contracts): per checklist run a Procedure;
/// per saline flush and lock a MedicationAdministration whose contained Medication carries the product and
/// `batch.lotNumber` from the scan; per site assessment and blood-return check an Observation. Patients and
/// practitioners are conditional creates the others reference by their fullUrl. Every resource's identifier is its
/// event's UUID (urn:uuid:...) and its request carries `ifNoneExist` on it, so posting the same Bundle twice
/// creates nothing new. Events must come in each device's order (ServerStore::events).
/// The catalog as the server holds it (reference products), to name what a scan was.
core::Catalog serverCatalog(ServerStore& store);

Poco::JSON::Object::Ptr fhirBundle(const std::vector<StoredEvent>& events, const core::Catalog& catalog,
                                   const FhirSystems& systems = {});

} // namespace portside::server
