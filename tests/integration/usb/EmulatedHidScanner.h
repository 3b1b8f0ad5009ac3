#pragma once
// A USB HID barcode scanner emulated in-process with libumockdev, for real libusb code: sysfs device and
// descriptors in a umockdev testbed, and an ioctl handler that answers usbdevfs requests (URBs on the interrupt IN
// endpoint, the HID report descriptor on control requests, claim and release) the way the kernel would.
// Learned from shared/notes/usb-emulation.md; the test binary runs under umockdev-wrapper.

#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <vector>

typedef struct _UMockdevTestbed UMockdevTestbed;
typedef struct _UMockdevIoctlBase UMockdevIoctlBase;
typedef struct _UMockdevIoctlClient UMockdevIoctlClient;
typedef struct _UMockdevIoctlData UMockdevIoctlData;

namespace portside::test {

class EmulatedHidScanner {
public:
    enum class Kind { Keyboard, Pos };

    EmulatedHidScanner(Kind kind, std::uint16_t vendor, std::uint16_t product);
    ~EmulatedHidScanner();
    EmulatedHidScanner(const EmulatedHidScanner&) = delete;
    EmulatedHidScanner& operator=(const EmulatedHidScanner&) = delete;

    /// Puts the device on the bus (sysfs, /dev node, ioctl handler).
    void plug();
    /// Pulls it out: pending transfers end with ENODEV, later requests fail, the device leaves sysfs.
    void unplug();

    /// Queues the reports of typing `text` on a boot keyboard (press and release per character; GS as Ctrl+]).
    /// `enter` adds the Enter key that ends a scan.
    void type(const std::string& text, bool enter = true);
    /// Queues the HID POS reports of one scan.
    void scanPos(const std::string& bytes, const std::string& aim);
    /// Reports the device has handed to the host so far.
    std::size_t delivered() const;

private:
    static int handleIoctl(UMockdevIoctlBase* handler, UMockdevIoctlClient* client, void* self);
    void pump(); // with _mutex held: pending IN URBs + queued reports -> reapable

    Kind _kind;
    std::uint16_t _vendor, _product;
    UMockdevTestbed* _testbed = nullptr;
    UMockdevIoctlBase* _handler = nullptr;
    std::string _syspath;
    mutable std::mutex _mutex;
    bool _plugged = false;
    std::deque<std::vector<std::uint8_t>> _reports;
    std::deque<UMockdevIoctlData*> _pendingIn;
    std::deque<UMockdevIoctlData*> _reapable;
    std::size_t _delivered = 0;
};

} // namespace portside::test
