#!/usr/bin/env python3
"""Generates core/src/Gs1AiTable.cpp from the GS1 Barcode Syntax Dictionary text.

    tools/gs1/generate-ai-table.py [--check] [DICTIONARY] [OUTPUT]

With --check nothing is written: the exit status says whether OUTPUT is what the dictionary text gives (a CTest,
gs1-table-current, runs this).

Reads the dictionary's entry lines ("AIs [Flags] Specification [Attributes...] [# Title]", as its own header
describes them) and writes one C++ table: every AI (ranges expanded), its flags, its components with their
character set, lengths and linters, its req=/ex= attributes, its Digital Link primary-key qualifier paths and its
title. The ISO 3166-1 and ISO 4217 lists the country and currency linters need come from Debian's iso-codes
package (/usr/share/iso-codes/json). A linter name the parser does not know stops the script: a new dictionary
release must not pass with a rule silently unchecked.
"""

import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
DICTIONARY = os.path.join(HERE, "gs1-syntax-dictionary.txt")
OUTPUT = os.path.join(ROOT, "core", "src", "Gs1AiTable.cpp")
ISO_CODES = "/usr/share/iso-codes/json"

# Where the stored text came from: the Release line of this text reads UNSET (a development text of the
# gs1/gs1-syntax-dictionary repository), so its provenance is kept here.
SOURCE = ("gs1/gs1-syntax-dictionary, gs1-syntax-dictionary.txt at commit "
          "f7e477f17d482ed1a61409719d50623c9132866d: the text after release 2024-06-10 "
          "(adds (03), (716), (7041), (8014) and the (7250)-(7259) patient AIs of that release)")

LINTERS = {
    "csum": "Csum", "csumalpha": "CsumAlpha", "key": "Key", "keyoff1": "KeyOff1",
    "yymmd0": "Yymmd0", "yymmdd": "Yymmdd", "yyyymmdd": "Yyyymmdd", "hh": "Hh", "hhmi": "Hhmi", "mi": "Mi",
    "ss": "Ss", "iso3166": "Iso3166", "iso3166999": "Iso3166999", "iso3166alpha2": "Iso3166Alpha2",
    "iso4217": "Iso4217", "iban": "Iban", "pcenc": "Pcenc", "yesno": "YesNo", "hyphen": "Hyphen",
    "nonzero": "NonZero", "zero": "Zero", "winding": "Winding", "pieceoftotal": "PieceOfTotal",
    "mediatype": "MediaType", "nozeroprefix": "NoZeroPrefix", "latitude": "Latitude", "longitude": "Longitude",
    "importeridx": "ImporterIdx", "couponcode": "CouponCode", "couponposoffer": "CouponPosOffer",
    "posinseqslash": "PosInSeqSlash", "iso5218": "Iso5218", "packagetype": "PackageType",
    "hasnondigit": "HasNonDigit",
}

COMPONENT = re.compile(r"^(\[)?([NXYZ])(\.\.)?(\d+)(\])?((?:,[a-z0-9]+)*)$")


def parse_component(text):
    m = COMPONENT.match(text)
    if not m:
        sys.exit(f"unreadable component {text!r}")
    optional = m.group(1) is not None
    if optional != (m.group(5) is not None):
        sys.exit(f"unbalanced brackets in {text!r}")
    n = int(m.group(4))
    variable = m.group(3) is not None
    lints = [l for l in m.group(6).split(",") if l]
    for l in lints:
        if l not in LINTERS:
            sys.exit(f"linter {l!r} is not implemented by the parser (component {text!r})")
    if len(lints) > 3:
        sys.exit(f"more than three linters on {text!r}")
    return {"cset": m.group(2), "min": 1 if variable else n, "max": n, "optional": optional, "lints": lints}


def parse_line(line):
    title = ""
    if "#" in line:
        line, title = line.split("#", 1)
        title = title.strip()
    words = line.split()
    ais = words[0]
    flags = ""
    rest = words[1:]
    if rest and re.fullmatch(r"[*?!\"$%&'()+,\-./:;<=>@\[\\\]^_`{|}~]+", rest[0]):
        flags = rest[0]
        rest = rest[1:]
    components, attrs = [], []
    for w in rest:
        if re.match(r"^\[?[NXYZ](\.\.)?\d", w):
            if attrs:
                sys.exit(f"component after attributes in {line!r}")
            components.append(parse_component(w))
        else:
            attrs.append(w)
    if not components:
        sys.exit(f"no specification in {line!r}")
    req, ex, dl = [], [], None
    for a in attrs:
        if a.startswith("req="):
            req.append(a[4:])
        elif a.startswith("ex="):
            ex.append(a[3:])
        elif a == "dlpkey":
            dl = ""
        elif a.startswith("dlpkey="):
            dl = a[7:]
        else:
            sys.exit(f"unknown attribute {a!r}")
    if "-" in ais:
        first, last = ais.split("-")
        span = [str(i).zfill(len(first)) for i in range(int(first), int(last) + 1)]
    else:
        span = [ais]
    return [(ai, flags, components, req, ex, dl, title) for ai in span]


