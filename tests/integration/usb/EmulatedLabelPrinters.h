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
    int printed() const; ///< labels that came out right
    int errors() const;  ///< what did not parse as the printer's language

protected:
    std::vector<std::uint8_t> descriptors() const override;
    int control(const std::uint8_t* setup, std::uint8_t* data, int length) override;

    std::string _deviceId;
    bool _paperOut = false;
    int _printed = 0, _errors = 0;
};

/// A Zebra ZPL printer, from the ZPL II Programming Guide: answers ~HS with its three status lines (string 1 field 5
/// "number of formats in receive buffer", string 2 field 9 "labels remaining in batch"), prints at ^XZ when the ^GF
/// graphic is whole and lies on the loaded label (^PW, ^LL and the graphic's size against the label's dots). A format
/// that arrives while the paper is out waits in the buffer and prints once paper is loaded.
class EmulatedZebra : public EmulatedPrinterClassDevice {
public:
    /// `label` is "62x29", "102x51" or "50x25", at `dpi` (203 or 300).
    explicit EmulatedZebra(int dpi = 203, const std::string& label = "62x29");
    void setPaperOut(bool out);
    int spoiled() const; ///< labels whose graphic did not fit the loaded label
    std::vector<std::string> violations() const;

protected:
    void received(const std::uint8_t* data, std::size_t length) override;

private:
    void printWaiting();
    std::string _text;
    int _widthDots = 0, _lengthDots = 0, _waiting = 0, _spoiled = 0;
    std::vector<std::string> _violations;
};

/// A DYMO LabelWriter 450, from its Technical Reference (LabelWriter 400/450 series): ESC B dot tab, ESC D bytes per
/// line, ESC L label length, SYN raster lines, ESC E form feed, ESC A status byte (bit 1 top of form, bit 5 out of
/// paper, bit 7 error). The head is 672 dots (57 mm) across; the loaded label lies across it from dot 0 - the 57 x 32
/// mm label over the whole head, the 89 x 36 mm one with its 36 mm edge across (425 dots) and 89 mm (1051 lines) long.
/// Ink beyond the label's edge or beyond its length spoils the label.
class EmulatedDymo : public EmulatedPrinterClassDevice {
public:
    explicit EmulatedDymo(const std::string& label = "57x32");
    int lastLabelLines() const;
    int spoiled() const;
    std::vector<std::string> violations() const;

protected:
    void received(const std::uint8_t* data, std::size_t length) override;

private:
    std::vector<std::uint8_t> _buffer;
    int _tab = 0, _rowBytes = 84, _lines = 0, _lastLines = 0, _spoiled = 0;
    int _labelDots = 0, _labelLines = 0;
    /// Lines per inch in the travel direction: "300 dots per inch across the print head and either 300 or 600 dots
    /// per inch in the travel direction as directed by the print control data" (LabelWriter 450 Series Technical
    /// Reference, "The Print Head", p. 7): ESC h text mode 300, ESC i barcode and graphics mode 600.
    int _linesPerInch = 300;
    bool _bad = false, _topOfForm = true;
    std::vector<std::string> _violations;
};

} // namespace portside::test
