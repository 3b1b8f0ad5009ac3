#pragma once

#include "portside/devices/LabelPrinters.h"
#include "portside/sdk/Printer.h"

#include <chrono>
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

struct libusb_context;
struct libusb_device_handle;

namespace portside::devices {

/// A USB transfer failed; `unplugged` when the device is gone.
class TransportError : public std::runtime_error {
public:
    TransportError(const std::string& what, bool unplugged) : std::runtime_error(what), _unplugged(unplugged) {}
    bool unplugged() const { return _unplugged; }

private:
    bool _unplugged;
};

/// A USB label printer found on the bus.
struct UsbPrinterInfo {
    std::uint16_t vendor = 0, product = 0;
    int bus = 0, address = 0;
    std::string deviceId; ///< IEEE-1284 device id ("MFG:Brother;CMD:PT-CBP;MDL:QL-800;CLS:PRINTER;")
    std::string model;    ///< the matching model name ("brother-ql-800"), empty when unknown
};

/// Finds printers: interfaces of USB class 7 (printer) and known label printer vendor/product ids; reads each one's
/// IEEE-1284 GET_DEVICE_ID to name its model.
std::vector<UsbPrinterInfo> discoverUsbPrinters();

/// One open USB printer: the printer-class interface claimed (the kernel's usblp detached only when it is bound),
/// bulk OUT writes that carry on after partial transfers and give up at a deadline, bulk IN reads with deadlines,
/// GET_PORT_STATUS.
class UsbPrinterTransport {
public:
    /// Opens the printer with these ids (the first one when several; product 0 takes any of the vendor's). Throws
    /// TransportError when it is not there.
    UsbPrinterTransport(std::uint16_t vendor, std::uint16_t product);
    ~UsbPrinterTransport();
    UsbPrinterTransport(const UsbPrinterTransport&) = delete;
    UsbPrinterTransport& operator=(const UsbPrinterTransport&) = delete;

    void write(const std::vector<std::uint8_t>& bytes, int timeoutMs = 5000);
    /// Reads what the printer says within the deadline; empty when it said nothing.
    std::vector<std::uint8_t> read(std::size_t maximum, int timeoutMs);
    std::string deviceId();
    /// The printer class GET_PORT_STATUS byte (0x08 no error, 0x10 selected, 0x20 paper empty).
    int portStatus();

private:
    libusb_context* _ctx = nullptr;
    libusb_device_handle* _handle = nullptr;
    int _interface = 0;
    unsigned char _out = 0, _in = 0;
};

/// A label printer on USB, speaking the model's language. print() sends one label and waits for the printer's own
/// word that it printed it (Brother: the "printing completed" status; Zebra: ~HS with no format left to print; DYMO:
/// ESC A at top of form). It throws std::runtime_error with a sentence a nurse understands when the printer refuses
/// (no media, cover open) or vanishes before it took the label, and sdk::PrintUnconfirmed when it took the label but
/// never confirmed it - that label is not sent again on its own. While a Brother may still be printing a label it
/// did not confirm, status() sends it nothing (the reference: no status request while printing; an ESC @ would
/// cancel the print) and reports it busy until it says it finished.
class UsbLabelPrinter : public sdk::PrinterPlugin {
public:
    UsbLabelPrinter(const PrinterModel& model, const MediaSpec& media) : _model(model), _media(media) {}
    /// How long print() waits for the printer to confirm the label (15 s unless a test says otherwise).
    void setConfirmTimeout(std::chrono::milliseconds timeout) { _confirmTimeout = timeout; }
    std::string id() const override { return "usb-" + _model.name; }
    std::string version() const override { return "1.0.0"; }
    void start(sdk::Host&) override {}
    void stop() override { _transport.reset(); }
    std::string model() const override { return _model.name; }
    sdk::PrinterStatus status() override;
    void print(const sdk::Raster& label, const std::string& jobId) override;

private:
    UsbPrinterTransport& open();
    sdk::PrinterStatus brotherStatus(UsbPrinterTransport& t);
    /// Reads the Brother status frames the printer sent on its own since we last listened.
    void drainBrother(UsbPrinterTransport& t);
    /// Follows what a Brother frame says about a print in progress.
    void noteBrother(int statusType, int phase);
    void printBrother(UsbPrinterTransport& t, const sdk::Raster& label);
    std::string zebraStatusReply(UsbPrinterTransport& t);
    void printZebra(UsbPrinterTransport& t, const sdk::Raster& label);
    sdk::PrinterStatus dymoStatus(UsbPrinterTransport& t, int* raw = nullptr);
    void printDymo(UsbPrinterTransport& t, const sdk::Raster& label);
    const PrinterModel& _model;
    const MediaSpec& _media;
    std::unique_ptr<UsbPrinterTransport> _transport;
    std::chrono::milliseconds _confirmTimeout{15000};
    bool _labelSent = false;     ///< the whole label went to the printer in this print()
    bool _maybePrinting = false; ///< Brother: a label was sent and the printer has not yet said it finished
    std::chrono::steady_clock::time_point _printingSince;
};

/// The file printer: writes each label as a PNG into a folder, for demos and tests.
class FileLabelPrinter : public sdk::PrinterPlugin {
public:
    explicit FileLabelPrinter(std::string folder) : _folder(std::move(folder)) {}
    std::string id() const override { return "file-printer"; }
    std::string version() const override { return "1.0.0"; }
    void start(sdk::Host&) override {}
    void stop() override {}
    std::string model() const override { return "png-300"; }
    sdk::PrinterStatus status() override;
    void print(const sdk::Raster& label, const std::string& jobId) override;
    const std::string& folder() const { return _folder; }

private:
    std::string _folder;
};

} // namespace portside::devices
