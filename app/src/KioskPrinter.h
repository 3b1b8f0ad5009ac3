#pragma once

#include "portside/core/KioskSession.h"
#include "portside/core/PrintQueue.h"
#include "portside/core/SiteSettings.h"
#include "portside/devices/LabelPrinters.h"

#include <memory>
#include <string>

namespace portside::app {

/// The kiosk's label printer behind its print queue, as the session sees it (core::LabelOutput): the site's printer
/// (`printer.model`, `printer.media`), else the first USB label printer found, else PNG files in `printer.folder`.
/// Labels are drawn at the printer's resolution by devices' renderer; the same raster is the preview.
class KioskPrinter final : public core::LabelOutput {
public:
    KioskPrinter(core::EventStore& store, const core::Clock& clock, const core::SiteSettings& settings);
    ~KioskPrinter() override;

    double widthMm() const override;
    double heightMm() const override;
    sdk::Raster render(const core::LabelTemplate& layout, const core::LabelData& data) const override;
    std::string submit(const sdk::Raster& label, const std::string& runId, const std::string& patient) override;

    core::PrintQueue& queue() { return *_queue; }
    const std::string& title() const { return _model->title; }
    /// A sentence when the configured printer could not be used (the PNG printer is used instead).
    const std::string& problem() const { return _problem; }

private:
    const devices::PrinterModel* _model = nullptr;
    const devices::MediaSpec* _media = nullptr;
    std::unique_ptr<sdk::PrinterPlugin> _printer;
    std::unique_ptr<core::PrintQueue> _queue;
    std::string _problem;
};

} // namespace portside::app
