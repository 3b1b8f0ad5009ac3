#pragma once

#include "portside/core/EventStore.h"

#include <Poco/JSON/Object.h>

namespace portside::core {

/// Reference data as JSON, the same on the server and the kiosk ("staff", "patient", "product", "recall").
Poco::JSON::Object::Ptr toJson(const StaffRecord& staff);
Poco::JSON::Object::Ptr toJson(const PatientRecord& patient);
Poco::JSON::Object::Ptr toJson(const Product& product);
Poco::JSON::Object::Ptr toJson(const Recall& recall);

/// Stores one reference record of `kind` given as JSON in the kiosk's store. Throws std::invalid_argument for an
/// unknown kind or missing fields.
void applyReference(EventStore& store, const std::string& kind, const Poco::JSON::Object& body);

} // namespace portside::core
