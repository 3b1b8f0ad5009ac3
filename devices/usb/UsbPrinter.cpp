#include "portside/devices/UsbPrinter.h"

#include "portside/devices/LabelRenderer.h"

#include <libusb-1.0/libusb.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <thread>

namespace portside::devices {

namespace {

bool isLabelPrinter(const libusb_device_descriptor& dd)
{
    for (const auto& m : printerModels())
        if (m.usbVendor && m.usbVendor == dd.idVendor && (!m.usbProduct || m.usbProduct == dd.idProduct))
            return true;
    return false;
}

/// The printer-class interface and its bulk endpoints.
bool printerInterface(libusb_device* device, int& interface, unsigned char& out, unsigned char& in)
{
    libusb_config_descriptor* config = nullptr;
    if (libusb_get_active_config_descriptor(device, &config) != 0 || !config)
        return false;
    bool found = false;
    for (int i = 0; i < config->bNumInterfaces && !found; ++i) {
        const auto& alt = config->interface[i].altsetting[0];
        if (alt.bInterfaceClass != 7)
            continue;
        out = in = 0;
        for (int e = 0; e < alt.bNumEndpoints; ++e) {
            const auto& ep = alt.endpoint[e];
            if ((ep.bmAttributes & 0x03) != LIBUSB_TRANSFER_TYPE_BULK)
                continue;
            (ep.bEndpointAddress & LIBUSB_ENDPOINT_IN ? in : out) = ep.bEndpointAddress;
        }
        interface = alt.bInterfaceNumber;
        found = out != 0;
    }
    libusb_free_config_descriptor(config);
    return found;
}

std::string readDeviceId(libusb_device_handle* h, int interface)
{
    unsigned char buffer[1024];
    const int n = libusb_control_transfer(
        h, LIBUSB_ENDPOINT_IN | LIBUSB_REQUEST_TYPE_CLASS | LIBUSB_RECIPIENT_INTERFACE, 0 /* GET_DEVICE_ID */, 0,
        static_cast<std::uint16_t>(interface << 8), buffer, sizeof buffer, 1000);
    if (n < 2)
        return {};
    const int length = std::min(n, (buffer[0] << 8) | buffer[1]);
    return std::string(reinterpret_cast<char*>(buffer) + 2, static_cast<std::size_t>(std::max(0, length - 2)));
}

std::string modelFromDeviceId(const std::string& id)
{
    const auto mdl = id.find("MDL:");
    if (mdl == std::string::npos)
        return {};
    std::string name = id.substr(mdl + 4, id.find(';', mdl) - mdl - 4); // "QL-800"
    std::transform(name.begin(), name.end(), name.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    for (const auto& m : printerModels())
        if (m.name.size() >= name.size() && m.name.compare(m.name.size() - name.size(), name.size(), name) == 0)
            return m.name;
    return {};
}

} // namespace

std::vector<UsbPrinterInfo> discoverUsbPrinters()
{
    std::vector<UsbPrinterInfo> found;
    libusb_context* ctx = nullptr;
    if (libusb_init(&ctx) != 0)
        return found;
    libusb_device** list = nullptr;
    const ssize_t n = libusb_get_device_list(ctx, &list);
    for (ssize_t i = 0; i < n; ++i) {
        libusb_device_descriptor dd{};
        int interface = 0;
        unsigned char out = 0, in = 0;
        if (libusb_get_device_descriptor(list[i], &dd) != 0)
            continue;
        if (!printerInterface(list[i], interface, out, in) && !isLabelPrinter(dd))
            continue;
        UsbPrinterInfo info;
        info.vendor = dd.idVendor;
        info.product = dd.idProduct;
        info.bus = libusb_get_bus_number(list[i]);
        info.address = libusb_get_device_address(list[i]);
        libusb_device_handle* h = nullptr;
        if (libusb_open(list[i], &h) == 0) {
            info.deviceId = readDeviceId(h, interface);
            info.model = modelFromDeviceId(info.deviceId);
            libusb_close(h);
        }
        found.push_back(info);
    }
    libusb_free_device_list(list, 1);
    libusb_exit(ctx);
    return found;
}

UsbPrinterTransport::UsbPrinterTransport(std::uint16_t vendor, std::uint16_t product)
{
    if (libusb_init(&_ctx) != 0)
        throw TransportError("USB is not available on this kiosk.", true);
    libusb_device** list = nullptr;
    const ssize_t n = libusb_get_device_list(_ctx, &list);
    for (ssize_t i = 0; i < n && !_handle; ++i) {
        libusb_device_descriptor dd{};
        if (libusb_get_device_descriptor(list[i], &dd) != 0 || dd.idVendor != vendor ||
            (product && dd.idProduct != product))
            continue; // product 0: any printer of the vendor (Zebra)
        if (!printerInterface(list[i], _interface, _out, _in) || libusb_open(list[i], &_handle) != 0)
            _handle = nullptr;
    }
    libusb_free_device_list(list, 1);
    if (!_handle) {
        libusb_exit(_ctx);
        throw TransportError("The label printer is not connected - check its USB cable and power.", true);
    }
    if (libusb_kernel_driver_active(_handle, _interface) == 1) // only when usblp holds it
        libusb_detach_kernel_driver(_handle, _interface);
    if (libusb_claim_interface(_handle, _interface) != 0) {
        libusb_close(_handle);
        libusb_exit(_ctx);
        throw TransportError("The label printer is in use by another program.", false);
    }
}

UsbPrinterTransport::~UsbPrinterTransport()
{
    libusb_release_interface(_handle, _interface);
    libusb_close(_handle);
    libusb_exit(_ctx);
}

void UsbPrinterTransport::write(const std::vector<std::uint8_t>& bytes, int timeoutMs)
{
    std::size_t sent = 0;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeoutMs);
    while (sent < bytes.size()) {
        int done = 0;
        const int chunk = static_cast<int>(std::min<std::size_t>(bytes.size() - sent, 16384));
        const int rc =
            libusb_bulk_transfer(_handle, _out, const_cast<unsigned char*>(bytes.data() + sent), chunk, &done, 1000);
        sent += static_cast<std::size_t>(std::max(done, 0)); // a partial transfer carries on where it stopped
        if (rc == LIBUSB_ERROR_NO_DEVICE)
            throw TransportError("The label printer was unplugged.", true);
        if (rc != 0 && rc != LIBUSB_ERROR_TIMEOUT)
            throw TransportError(std::string("Sending to the label printer failed (") + libusb_error_name(rc) + ").",
                                 false);
        if (std::chrono::steady_clock::now() > deadline && sent < bytes.size())
            throw TransportError("The label printer stopped taking data - check it for a jam or an open cover.", false);
    }
}

std::vector<std::uint8_t> UsbPrinterTransport::read(std::size_t maximum, int timeoutMs)
{
    std::vector<std::uint8_t> buffer(maximum);
    int got = 0;
    const int rc = libusb_bulk_transfer(_handle, _in, buffer.data(), static_cast<int>(maximum), &got,
                                        static_cast<unsigned>(timeoutMs));
    if (rc == LIBUSB_ERROR_NO_DEVICE)
        throw TransportError("The label printer was unplugged.", true);
    if (rc != 0 && rc != LIBUSB_ERROR_TIMEOUT)
        throw TransportError(std::string("Reading from the label printer failed (") + libusb_error_name(rc) + ").",
                             false);
    buffer.resize(static_cast<std::size_t>(std::max(got, 0)));
    return buffer;
}

std::string UsbPrinterTransport::deviceId()
{
    return readDeviceId(_handle, _interface);
}

int UsbPrinterTransport::portStatus()
{
    unsigned char status = 0;
    const int n =
        libusb_control_transfer(_handle, LIBUSB_ENDPOINT_IN | LIBUSB_REQUEST_TYPE_CLASS | LIBUSB_RECIPIENT_INTERFACE,
                                1 /* GET_PORT_STATUS */, 0, static_cast<std::uint16_t>(_interface), &status, 1, 1000);
    return n == 1 ? status : -1;
}

UsbPrinterTransport& UsbLabelPrinter::open()
{
    if (!_transport)
        _transport = std::make_unique<UsbPrinterTransport>(_model.usbVendor, _model.usbProduct);
    return *_transport;
}

namespace {

constexpr int kBrotherFrame = 32;
// A print a Brother never confirmed is taken as over after this long without a word from the printer (the longest
// label the models take prints in well under a minute).
constexpr auto kPrintingAtMost = std::chrono::minutes(2);
const char* const kUnconfirmed =
    "The label printer did not confirm the label - it may have printed. Check the printer and reprint the label only "
    "if it is not there.";

} // namespace

void UsbLabelPrinter::noteBrother(int statusType, int phase)
{
    // Status type 1 printing completed, 2 error, 6 phase change (phase type 1 printing, 0 receiving); "Status
    // information": (5) status type, (6) phase type, QL-800 reference p. 25-26.
    if (statusType == 1 || statusType == 2 || (statusType == 6 && phase == 0))
        _maybePrinting = false;
    else if (statusType == 6 && phase == 1 && !_maybePrinting) {
        _maybePrinting = true;
        _printingSince = std::chrono::steady_clock::now();
    }
}

void UsbLabelPrinter::drainBrother(UsbPrinterTransport& t)
{
    for (;;) {
        const auto frame = t.read(kBrotherFrame, 20);
        if (frame.size() != kBrotherFrame)
            return;
        try {
            const auto s = parseBrotherStatus(frame.data(), frame.size());
            noteBrother(s.statusType, s.phase);
        } catch (const std::invalid_argument&) {
            // not a status frame: dropped, the request below asks afresh
        }
    }
}

sdk::PrinterStatus UsbLabelPrinter::brotherStatus(UsbPrinterTransport& t)
{
    drainBrother(t); // a leftover notification must not be taken for the answer to this request
    if (_maybePrinting) {
        if (std::chrono::steady_clock::now() - _printingSince < kPrintingAtMost)
            // "Since error information is automatically sent by the printer during printing, do not send this
            // command while printing" (ESC i S, QL-800 reference p. 21); the invalidate and ESC @ before it would
            // cancel the label.
            return {sdk::PrinterState::Busy, "The printer is still printing a label - wait for it to finish.", ""};
        _maybePrinting = false;
    }
    // Flow chart 5.1: invalidate, initialize, status information request; the reply is status type 0.
    std::vector<std::uint8_t> request(static_cast<std::size_t>(_model.invalidateBytes), 0);
    request.insert(request.end(), {0x1b, 0x40, 0x1b, 0x69, 0x53});
    t.write(request);
    for (int attempt = 0; attempt < 10; ++attempt) {
        const auto reply = t.read(kBrotherFrame, 200);
        if (reply.size() != kBrotherFrame)
            continue;
        const auto s = parseBrotherStatus(reply.data(), reply.size());
        if (s.statusType == 0)
            return s.status;
        noteBrother(s.statusType, s.phase); // a notification that crossed the request
    }
    return {sdk::PrinterState::Offline, "The label printer does not answer - switch it off and on.", ""};
}

void UsbLabelPrinter::printBrother(UsbPrinterTransport& t, const sdk::Raster& label)
{
    const auto before = brotherStatus(t);
    if (before.state != sdk::PrinterState::Ready)
        throw std::runtime_error(before.message);
    const auto job = encodeLabel(_model, _media, label);
    t.write(job, 10000);
    _labelSent = true;
    _maybePrinting = true;
    _printingSince = std::chrono::steady_clock::now();
    // Flow chart 5.1: phase change "printing", then "printing completed" (or "error occurred"), then phase change
    // "waiting to receive" - the last one is read by the next status request's drain.
    const auto deadline = std::chrono::steady_clock::now() + _confirmTimeout;
    bool printing = false; // the printer said it started printing this label
    while (std::chrono::steady_clock::now() < deadline) {
        const auto reply = t.read(kBrotherFrame, 200);
        if (reply.size() != kBrotherFrame)
            continue;
        const auto s = parseBrotherStatus(reply.data(), reply.size());
        noteBrother(s.statusType, s.phase);
        printing = printing || s.phase == 1;
        if (s.statusType == 1)
            return;
        // An error once printing began may come after the label is out: "Error when feeding at the end of the page,
        // for example, because of a tape cutter jam" (sequential error flow, QL-1100 reference 5.2; QL-500...1060N
        // reference 6.2). Sent again once the jam is cleared, it would print twice: a nurse checks first.
        if (s.statusType == 2 && printing)
            throw sdk::PrintUnconfirmed("The printer reported an error while printing the label: " + s.status.message +
                                        " The label may have printed - check before printing it again.");
        if (s.statusType == 2)
            throw std::runtime_error(s.status.message);
    }
    throw sdk::PrintUnconfirmed(kUnconfirmed);
}

std::string UsbLabelPrinter::zebraStatusReply(UsbPrinterTransport& t)
{
    t.write({'~', 'H', 'S'});
    std::string reply; // three <STX>...<ETX> lines; a printer that says nothing is not ready
    for (int i = 0; i < 10 && std::count(reply.begin(), reply.end(), '\x03') < 3; ++i) {
        const auto part = t.read(256, 200);
        reply.append(part.begin(), part.end());
    }
    return reply;
}

void UsbLabelPrinter::printZebra(UsbPrinterTransport& t, const sdk::Raster& label)
{
    const auto before = parseZebraHostStatus(zebraStatusReply(t));
    if (before.state != sdk::PrinterState::Ready)
        throw std::runtime_error(before.message);
    t.write(encodeLabel(_model, _media, label), 10000);
    _labelSent = true;
    // Printed when ~HS says no format waits in the receive buffer and no label of the batch remains.
    const auto deadline = std::chrono::steady_clock::now() + _confirmTimeout;
    while (std::chrono::steady_clock::now() < deadline) {
        const auto s = parseZebraHostStatusFields(zebraStatusReply(t));
        if (s.status.state == sdk::PrinterState::OutOfMedia || s.status.state == sdk::PrinterState::CoverOpen)
            throw sdk::PrintUnconfirmed("The printer stopped with the label in its memory: " + s.status.message +
                                        " It prints the label then; check it before printing again.");
        if (s.formatsInBuffer == 0 && s.labelsRemaining == 0)
            return;
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    throw sdk::PrintUnconfirmed(kUnconfirmed);
}

sdk::PrinterStatus UsbLabelPrinter::dymoStatus(UsbPrinterTransport& t, int* raw)
{
    t.write({0x1b, 'A'}); // ESC A: the status byte (the LabelWriter 450 sends one; the Duo eight, the first counts)
    for (int attempt = 0; attempt < 5; ++attempt) {
        const auto reply = t.read(8, 200);
        if (reply.empty())
            continue;
        if (raw)
            *raw = reply[0];
        return parseDymoStatus(reply[0]);
    }
    return {sdk::PrinterState::Offline, "The label printer does not answer - switch it off and on.", ""};
}

void UsbLabelPrinter::printDymo(UsbPrinterTransport& t, const sdk::Raster& label)
{
    const auto before = dymoStatus(t);
    if (before.state != sdk::PrinterState::Ready)
        throw std::runtime_error(before.message);
    t.write(encodeLabel(_model, _media, label), 10000);
    _labelSent = true;
    // After the form feed the printer stands at the top of the next label (status bit 1).
    const auto deadline = std::chrono::steady_clock::now() + _confirmTimeout;
    while (std::chrono::steady_clock::now() < deadline) {
        int raw = 0;
        const auto s = dymoStatus(t, &raw);
        if (s.state != sdk::PrinterState::Ready && s.state != sdk::PrinterState::Offline)
            throw sdk::PrintUnconfirmed("The printer stopped while printing the label: " + s.message +
                                        " Check it before printing again.");
        if (s.state == sdk::PrinterState::Ready && (raw & 0x02))
            return;
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    throw sdk::PrintUnconfirmed(kUnconfirmed);
}

sdk::PrinterStatus UsbLabelPrinter::status()
{
    try {
        auto& t = open();
        switch (_model.language) {
        case PrinterModel::Language::BrotherRaster: return brotherStatus(t);
        case PrinterModel::Language::Zpl: return parseZebraHostStatus(zebraStatusReply(t));
        case PrinterModel::Language::DymoRaster: return dymoStatus(t);
        case PrinterModel::Language::Png: break;
        }
        return {sdk::PrinterState::Error, "The " + _model.title + " is not a USB printer.", ""};
    } catch (const TransportError& e) {
        _transport.reset();
        _maybePrinting = false; // a printer unplugged or switched off prints nothing more; asked afresh when back
        return {sdk::PrinterState::Offline, e.what(), ""};
    }
}

void UsbLabelPrinter::print(const sdk::Raster& label, const std::string&)
{
    _labelSent = false;
    try {
        auto& t = open();
        switch (_model.language) {
        case PrinterModel::Language::BrotherRaster: return printBrother(t, label);
        case PrinterModel::Language::Zpl: return printZebra(t, label);
        case PrinterModel::Language::DymoRaster: return printDymo(t, label);
        case PrinterModel::Language::Png: break;
        }
        throw std::runtime_error("The " + _model.title + " is not a USB printer.");
    } catch (const TransportError& e) {
        _transport.reset(); // reopened on the next try: the printer may be back
        _maybePrinting = false;
        if (_labelSent) // the printer had the whole label: it may have printed it
            throw sdk::PrintUnconfirmed(std::string(e.what()) +
                                        " The label may have printed - check before printing it again.");
        throw std::runtime_error(e.what());
    }
}

sdk::PrinterStatus FileLabelPrinter::status()
{
    std::error_code ec;
    std::filesystem::create_directories(_folder, ec);
    if (ec)
        // No path on a nurse's screen: the folder is the site setting printer.folder, which supervisors see.
        return {sdk::PrinterState::Error,
                "The label folder (setting printer.folder) cannot be written: " + ec.message() + ".", ""};
    return {sdk::PrinterState::Ready, "Label printer (files) ready.", ""};
}

void FileLabelPrinter::print(const sdk::Raster& label, const std::string& jobId)
{
    const auto st = status();
    if (st.state != sdk::PrinterState::Ready)
        throw std::runtime_error(st.message);
    saveRasterPng(label, _folder + "/" + jobId + ".png");
}

} // namespace portside::devices
