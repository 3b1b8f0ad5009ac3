#pragma once
// USB devices emulated in-process with libumockdev, for real libusb code: the sysfs device and its descriptors in a
// umockdev testbed, and an ioctl handler that answers usbdevfs requests (URBs on control, bulk and interrupt
// endpoints, claim and release) the way the kernel would. Subclasses are the devices: a HID barcode scanner and a
// Brother QL label printer. Learned from shared/notes/usb-emulation.md; test binaries run under umockdev-wrapper.

#include <chrono>
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

class EmulatedUsbDevice {
public:
    EmulatedUsbDevice(std::uint16_t vendor, std::uint16_t product, std::uint8_t inEndpoint);
    virtual ~EmulatedUsbDevice();
    EmulatedUsbDevice(const EmulatedUsbDevice&) = delete;
    EmulatedUsbDevice& operator=(const EmulatedUsbDevice&) = delete;

    /// Puts the device on the bus (sysfs, /dev node, ioctl handler).
    void plug();
    /// Pulls it out: pending transfers end with ENODEV, later requests fail, the device leaves sysfs.
    void unplug();
    /// Packets the device has handed to the host so far on its IN endpoint.
    std::size_t delivered() const;

protected:
    /// Device and configuration descriptors, as the sysfs "descriptors" file holds them.
    virtual std::vector<std::uint8_t> descriptors() const = 0;
    /// A control request: fill `data` (at most `length` bytes) and return the count, or -1 to stall.
    virtual int control(const std::uint8_t* setup, std::uint8_t* data, int length) = 0;
    /// Bytes the host sent on the bulk OUT endpoint. Called with the device lock held.
    virtual void received(const std::uint8_t*, std::size_t) {}
    /// Queues a packet for the IN endpoint. Call with the device lock held (from received()) or through say().
    void queueIn(std::vector<std::uint8_t> packet);
    void say(std::vector<std::uint8_t> packet);
    /// Makes the device vanish mid-transfer (from received()): everything in flight fails with ENODEV. The test
    /// then calls unplug() to take it off the bus.
    void vanish();

    std::uint16_t _vendor, _product;
    mutable std::mutex _mutex;

private:
    static int handleIoctl(UMockdevIoctlBase* handler, UMockdevIoctlClient* client, void* self);
    void pump();
    void failInFlight();

    std::uint8_t _in;
    UMockdevTestbed* _testbed = nullptr;
    UMockdevIoctlBase* _handler = nullptr;
    bool _plugged = false, _onBus = false;
    std::deque<std::vector<std::uint8_t>> _packets;
    std::deque<UMockdevIoctlData*> _pendingIn;
    std::deque<UMockdevIoctlData*> _reapable;
    std::size_t _delivered = 0;
    int _address = 6; ///< the device's address on the bus; each plug takes the next, as the kernel does
    int _claims = 0;  ///< interfaces the host holds claimed (it releases them before it closes the device)
    std::chrono::steady_clock::time_point _lastRequest; ///< when the host last asked the node anything
};

/// A USB HID barcode scanner: boot keyboard (interface protocol 1) or HID POS (usage page 0x8C).
class EmulatedHidScanner : public EmulatedUsbDevice {
public:
    enum class Kind { Keyboard, Pos };
    EmulatedHidScanner(Kind kind, std::uint16_t vendor, std::uint16_t product);

    /// Queues the reports of typing `text` on a boot keyboard (press and release per character; GS as Ctrl+]).
    /// `enter` adds the Enter key that ends a scan.
    void type(const std::string& text, bool enter = true);
    /// Queues the HID POS reports of one scan.
    void scanPos(const std::string& bytes, const std::string& aim);

protected:
    std::vector<std::uint8_t> descriptors() const override;
    int control(const std::uint8_t* setup, std::uint8_t* data, int length) override;

private:
    Kind _kind;
};

} // namespace portside::test
