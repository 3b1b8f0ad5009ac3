#pragma once

#include "BrotherReference.h"
#include "EmulatedLabelPrinters.h"

#include <string>
#include <vector>

namespace portside::test {

/// A Brother QL label printer on USB (printer class 7, bulk OUT 0x02 and IN 0x81), written from Brother's own
/// references and from nothing in the driver: it has its own model and roll tables (EmulatedBrotherQl.cpp, each row
/// citing its page) and holds every job to them. It reads the raster protocol command by command, answers ESC i S with
/// its 32-byte status, and at the print command reports the phase change, "printing completed" and the phase back to
/// "waiting to receive" - when automatic status notification is on - or an error with nothing printed when the roll is
/// out or is not the one ESC i z names. A label that breaks the reference (compression on a QL-800, a raster line of
/// the wrong length, ink outside the tape's print area, a black/red roll without the two-colour bit, ...) comes out
/// spoiled: it is counted apart from the good ones and each rule broken is listed in violations(). A status request or
/// an initialize while it prints is a violation too, and an initialize cancels the label. It can vanish at a given
/// raster line to act out a cable pulled mid-job.
class EmulatedBrotherQl : public EmulatedPrinterClassDevice {
public:
    /// `model` is "QL-570", "QL-700", "QL-800", "QL-820NWB" or "QL-1100"; `roll` names a roll of its table ("62",
    /// "62x29", "29", "38", "62red", "103").
    explicit EmulatedBrotherQl(const std::string& model = "QL-800", const std::string& roll = "62");

    void setNoMedia(bool out) { setPaperOut(out); }
    void load(const std::string& roll);
    /// As another program left it with ESC i ! 1: no phase changes and no "printing completed" until ESC i ! 0.
    void setAutoNotify(bool on);
    /// A long label: printing does not end until release() (then it reports as it would have).
    void holdPrinting(bool hold);
    void release();
    /// The cutter jams as the label leaves: the label is out, then "error occurred" (error information 1, bit 2:
    /// cutter jam) comes instead of "printing completed" - sequential error flow "Error when feeding at the end of
    /// the page, for example, because of a tape cutter jam" ([1100] 5.2, [500] 6.2). clearJam() ends it.
    void jamAfterPrint(bool jam) { _jam = jam; }
    void clearJam() { _jam = false; }
    void vanishAtLine(int line);
    int lastJobLines() const;                       ///< raster lines of the last label printed
    int protocolErrors() const { return errors(); } ///< bytes that were no command of the protocol
    int spoiled() const;                            ///< labels that came out wrong (see violations())
    int cancelled() const;                          ///< labels cut short by an initialize while printing
    bool printing() const;
    std::vector<std::string> violations() const;

    using Roll = brother::Roll;
    using Model = brother::Model;

protected:
    void received(const std::uint8_t* data, std::size_t length) override;

private:
    std::vector<std::uint8_t> status(int type, int phase, int error1, int error2) const;
    void violation(const std::string& rule);
    void checkLine(const std::uint8_t* data, std::size_t length);
    void endOfPage();
    void finishPrint();
    void resetPage();

    const Model* _model = nullptr;
    const Roll* _roll = nullptr;
    std::vector<std::uint8_t> _buffer;
    std::vector<std::string> _violations;
    int _vanishAt = -1;
    int _nuls = 0; ///< invalidate bytes seen since the last command
    bool _rasterMode = false, _autoNotify = true, _compressed = false, _twoColourBit = false;
    bool _mediaMismatch = false, _pageBad = false, _hold = false, _printing = false;
    int _lines = 0, _declaredLines = 0, _lastJobLines = 0, _spoiled = 0, _cancelled = 0, _heldLines = 0;
    bool _heldBad = false;
    bool _jam = false;
};

} // namespace portside::test
