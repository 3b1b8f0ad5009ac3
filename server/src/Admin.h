#pragma once

#include "ServerStore.h"

#include "portside/core/StaffAuth.h"

#include <iosfwd>
#include <map>
#include <string>
#include <vector>

namespace portside::server {

/// One reference record as fields, the way an administrator types them (`admin add staff badge=B123 ...`) or a
/// CSV row gives them (header row = field names). Fields by kind:
///   staff    badge, name, role (nurse|supervisor|admin), pin (digits only, at least the site's minimum: 6 unless
///            `--settings` says staff.min_pin_length; hashed here, never stored) — or pinHash, salt, iterations from
///            another system; language (such as es); wards (4B;7: only these wards' kiosks get the record and its PIN
///            verifier; none: house-wide, every kiosk, for supervisors and the float pool)
///   patient  id, name, ward, birthDate, bed, portType, powerInjectable, heparinAllergyOrHit, chlorhexidineAllergy,
///            lockSolution (heparin|saline; none: the site's default lock), lockUnitsPerMl, lockVolumeMl,
///            maintenanceWeeks. The lock order is checked as core::lockOrderProblem() checks it at the bedside.
///   product  gtin (GTIN-14 with a valid check digit) or hibc (LIC/PCN), category, name, heparinUnitsPerMl,
///            volumeMl, syringeMl, gauge, lengthMm, dressingType (tsm|gauze, dressings only)
///   recall   product (GTIN-14 or LIC/PCN), lot (empty: every lot), reason
using Fields = std::map<std::string, std::string>;

struct Record {
    std::string kind, key, json;
};

/// Checks and turns fields into the reference record kiosks receive. Throws std::invalid_argument with a sentence
/// naming the field. `minPinLength`: the site's shortest PIN (core::StaffAuth::minPinLength).
Record makeRecord(const std::string& kind, const Fields& fields, int minPinLength = core::StaffAuth::kMinPinLength);

/// The same for a record given as JSON (`admin put KIND KEY JSON`): its fields checked as makeRecord() checks them;
/// `key` must be the record's own.
Record recordFromJson(const std::string& kind, const std::string& key, const std::string& json,
                      int minPinLength = core::StaffAuth::kMinPinLength);

/// A CSV row's fields and the line of the file it starts on.
struct CsvRow {
    int line = 0;
    Fields fields;
};

/// Reads CSV (RFC 4180: quoted fields, doubled quotes, CRLF or LF); the first row names the fields. The text must be
/// UTF-8 (a byte order mark at the start is skipped); fields are separated by ',' or, when the header row has a ';'
/// and no ',', by ';' (as Excel writes CSV where the decimal sign is a comma). Throws std::invalid_argument naming
/// the line: text that is not UTF-8, a carriage return alone as a line end (old Mac files), a quote never closed.
std::vector<CsvRow> readCsv(std::istream& in);

/// Imports every row of a CSV file or none, in one database transaction: each row is checked first and the first bad
/// one is named with its line; the same record twice in the file is refused with both lines. Returns the number of
/// records stored.
std::size_t importCsv(ServerStore& store, const std::string& kind, std::istream& in,
                      int minPinLength = core::StaffAuth::kMinPinLength);

/// Admission, transfer and discharge as an ADT feed or an administrator gives them: "transfer" moves patient `id` to
/// `ward` (their kiosks there get them, the old ward's drop them), "discharge" ends their stay (every kiosk drops
/// them; their records stay on the server; added again, they are admitted again). Stores and returns the changed
/// patient record. Throws std::invalid_argument with a sentence (an unknown patient, a bad ward, an unknown event).
Record patientChange(ServerStore& store, const std::string& event, const std::string& id, const std::string& ward = {});

/// Adds a plugin package (a zip with manifest.json naming id and version) for kiosks to download, and lists it in
/// the reference data. Throws std::invalid_argument when the file is not a plugin package.
Record addPluginPackage(ServerStore& store, const std::string& path);
/// Distributes a public key the kiosks trust to sign plugin packages (kind "plugin-key"; `revoked` takes it back).
Record addPluginKey(ServerStore& store, const std::string& path, const std::string& name, bool revoked = false);

} // namespace portside::server
