#pragma once

#include "portside/core/EventStore.h"

#include <Poco/JSON/Object.h>

namespace portside::core {

/// Reference data as JSON, the same on the server and the kiosk ("staff", "patient", "product", "recall").
Poco::JSON::Object::Ptr toJson(const StaffRecord& staff);
Poco::JSON::Object::Ptr toJson(const PatientRecord& patient);
Poco::JSON::Object::Ptr toJson(const Product& product);
Poco::JSON::Object::Ptr toJson(const Recall& recall);

/// Stores one reference record of `kind` given as JSON in the kiosk's store: staff, patients, products and recalls
/// in their tables (a staff record `{"badge": B, "removed": true}` takes that badge off this kiosk: the server sends it
/// when the staff member no longer works in this kiosk's ward); a plugin package the server offers ("plugin": id,
/// version, kind, sha256, size, url) as the meta key `plugin-offer/<id>`. False for a kind this kiosk does not know:
/// skipped, so that a newer server never stops recalls reaching the ward. Throws std::invalid_argument for missing
/// fields or an unsafe plugin id.
bool applyReference(EventStore& store, const std::string& kind, const Poco::JSON::Object& body);

/// True for a plugin id that is safe as a file and folder name: 1 to 64 of a-z, 0-9, ".", "_" and "-", starting with
/// a letter or digit, with no "..".
bool safePluginId(const std::string& id);

} // namespace portside::core
