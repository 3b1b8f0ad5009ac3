#include "EmulatedUsbDevice.h"

#include <chrono>

#include <umockdev.h>

#include <sys/ioctl.h>

#include <linux/usbdevice_fs.h>

#include <algorithm>
#include <cerrno>
#include <cstddef>
#include <cstring>
#include <stdexcept>

namespace portside::test {

namespace {

/// A plugged device's address on bus 1: the kernel gives a re-plugged device a new one (7, 8, ...).
std::string devNode(int address)
{
    char node[32];
    std::snprintf(node, sizeof node, "/dev/bus/usb/001/%03d", address);
    return node;
}
constexpr std::uint8_t kEndpointIn = 0x81;
constexpr const char* kSyspath = "/sys/devices/pci0000:00/0000:00:14.0/usb1/1-7"; // the port: the same on re-plug

// HID report descriptor of a bar code scanner: Usage Page (POS bar code scanner 0x8C), Usage (0x02), Collection,
// a 64-byte input report with report id 2.
const std::uint8_t kPosReportDescriptor[] = {0x06, 0x8c, 0x00, 0x09, 0x02, 0xa1, 0x01, 0x85, 0x02, 0x15, 0x00, 0x26,
                                             0xff, 0x00, 0x75, 0x08, 0x95, 0x3f, 0x09, 0xfe, 0x81, 0x02, 0xc0};

std::vector<std::uint8_t> hidDescriptors(bool pos, std::uint16_t vendor, std::uint16_t product)
{
    const std::uint8_t packet = pos ? 64 : 8;
    const std::uint16_t reportLength = pos ? sizeof kPosReportDescriptor : 63;
    return {
        0x12,
        0x01,
        0x00,
        0x02,
        0x00,
        0x00,
        0x00,
        0x40,
        static_cast<std::uint8_t>(vendor & 0xff),
        static_cast<std::uint8_t>(vendor >> 8),
        static_cast<std::uint8_t>(product & 0xff),
        static_cast<std::uint8_t>(product >> 8),
        0x00,
        0x01,
        0x01,
        0x02,
        0x03,
        0x01, // device
        0x09,
        0x02,
        0x22,
        0x00,
        0x01,
        0x01,
        0x00,
        0x80,
        0x32, // configuration, 34 bytes
        0x09,
        0x04,
        0x00,
        0x00,
        0x01,
        0x03,
        static_cast<std::uint8_t>(pos ? 0 : 1),
        static_cast<std::uint8_t>(pos ? 0 : 1),
        0x00, // interface: HID, boot keyboard?
        0x09,
        0x21,
        0x11,
        0x01,
        0x00,
        0x01,
        0x22,
        static_cast<std::uint8_t>(reportLength & 0xff),
        static_cast<std::uint8_t>(reportLength >> 8), // HID descriptor
        0x07,
        0x05,
        kEndpointIn,
        0x03,
        packet,
        0x00,
        0x0a, // interrupt IN endpoint
    };
}

/// Boot keyboard usage and shift for a character (US layout); usage 0 when there is none.
std::pair<std::uint8_t, bool> usageOf(char c)
{
    if (c >= 'a' && c <= 'z')
        return {static_cast<std::uint8_t>(0x04 + c - 'a'), false};
    if (c >= 'A' && c <= 'Z')
        return {static_cast<std::uint8_t>(0x04 + c - 'A'), true};
    if (c >= '1' && c <= '9')
        return {static_cast<std::uint8_t>(0x1e + c - '1'), false};
    const std::string plain = "0 -=[]\\;'`,./", plainUsage = "\x27\x2c\x2d\x2e\x2f\x30\x31\x33\x34\x35\x36\x37\x38";
    const std::string shifted = ")_+{}|:\"~<>?!@#$%^&*(",
                      shiftedUsage =
                          "\x27\x2d\x2e\x2f\x30\x31\x33\x34\x35\x36\x37\x38\x1e\x1f\x20\x21\x22\x23\x24\x25\x26";
    if (auto p = plain.find(c); p != std::string::npos)
        return {static_cast<std::uint8_t>(plainUsage[p]), false};
    if (auto p = shifted.find(c); p != std::string::npos)
        return {static_cast<std::uint8_t>(shiftedUsage[p]), true};
    return {0, false};
}

} // namespace

EmulatedUsbDevice::EmulatedUsbDevice(std::uint16_t vendor, std::uint16_t product, std::uint8_t inEndpoint)
    : _vendor(vendor), _product(product), _in(inEndpoint)
{
    _testbed = umockdev_testbed_new();
}

EmulatedUsbDevice::~EmulatedUsbDevice()
{
    if (_onBus)
        unplug();
    {
        std::lock_guard<std::mutex> lock(_mutex);
        for (auto* d : _pendingIn)
            g_object_unref(d);
        for (auto* d : _reapable)
            g_object_unref(d);
        _pendingIn.clear();
        _reapable.clear();
    }
    g_object_unref(_testbed);
}

void EmulatedUsbDevice::plug()
{
    const auto bytes = descriptors();
    std::string hex;
    char two[3];
    for (auto b : bytes) {
        std::snprintf(two, sizeof two, "%02X", b);
        hex += two;
    }
    ++_address;
    char ids[64];
    std::snprintf(ids, sizeof ids, "A: idVendor=%04x\\n\nA: idProduct=%04x\\n\n", _vendor, _product);
    char node[256];
    std::snprintf(node, sizeof node,
                  "N: bus/usb/001/%03d\nE: DEVNAME=/dev/bus/usb/001/%03d\nE: DEVNUM=%03d\nE: MINOR=%d\n"
                  "A: devnum=%d\\n\nA: dev=189:%d\\n\n",
                  _address, _address, _address, _address - 1, _address, _address - 1);
    const std::string description = std::string("P: /devices/pci0000:00/0000:00:14.0/usb1/1-7\n") + node +
                                    "E: DEVTYPE=usb_device\n"
                                    "E: SUBSYSTEM=usb\n"
                                    "E: DRIVER=usb\nE: BUSNUM=001\nE: MAJOR=189\n"
                                    "A: busnum=1\\n\nA: speed=480\\n\n"
                                    "A: bConfigurationValue=1\\n\n" +
                                    ids + "H: descriptors=" + hex + "\n";
    // The handler first, then the device: a host that finds the device the moment it appears must reach the
    // handler with its first request, not a bare file that answers ENOTTY.
    {
        std::lock_guard<std::mutex> lock(_mutex);
        _plugged = true;
        _onBus = true;
    }
    GError* error = nullptr;
    _handler = UMOCKDEV_IOCTL_BASE(g_object_new(UMOCKDEV_TYPE_IOCTL_BASE, nullptr));
    g_signal_connect(_handler, "handle-ioctl", G_CALLBACK(&EmulatedUsbDevice::handleIoctl), this);
    if (!umockdev_testbed_attach_ioctl(_testbed, devNode(_address).c_str(), _handler, &error))
        throw std::runtime_error(std::string("umockdev could not attach the handler: ") +
                                 (error ? error->message : "?"));
    if (!umockdev_testbed_add_from_string(_testbed, description.c_str(), &error))
        throw std::runtime_error(std::string("umockdev could not add the device: ") + (error ? error->message : "?"));
}

void EmulatedUsbDevice::failInFlight()
{
    _plugged = false;
    // The kernel ends every transfer in flight on a device that is gone.
    for (auto* d : _pendingIn) {
        auto* urb = reinterpret_cast<usbdevfs_urb*>(d->data);
        urb->status = -ENODEV;
        urb->actual_length = 0;
        _reapable.push_back(d);
    }
    _pendingIn.clear();
    _packets.clear();
}

void EmulatedUsbDevice::vanish()
{
    failInFlight();
}

void EmulatedUsbDevice::unplug()
{
    // As the kernel does: the device leaves the bus at once (no new host opens it), every transfer in flight and
    // every later request on a handle still open fails with ENODEV, and the node goes once the host has let go of
    // it (released its interface, as libusb does before it closes). The ioctl handler stays until then: a request
    // whose handler vanished under it aborts the host (libumockdev-preload: "Error communicating with ioctl
    // socket"), which no real unplug does.
    {
        std::lock_guard<std::mutex> lock(_mutex);
        failInFlight();
    }
    umockdev_testbed_uevent(_testbed, kSyspath, "remove"); // libusb's hotplug monitor drops it from its list
    umockdev_testbed_remove_device(_testbed, kSyspath);
    // At most 10 s: the host notices ENODEV and lets go of the device, and nothing has asked the node anything for a
    // while (a host that listed the device just before it left may still be opening it).
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (std::chrono::steady_clock::now() < deadline) {
        {
            std::lock_guard<std::mutex> lock(_mutex);
            if (_claims <= 0 && std::chrono::steady_clock::now() - _lastRequest > std::chrono::milliseconds(300))
                break;
        }
        g_usleep(5000);
    }
    umockdev_testbed_detach_ioctl(_testbed, devNode(_address).c_str(), nullptr);
    g_object_unref(_handler);
    _handler = nullptr;
    std::lock_guard<std::mutex> lock(_mutex);
    _onBus = false;
}

void EmulatedUsbDevice::queueIn(std::vector<std::uint8_t> packet)
{
    _packets.push_back(std::move(packet));
    pump();
}

void EmulatedUsbDevice::say(std::vector<std::uint8_t> packet)
{
    std::lock_guard<std::mutex> lock(_mutex);
    queueIn(std::move(packet));
}

std::size_t EmulatedUsbDevice::delivered() const
{
    std::lock_guard<std::mutex> lock(_mutex);
    return _delivered;
}

void EmulatedUsbDevice::pump()
{
    while (!_pendingIn.empty() && !_packets.empty()) {
        UMockdevIoctlData* d = _pendingIn.front();
        _pendingIn.pop_front();
        auto* urb = reinterpret_cast<usbdevfs_urb*>(d->data);
        const auto packet = std::move(_packets.front());
        _packets.pop_front();
        const auto n = std::min<std::size_t>(packet.size(), static_cast<std::size_t>(urb->buffer_length));
        std::memcpy(urb->buffer, packet.data(), n);
        urb->actual_length = static_cast<int>(n);
        urb->status = 0;
        _reapable.push_back(d);
        ++_delivered;
    }
}

EmulatedHidScanner::EmulatedHidScanner(Kind kind, std::uint16_t vendor, std::uint16_t product)
    : EmulatedUsbDevice(vendor, product, kEndpointIn), _kind(kind)
{
}

std::vector<std::uint8_t> EmulatedHidScanner::descriptors() const
{
    return hidDescriptors(_kind == Kind::Pos, _vendor, _product);
}

int EmulatedHidScanner::control(const std::uint8_t* setup, std::uint8_t* data, int length)
{
    const int wValue = setup[2] | (setup[3] << 8);
    if (setup[0] == 0x81 && setup[1] == 0x06 && wValue == 0x2200 && _kind == Kind::Pos) {
        const int n = std::min<int>(length, static_cast<int>(sizeof kPosReportDescriptor));
        std::memcpy(data, kPosReportDescriptor, static_cast<std::size_t>(n));
        return n;
    }
    return -1; // stall: not supported
}

void EmulatedHidScanner::type(const std::string& text, bool enter)
{
    std::lock_guard<std::mutex> lock(_mutex);
    auto key = [&](std::uint8_t modifiers, std::uint8_t usage) {
        queueIn({modifiers, 0, usage, 0, 0, 0, 0, 0});
        queueIn({0, 0, 0, 0, 0, 0, 0, 0}); // release
    };
    for (char c : text) {
        if (c == '\x1d') {
            key(0x01, 0x30); // Ctrl+]
            continue;
        }
        const auto [usage, shift] = usageOf(c);
        if (usage)
            key(shift ? 0x02 : 0x00, usage);
    }
    if (enter)
        key(0, 0x28);
}

void EmulatedHidScanner::scanPos(const std::string& bytes, const std::string& aim)
{
    std::lock_guard<std::mutex> lock(_mutex);
    // Same layout as portside::devices::HidPosDecoder reads; written out here so the test does not trust the code
    // under test to build its own input.
    std::size_t offset = 0;
    do {
        std::vector<std::uint8_t> r(64, 0);
        const std::size_t n = std::min<std::size_t>(56, bytes.size() - offset);
        r[0] = 0x02;
        r[1] = static_cast<std::uint8_t>(n);
        r[2] = static_cast<std::uint8_t>(aim.size() == 3 ? aim[1] : 0);
        r[3] = static_cast<std::uint8_t>(aim.size() == 3 ? aim[2] : 0);
        std::memcpy(r.data() + 5, bytes.data() + offset, n);
        offset += n;
        r[63] = offset < bytes.size() ? 1 : 0;
        queueIn(std::move(r));
    } while (offset < bytes.size());
}

int EmulatedUsbDevice::handleIoctl(UMockdevIoctlBase*, UMockdevIoctlClient* client, void* self)
{
    auto* device = static_cast<EmulatedUsbDevice*>(self);
    const unsigned long request = umockdev_ioctl_client_get_request(client);
    UMockdevIoctlData* arg = umockdev_ioctl_client_get_arg(client);
    GError* error = nullptr;
    long ret = 0;
    int err = 0;
    std::unique_lock<std::mutex> lock(device->_mutex);
    device->_lastRequest = std::chrono::steady_clock::now();
    if (!device->_plugged && request != USBDEVFS_REAPURBNDELAY && request != USBDEVFS_REAPURB &&
        request != USBDEVFS_DISCARDURB && request != USBDEVFS_RELEASEINTERFACE) {
        lock.unlock();
        umockdev_ioctl_client_complete(client, -1, ENODEV);
        return TRUE;
    }
    switch (request) {
    case USBDEVFS_GET_CAPABILITIES: {
        auto* d = umockdev_ioctl_data_resolve(arg, 0, sizeof(guint32), &error);
        *reinterpret_cast<guint32*>(d->data) = USBDEVFS_CAP_BULK_CONTINUATION | USBDEVFS_CAP_NO_PACKET_SIZE_LIM |
                                               USBDEVFS_CAP_REAP_AFTER_DISCONNECT | USBDEVFS_CAP_ZERO_PACKET;
        break;
    }
    case USBDEVFS_DISCONNECT_CLAIM:
        umockdev_ioctl_data_resolve(arg, 0, sizeof(usbdevfs_disconnect_claim), &error);
        break;
    case USBDEVFS_CLAIMINTERFACE:
    case USBDEVFS_RELEASEINTERFACE:
        umockdev_ioctl_data_resolve(arg, 0, sizeof(unsigned int), &error);
        device->_claims += request == USBDEVFS_CLAIMINTERFACE ? 1 : -1;
        break;
    case USBDEVFS_SETINTERFACE: umockdev_ioctl_data_resolve(arg, 0, sizeof(usbdevfs_setinterface), &error); break;
    case USBDEVFS_GETDRIVER: // no kernel driver bound
        ret = -1;
        err = ENODATA;
        break;
    case USBDEVFS_IOCTL: {
        auto* d = umockdev_ioctl_data_resolve(arg, 0, sizeof(usbdevfs_ioctl), &error);
        if (reinterpret_cast<usbdevfs_ioctl*>(d->data)->ioctl_code == static_cast<int>(USBDEVFS_DISCONNECT)) {
            ret = -1;
            err = ENODATA;
        }
        break;
    }
    case USBDEVFS_SUBMITURB: {
        auto* urbd = umockdev_ioctl_data_resolve(arg, 0, sizeof(usbdevfs_urb), &error);
        auto* urb = reinterpret_cast<usbdevfs_urb*>(urbd->data);
        umockdev_ioctl_data_resolve(urbd, offsetof(usbdevfs_urb, buffer), static_cast<gsize>(urb->buffer_length),
                                    &error);
        g_object_ref(urbd);
        if (urb->type == USBDEVFS_URB_TYPE_CONTROL) {
            auto* setup = static_cast<std::uint8_t*>(urb->buffer);
            const int wLength = setup[6] | (setup[7] << 8);
            const int n = device->control(setup, setup + 8, std::min(wLength, urb->buffer_length - 8));
            urb->actual_length = n < 0 ? 0 : n;
            urb->status = n < 0 ? -EPIPE : 0;
            device->_reapable.push_back(urbd);
        } else if ((urb->type == USBDEVFS_URB_TYPE_INTERRUPT || urb->type == USBDEVFS_URB_TYPE_BULK) &&
                   urb->endpoint == device->_in) {
            device->_pendingIn.push_back(urbd);
            device->pump();
        } else if (urb->type == USBDEVFS_URB_TYPE_BULK && !(urb->endpoint & 0x80)) {
            urb->actual_length = urb->buffer_length;
            urb->status = 0;
            device->received(static_cast<const std::uint8_t*>(urb->buffer),
                             static_cast<std::size_t>(urb->buffer_length));
            if (!device->_plugged) { // it vanished while taking this data
                urb->actual_length = 0;
                urb->status = -ENODEV;
            }
            device->_reapable.push_back(urbd);
        } else {
            g_object_unref(urbd);
            ret = -1;
            err = EINVAL;
        }
        break;
    }
    case USBDEVFS_REAPURB:
    case USBDEVFS_REAPURBNDELAY: {
        if (device->_reapable.empty()) {
            ret = -1;
            err = device->_plugged ? EAGAIN : ENODEV;
            break;
        }
        UMockdevIoctlData* urbd = device->_reapable.front();
        device->_reapable.pop_front();
        auto* d = umockdev_ioctl_data_resolve(arg, 0, sizeof(gpointer), &error);
        umockdev_ioctl_data_set_ptr(d, 0, urbd);
        g_object_unref(urbd);
        break;
    }
    case USBDEVFS_DISCARDURB: {
        const gulong clientUrb = *reinterpret_cast<gulong*>(arg->data);
        ret = -1;
        err = EINVAL;
        for (auto it = device->_pendingIn.begin(); it != device->_pendingIn.end(); ++it) {
            if ((*it)->client_addr == clientUrb) {
                auto* urb = reinterpret_cast<usbdevfs_urb*>((*it)->data);
                urb->status = -ENOENT;
                urb->actual_length = 0;
                device->_reapable.push_back(*it);
                device->_pendingIn.erase(it);
                ret = 0;
                err = 0;
                break;
            }
        }
        break;
    }
    default:
        ret = -1;
        err = ENOTTY;
        break;
    }
    lock.unlock();
    if (error) {
        g_error_free(error);
        umockdev_ioctl_client_complete(client, -1, EFAULT);
        return TRUE;
    }
    umockdev_ioctl_client_complete(client, ret, err);
    return TRUE;
}

} // namespace portside::test
