// libFuzzer target for the barcode interpreter (GS1 element strings, bracketed GS1, Digital Link, HIBC, EAN):
// any bytes must give either a parse with consistent fields or a sentence, never a crash or a hang.
//   clang++ -fsanitize=fuzzer,address,undefined; run: fuzz-scan -max_total_time=600 CORPUS

#include "portside/core/Gs1Parser.h"
#include "portside/core/HibcParser.h"
#include "portside/core/ScanInterpreter.h"

#include <cstdint>
#include <cstdlib>
#include <string_view>

namespace {

void require(bool condition)
{
    if (!condition)
        std::abort();
}

bool isoDate(const std::string& d)
{
    return d.size() == 10 && d[4] == '-' && d[7] == '-';
}

void checkResult(const portside::core::ParsedScan& s)
{
    if (!s.ok) {
        require(!s.error.empty());
        return;
    }
    require(s.error.empty());
    if (!s.gtin.empty())
        require(s.gtin.size() == 14 && portside::core::Gs1Parser::checkDigitOk(s.gtin));
    if (!s.expiry.empty())
        require(isoDate(s.expiry));
    if (!s.patient.empty() && s.scheme == "gs1")
        require(portside::core::Gs1Parser::checkDigitOk(s.patient));
    if (s.scheme == "hibc" && !s.lic.empty())
        require(s.lic.size() == 4 && s.uom.size() == 1);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    static const portside::core::ScanInterpreter interpreter(2026);
    static const portside::core::Gs1Parser gs1(2026);
    static const portside::core::HibcParser hibc(2026);
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);
    checkResult(interpreter.interpret(bytes));
    portside::core::ParsedScan a, b, c;
    gs1.parseElementString(bytes, a);
    checkResult(a);
    gs1.parseDigitalLink(bytes, b);
    checkResult(b);
    hibc.parse(bytes, c);
    checkResult(c);
    return 0;
}
