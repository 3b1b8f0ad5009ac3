#pragma once

#include "EmulatedUsbDevice.h"

#include <string>

namespace portside::test {

/// A USB printer-class device with bulk OUT 0x02 and IN 0x81: descriptors, IEEE-1284 GET_DEVICE_ID and
/// GET_PORT_STATUS, shared by the emulated Brother, Zebra and DYMO printers.
class EmulatedPrinterClassDevice : public EmulatedUsbDevice {
public:
    EmulatedPrinterClassDevice(std::uint16_t vendor, std::uint16_t product, std::string deviceId)
        : EmulatedUsbDevice(vendor, product, 0x81), _deviceId(std::move(deviceId))
    {
    }
    void setPaperOut(bool out);
    int printed() const;
    int errors() const; ///< what did not parse as the printer's language

protected:
    std::vector<std::uint8_t> descriptors() const override;
    int control(const std::uint8_t* setup, std::uint8_t* data, int length) override;

    std::string _deviceId;
    bool _paperOut = false;
    int _printed = 0, _errors = 0;
};

/// A Zebra ZPL printer: answers ~HS with its three status lines, prints at ^XZ when the ^GF graphic is whole.
class EmulatedZebra : public EmulatedPrinterClassDevice {
public:
    EmulatedZebra()
        : EmulatedPrinterClassDevice(0x0a5f, 0x00d1, "MFG:Zebra Technologies;CMD:ZPL;MDL:ZD420;CLS:PRINTER;")
    {
    }

protected:
    void received(const std::uint8_t* data, std::size_t length) override;

private:
    std::string _text;
};

/// A DYMO LabelWriter 450: reads ESC commands and SYN raster lines; ESC E prints; paper out on GET_PORT_STATUS.
class EmulatedDymo : public EmulatedPrinterClassDevice {
public:
    EmulatedDymo() : EmulatedPrinterClassDevice(0x0922, 0x0020, "MFG:DYMO;CMD: ;MDL:LabelWriter 450;CLS:PRINTER;") {}
    int lastLabelLines() const;

protected:
    void received(const std::uint8_t* data, std::size_t length) override;

private:
    std::vector<std::uint8_t> _buffer;
    int _rowBytes = 0, _lines = 0, _lastLines = 0;
};

} // namespace portside::test
