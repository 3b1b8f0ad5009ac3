// `portside-cli scan decode IMAGE...`: ZXing-C++ on image files, one JSON object per symbol found.

#include "Command.h"

#include "portside/core/ScanInterpreter.h"
#include "portside/core/Text.h"
#include "portside/devices/FrameDecoder.h"

#include <Poco/JSON/Object.h>

#include <iostream>
#include <stdexcept>

namespace portside::cli {

Poco::JSON::Object scanToJson(const core::ParsedScan& scan);
core::ScanInterpreter makeInterpreter();

int decodeCommand(Args& args, std::ostream& out)
{
    if (args.words.empty())
        throw std::invalid_argument("scan decode needs one or more image files.");
    const auto interpreter = makeInterpreter();
    const devices::FrameDecoder decoder;
    int failures = 0;
    for (const auto& path : args.words) {
        std::vector<devices::DecodedSymbol> symbols;
        std::string problem;
        try {
            symbols = decoder.decode(devices::loadImage(path));
            if (symbols.empty())
                problem = "No barcode found in " + path + ".";
        } catch (const std::exception& e) {
            problem = e.what();
        }
        if (!problem.empty()) {
            ++failures;
            Poco::JSON::Object o(Poco::JSON_PRESERVE_KEY_ORDER);
            o.set("ok", false);
            o.set("error", core::validUtf8(problem));
            o.set("image", core::validUtf8(path));
            o.stringify(out);
            out << '\n';
            continue;
        }
        for (const auto& s : symbols) {
            auto o = scanToJson(interpreter.interpret(s.bytes, s.aim));
            o.set("format", s.format);
            // What the symbol holds, also when it is no GS1 or HIBC code. Bytes that are not UTF-8 text (binary
            // content) are shown as the characters of the same numbers, flagged, and given exactly as hex.
            const std::string data = core::validUtf8(s.bytes);
            o.set("data", data);
            if (data != s.bytes) {
                static const char digits[] = "0123456789abcdef";
                std::string hex;
                for (const unsigned char b : s.bytes)
                    hex += {digits[b >> 4], digits[b & 15]};
                o.set("binary", true);
                o.set("dataHex", hex);
            }
            o.set("image", core::validUtf8(path));
            o.set("x", s.x);
            o.set("y", s.y);
            o.stringify(out);
            out << '\n';
        }
    }
    return failures ? 1 : 0;
}

} // namespace portside::cli