def cstr(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"' if s is not None else "nullptr"


def main():
    args = sys.argv[1:]
    check = "--check" in args
    args = [a for a in args if a != "--check"]
    source = args[0] if len(args) > 0 else DICTIONARY
    output = args[1] if len(args) > 1 else OUTPUT
    entries = []
    release = "UNSET"
    with open(source, encoding="utf-8") as f:
        for raw in f:
            line = raw.rstrip("\n")
            m = re.match(r"^# Release: (.*)$", line)
            if m:
                release = m.group(1).strip()
            if not line.strip() or line.startswith("#"):
                continue
            entries.extend(parse_line(line))
    entries.sort(key=lambda e: e[0])
    seen = set()
    for e in entries:
        if e[0] in seen:
            sys.exit(f"AI {e[0]} listed twice")
        seen.add(e[0])

    countries = json.load(open(os.path.join(ISO_CODES, "iso_3166-1.json"), encoding="utf-8"))["3166-1"]
    currencies = json.load(open(os.path.join(ISO_CODES, "iso_4217.json"), encoding="utf-8"))["4217"]
    numeric = sorted(int(c["numeric"]) for c in countries)
    alpha2 = sorted(c["alpha_2"] for c in countries)
    money = sorted({int(c["numeric"]) for c in currencies if "numeric" in c})

    out = []
    w = out.append
    w("// clang-format off")
    w("// (laid out by the generator and compared byte for byte by the gs1-table-current test)")
    w("// GENERATED by tools/gs1/generate-ai-table.py from tools/gs1/gs1-syntax-dictionary.txt: do not edit.")
    w("// GS1 Barcode Syntax Dictionary, Release: " + release + " -- " + SOURCE + ".")
    w("// Country and currency codes: Debian iso-codes (ISO 3166-1, ISO 4217).")
    w("// The dictionary is Apache-2.0 data (Copyright GS1 AISBL, the BWIPP and Zint projects).")
    w("")
    w('#include "Gs1AiTable.h"')
    w("")
    w("namespace portside::core::gs1 {")
    w("")
    w("const char* const kDictionaryRelease = " + cstr("Release " + release + "; " + SOURCE) + ";")
    w("")
    w("const AiEntry kAiTable[] = {")
    for ai, flags, comps, req, ex, dl, title in entries:
        cs = []
        for c in comps:
            lints = ", ".join("Lint::" + LINTERS[l] for l in c["lints"])
            cs.append("{'%s', %d, %d, %s, {%s}}" % (c["cset"], c["min"], c["max"], "true" if c["optional"] else "false",
                                                    lints))
        minimum = sum(c["min"] for c in comps if not c["optional"])
        maximum = sum(c["max"] for c in comps)
        fixed = minimum == maximum
        fl = []
        if "*" in flags:
            fl.append("kPredefinedLength")
        if "?" in flags:
            fl.append("kDigitalLinkAttribute")
        if fixed:
            fl.append("kFixedLength")
        if dl is not None:
            fl.append("kPrimaryKey")
        w("    {%s, %d, %s, %d, %d, %d, {%s}, %s, %s, %s, %s}," % (
            cstr(ai), len(ai), " | ".join(fl) if fl else "0", minimum, maximum, len(comps), ", ".join(cs),
            cstr(" ".join(req)), cstr(" ".join(ex)), cstr(dl), cstr(title)))
    w("};")
    w("")
    w("const std::size_t kAiTableSize = sizeof kAiTable / sizeof kAiTable[0];")
    w("")
    w("const std::uint16_t kIso3166Numeric[] = {")
    for i in range(0, len(numeric), 16):
        w("    " + ", ".join(str(n) for n in numeric[i:i + 16]) + ",")
    w("};")
    w("const std::size_t kIso3166NumericSize = sizeof kIso3166Numeric / sizeof kIso3166Numeric[0];")
    w("")
    w("const char kIso3166Alpha2[] =")
    for i in range(0, len(alpha2), 32):
        w('    "' + "".join(alpha2[i:i + 32]) + '"')
    w("    ;")
    w("")
    w("const std::uint16_t kIso4217Numeric[] = {")
    for i in range(0, len(money), 16):
        w("    " + ", ".join(str(n) for n in money[i:i + 16]) + ",")
    w("};")
    w("const std::size_t kIso4217NumericSize = sizeof kIso4217Numeric / sizeof kIso4217Numeric[0];")
    w("")
    w("} // namespace portside::core::gs1")
    text = "\n".join(out) + "\n"
    if check:
        with open(output, encoding="utf-8") as f:
            if f.read() != text:
                sys.exit(f"{output} is not what {source} gives: run tools/gs1/generate-ai-table.py")
        print(f"{output} is current")
        return
    with open(output, "w", encoding="utf-8") as f:
        f.write(text)
    print(f"{output}: {len(entries)} AIs, {len(numeric)} countries, {len(money)} currencies")


if __name__ == "__main__":
    main()
