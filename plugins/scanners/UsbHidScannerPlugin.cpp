// The USB HID scanner driver as a scanner plugin: keyboard-type and HID POS scanners claimed through libusb.
// Site setting scanner.usb.enabled (default 1).

#include "portside/devices/UsbHidScanner.h"
#include "portside/sdk/Host.h"
#include "portside/sdk/PluginExport.h"
#include "portside/sdk/Scanner.h"

#include <memory>

namespace {

class UsbHidScannerPlugin final : public portside::sdk::ScannerPlugin {
public:
    std::string id() const override { return "scanner-usb-hid"; }
    std::string version() const override { return "1.0.0"; }
    void start(portside::sdk::Host& host) override { _enabled = host.settingNumber("scanner.usb.enabled", 1) != 0; }
    void stop() override { _driver.reset(); }
    void attach(portside::sdk::ScanSink* sink) override
    {
        _driver.reset();
        if (sink && _enabled) {
            _driver = std::make_unique<portside::devices::UsbHidScanner>(*sink);
            _driver->start();
        }
    }

private:
    bool _enabled = true;
    std::unique_ptr<portside::devices::UsbHidScanner> _driver;
};

} // namespace

PORTSIDE_PLUGIN(UsbHidScannerPlugin)
