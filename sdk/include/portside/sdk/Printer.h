#pragma once

#include "portside/sdk/Plugin.h"

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace portside::sdk {

/// A 1-bit image at the printer's resolution: rows of ceil(width/8) bytes, most significant bit first,
/// 1 = black.
struct Raster {
    int widthDots = 0;
    int heightDots = 0;
    int dpi = 0;
    std::vector<std::uint8_t> bits;
};

enum class PrinterState { Ready, Busy, OutOfMedia, CoverOpen, WrongMedia, Error, Offline };

struct PrinterStatus {
    PrinterState state = PrinterState::Offline;
    std::string message; ///< a sentence a nurse understands, such as "Printer out of labels - load a 62 mm roll."
    std::string media;   ///< loaded media, such as "62" or "62x29", when the printer reports it
};

/// Thrown by PrinterPlugin::print() when the label was sent but the printer never said it printed it (no "printing
/// completed" before the deadline, or it stopped with the label in its memory): it may have printed, or may still.
/// Such a label is never sent again on its own - a nurse checks the printer and reprints it if it is not there.
class PORTSIDE_SDK_API PrintUnconfirmed : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
    ~PrintUnconfirmed() override;
};

/// A label printer driver.
class PORTSIDE_SDK_API PrinterPlugin : public Plugin {
public:
    ~PrinterPlugin() override;
    PluginKind kind() const override { return PluginKind::Printer; }
    /// Model name as `portside-cli printer models` lists it, such as "brother-ql-800".
    virtual std::string model() const = 0;
    virtual PrinterStatus status() = 0;
    /// Prints one label and returns once the printer confirms it printed it; throws std::exception with a sentence
    /// when the printer refuses or fails (nothing printed, safe to send again), PrintUnconfirmed when it may have.
    virtual void print(const Raster& label, const std::string& jobId) = 0;
};

} // namespace portside::sdk
