#pragma once

#include "EmulatedLabelPrinters.h"

namespace portside::test {

/// A Brother QL-800 on USB (printer class 7, bulk OUT 0x02 and IN 0x81). It reads the raster protocol command by
/// command, as the printer does, answers ESC i S with its 32-byte status, and at the print command reports the
/// phase change and "printing completed" - or "no media" when its roll is out. It can vanish at a given raster line
/// to act out a cable pulled mid-job.
class EmulatedBrotherQl : public EmulatedPrinterClassDevice {
public:
    EmulatedBrotherQl() : EmulatedPrinterClassDevice(0x04f9, 0x209b, "MFG:Brother;CMD:PT-CBP;MDL:QL-800;CLS:PRINTER;")
    {
    }

    void setNoMedia(bool out) { setPaperOut(out); }
    void vanishAtLine(int line);
    int lastJobLines() const;                       ///< raster lines of the last label printed
    int protocolErrors() const { return errors(); } ///< bytes that were no command of the protocol

protected:
    void received(const std::uint8_t* data, std::size_t length) override;

private:
    std::vector<std::uint8_t> status(int type, int phase, int error1) const;
    std::vector<std::uint8_t> _buffer;
    int _vanishAt = -1;
    int _lines = 0, _declaredLines = 0, _lastJobLines = 0;
};

} // namespace portside::test
