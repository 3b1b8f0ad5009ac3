#include "portside/devices/UsbHidScanner.h"

#include <libusb-1.0/libusb.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <vector>

namespace portside::devices {

namespace {

enum class Kind { None, Keyboard, Pos };

struct Found {
    libusb_device* device = nullptr;
    Kind kind = Kind::None;
    int interface = 0;
    unsigned char endpoint = 0;
    int packetSize = 8;
    std::uint16_t vendor = 0, product = 0;
};

std::string sourceName(const Found& f)
{
    char text[64];
    std::snprintf(text, sizeof text, "usb-hid-%s:%04x:%04x", f.kind == Kind::Pos ? "pos" : "keyboard", f.vendor,
                  f.product);
    return text;
}

/// True when the HID report descriptor declares usage page 0x8C (bar code scanner).
bool reportDescriptorIsPos(libusb_device_handle* handle, int interface)
{
    unsigned char descriptor[512];
    const int n = libusb_control_transfer(handle, LIBUSB_ENDPOINT_IN | LIBUSB_RECIPIENT_INTERFACE,
                                          LIBUSB_REQUEST_GET_DESCRIPTOR, (LIBUSB_DT_REPORT << 8),
                                          static_cast<std::uint16_t>(interface), descriptor, sizeof descriptor, 500);
    for (int i = 0; i + 1 < n; ++i) {
        if (descriptor[i] == 0x05 && descriptor[i + 1] == 0x8c) // Usage Page (1 byte)
            return true;
        if (descriptor[i] == 0x06 && i + 2 < n && descriptor[i + 1] == 0x8c && descriptor[i + 2] == 0x00) // 2 bytes
            return true;
    }
    return false;
}

/// The first HID interface that is a keyboard or a POS scanner, with its interrupt IN endpoint.
Found classify(libusb_device* device, const std::vector<std::uint16_t>& keyboardVendors)
{
    Found found;
    libusb_device_descriptor dd{};
    if (libusb_get_device_descriptor(device, &dd) != 0)
        return found;
    libusb_config_descriptor* config = nullptr;
    if (libusb_get_active_config_descriptor(device, &config) != 0 || !config)
        return found;
    for (int i = 0; i < config->bNumInterfaces && found.kind == Kind::None; ++i) {
        const auto& alt = config->interface[i].altsetting[0];
        if (alt.bInterfaceClass != LIBUSB_CLASS_HID)
            continue;
        for (int e = 0; e < alt.bNumEndpoints; ++e) {
            const auto& ep = alt.endpoint[e];
            if ((ep.bEndpointAddress & LIBUSB_ENDPOINT_IN) &&
                (ep.bmAttributes & 0x03) == LIBUSB_TRANSFER_TYPE_INTERRUPT) {
                found.device = device;
                found.interface = alt.bInterfaceNumber;
                found.endpoint = ep.bEndpointAddress;
                found.packetSize = ep.wMaxPacketSize;
                found.kind = alt.bInterfaceProtocol == 1 ? Kind::Keyboard : Kind::Pos; // POS confirmed after opening
                if (found.kind == Kind::Keyboard &&
                    std::find(keyboardVendors.begin(), keyboardVendors.end(), dd.idVendor) == keyboardVendors.end())
                    found = Found{}; // somebody's keyboard, not a scanner
                found.vendor = dd.idVendor;
                found.product = dd.idProduct;
                break;
            }
        }
    }
    libusb_free_config_descriptor(config);
    return found;
}

} // namespace

UsbHidScanner::UsbHidScanner(sdk::ScanSink& sink, Options options) : _sink(sink), _options(options) {}

UsbHidScanner::~UsbHidScanner()
{
    stop();
}

void UsbHidScanner::start()
{
    if (_running.exchange(true))
        return;
    _thread = std::thread([this] { run(); });
}

void UsbHidScanner::stop()
{
    _running = false;
    if (_thread.joinable())
        _thread.join();
}

std::string UsbHidScanner::source() const
{
    std::lock_guard<std::mutex> lock(_mutex);
    return _source;
}

void UsbHidScanner::run()
{
    auto now = [] {
        return std::chrono::duration_cast<std::chrono::milliseconds>(
                   std::chrono::system_clock::now().time_since_epoch())
            .count();
    };
    while (_running) {
        // A fresh libusb context per search reads the bus as it is now: a scanner plugged in since is found.
        libusb_context* ctx = nullptr;
        if (libusb_init(&ctx) != 0) {
            std::this_thread::sleep_for(std::chrono::milliseconds(_options.pollMs));
            continue;
        }
        libusb_device** list = nullptr;
        const ssize_t count = libusb_get_device_list(ctx, &list);
        Found scanner;
        for (ssize_t i = 0; i < count && scanner.kind == Kind::None; ++i)
            scanner = classify(list[i], _options.keyboardVendors);
        libusb_device_handle* handle = nullptr;
        if (scanner.kind != Kind::None && libusb_open(scanner.device, &handle) != 0)
            handle = nullptr;
        libusb_free_device_list(list, 1);
        if (!handle) {
            libusb_exit(ctx);
            for (int waited = 0; _running && waited < _options.pollMs; waited += 50)
                std::this_thread::sleep_for(std::chrono::milliseconds(50));
            continue;
        }
        if (scanner.kind == Kind::Pos && !reportDescriptorIsPos(handle, scanner.interface))
            scanner.kind = Kind::None; // a HID device, but no scanner (a mouse, a UPS, ...)
        // Take the interface from the kernel's HID driver only when one is bound.
        if (scanner.kind != Kind::None && libusb_kernel_driver_active(handle, scanner.interface) == 1)
            libusb_detach_kernel_driver(handle, scanner.interface);
        if (scanner.kind == Kind::None || libusb_claim_interface(handle, scanner.interface) != 0) {
            libusb_close(handle);
            libusb_exit(ctx);
            std::this_thread::sleep_for(std::chrono::milliseconds(_options.pollMs));
            continue;
        }
        const std::string source = sourceName(scanner);
        {
            std::lock_guard<std::mutex> lock(_mutex);
            _source = source;
        }
        _sink.onScannerState(source, true, "Scanner connected (" + source + ").");

        HidKeyboardDecoder keyboard;
        HidPosDecoder pos;
        std::vector<unsigned char> buffer(static_cast<std::size_t>(std::max(scanner.packetSize, 64)));
        std::string lost;
        while (_running) {
            int got = 0;
            const int rc =
                libusb_interrupt_transfer(handle, scanner.endpoint, buffer.data(), static_cast<int>(buffer.size()),
                                          &got, static_cast<unsigned>(_options.readTimeoutMs));
            if (rc == LIBUSB_ERROR_TIMEOUT || (rc == 0 && got == 0))
                continue;
            if (rc != 0) {
                lost =
                    rc == LIBUSB_ERROR_NO_DEVICE ? "unplugged" : std::string("failed (") + libusb_error_name(rc) + ")";
                break;
            }
            std::optional<HidScan> scan;
            try {
                scan = scanner.kind == Kind::Pos ? pos.feed(buffer.data(), static_cast<std::size_t>(got))
                                                 : keyboard.feed(buffer.data(), static_cast<std::size_t>(got));
            } catch (const std::exception&) {
                continue; // a report the decoder cannot make sense of is dropped, never the scanner thread
            }
            if (scan) {
                sdk::RawScan raw;
                raw.bytes = scan->bytes;
                raw.aim = scan->aim;
                if (raw.aim.empty() && raw.bytes.size() >= 3 &&
                    raw.bytes[0] == ']') { // AIM typed by a keyboard scanner
                    raw.aim = raw.bytes.substr(0, 3);
                    raw.bytes.erase(0, 3);
                }
                raw.source = source;
                raw.timeMs = now();
                _sink.onScan(raw);
            }
        }
        const bool cutShort = !keyboard.pending().empty() || pos.inProgress();
        if (!lost.empty())
            _sink.onScannerState(source, false,
                                 "Scanner " + lost + " (" + source + ")." +
                                     (cutShort ? " A scan was cut short and not used: scan that item again." : ""));
        {
            std::lock_guard<std::mutex> lock(_mutex);
            _source.clear();
        }
        libusb_release_interface(handle, scanner.interface);
        libusb_close(handle);
        libusb_exit(ctx);
    }
}

} // namespace portside::devices
