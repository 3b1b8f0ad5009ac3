#include "CommandTable.h"

namespace portside::cli {

namespace {

const OptionSpec kJson{"json", "", "JSON instead of text"};
const OptionSpec kDb{"db", "PATH", "the record store (default <data dir>/kiosk.db)"};
const OptionSpec kRoot{"root", "DIR", "the installed plugins' folder (default <data dir>/plugins)"};
const OptionSpec kTrust{"trust", "PUB.pem|DIR", "also trust this public key (or every *.pem in DIR); repeatable"};

} // namespace

const std::vector<OptionSpec>& commonOptions()
{
    static const std::vector<OptionSpec> options{
        {"help", "", "this command's usage and options"},
        {"log-level", "LEVEL", "fatal, critical, error, warning (default), notice, information, debug, trace"},
        {"print-config", "", "print the configuration in force (defaults, kiosk.conf files, environment) and exit"},
    };
    return options;
}

const std::vector<CommandSpec>& commandTable()
{
    static const std::vector<CommandSpec> table{
        {"plugin",
         "list",
         "",
         "plugin modules with id, version, kind, file and status (exit 1 when one failed)",
         {{"dir", "DIR", "look in DIR instead of the bundled plugin folder; repeatable"}, kJson}},
        {"plugin",
         "new",
         "ID",
         "a new checklist plugin folder from the SDK's example",
         {{"dir", "DIR", "the folder to make (default ./ID)"}}},
        {"plugin",
         "keygen",
         "",
         "a signing key pair: NAME.pub.pem (for sites) and NAME.key.pem (kept secret)",
         {{"out", "NAME", "the key files' name"}}},
        {"plugin",
         "pack",
         "DIR",
         "a signed package of DIR (manifest.json, module, catalogs)",
         {{"key", "NAME.key.pem", "the signing key"},
          {"public", "NAME.pub.pem", "its public key (default beside the key)"},
          {"out", "PKG.zip", "the package to write"}}},
        {"plugin",
         "sign",
         "PKG.zip",
         "sign again a package a trusted key signed",
         {{"key", "NAME.key.pem", "the signing key"},
          {"public", "NAME.pub.pem", "its public key (default beside the key)"},
          kTrust,
          {"out", "SIGNED.zip", "where to write it (default: over PKG.zip)"}}},
        {"plugin",
         "verify",
         "PKG.zip",
         "check a package's signature and contents; exit 1 with the reason it is refused",
         {kTrust, kJson}},
        {"plugin",
         "probe",
         "MODULE",
         "load, start and self-check a module in a child process",
         {{"seconds", "N", "how long it may take (default 10)"}, kJson}},
        {"plugin",
         "install",
         "PKG.zip",
         "verify, probe and keep a package for the kiosk's next start (recorded with your name)",
         {kTrust,
          kRoot,
          {"downgrade", "", "allow an older version on purpose"},
          {"from-server", "ID", "the package the server offers instead of a file"}}},
        {"plugin", "installed", "", "the installed plugins and their state", {kRoot, kTrust, kJson}},
        {"plugin", "offers", "", "the plugins the server offers", {kRoot, kTrust, kJson}},
        {"plugin", "keys", "", "the trusted keys (plugins.trusted_keys and the server's)", {kRoot, kTrust, kJson}},
        {"plugin", "remove", "ID", "remove an installed plugin at the next start", {kRoot, kTrust}},
        {"plugin", "rollback", "ID", "go back to the previous version at the next start", {kRoot, kTrust}},
        {"plugin", "disable", "ID", "do not load it from the next start", {kRoot, kTrust}},
        {"plugin", "enable", "ID", "load it again from the next start", {kRoot, kTrust}},
        {"scan",
         "parse",
         "",
         "read scans from stdin, one per line (GS = byte 0x1D, the AIM identifier such as ]d2 first when sent); one "
         "JSON object per line",
         {}},
        {"scan", "decode", "IMAGE...", "find barcodes in PNG or PNM images; one JSON object per symbol", {}},
        {"label",
         "render",
         "",
         "the dressing-date label as the printer's byte stream, or a PNG",
         {{"template", "dressing-date", "the template (the one built in)"},
          {"data", "FILE.json", "the label's fields (default: sample data)"},
          {"printer", "MODEL", "a model from printer models"},
          {"media", "M", "the roll or label (default the model's first)"},
          {"out", "FILE", "where to write it"},
          {"png", "", "a picture instead of the printer's bytes"}}},
        {"printer", "list", "", "USB label printers found, with model and IEEE-1284 id", {kJson}},
        {"printer",
         "status",
         "",
         "what the printer says (exit 1 when it is not ready)",
         {{"printer", "MODEL", "the printer's model"}, {"media", "M", "the loaded roll"}, kJson}},
        {"printer",
         "print",
         "",
         "print the dressing-date label on a USB printer",
         {{"printer", "MODEL", "the printer's model"},
          {"media", "M", "the loaded roll"},
          {"data", "FILE.json", "the label's fields (default: sample data)"}}},
        {"printer", "models", "", "the printer models and media this kiosk drives", {kJson}},
        {"sync",
         "enroll",
         "",
         "enroll this kiosk with the central server",
         {{"server", "URL", "the server, https://HOST:8443"},
          {"code", "CODE", "the one-time code from portside-server admin enroll-code"},
          {"name", "NAME", "this kiosk's name (default kiosk)"},
          {"ca", "PEM", "the site CA to pin (needed for https)"},
          kDb}},
        {"sync",
         "now",
         "",
         "send the outbox and pull reference data now (exit 3 when the server cannot be reached)",
         {kDb, kJson}},
        {"sync", "status", "", "what waits to be sent and what was refused (read-only)", {kDb, kJson}},
        {"audit", "verify", "", "walk the record's audit chain; exit 1 naming the first broken link", {kDb, kJson}},
        {"records",
         "list",
         "",
         "the recorded events of one patient (read-only)",
         {{"patient", "ID", "the patient"}, kDb, kJson}},
        {"bedside",
         "",
         "",
         "the bedside session without a screen: one JSON action per line of stdin ({\"do\":\"sign-in\",...}, open, "
         "checklists, start, step, scan, confirm, no-scan, no-label, skip, cancel, label, summary), one JSON answer "
         "per line; the same rules as the kiosk's screens",
         {kDb, {"plugins", "DIR", "plugin folder; repeatable"}, {"settings", "FILE", "the site settings file"}}},
        {"version", "", "", "print the version", {}},
        {"help", "", "[COMMAND [SUBCOMMAND]]", "this text, or a command's", {}},
    };
    return table;
}

} // namespace portside::cli
