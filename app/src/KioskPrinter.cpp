#include "KioskPrinter.h"

#include "portside/devices/LabelRenderer.h"
#include "portside/devices/UsbPrinter.h"

namespace portside::app {

KioskPrinter::KioskPrinter(core::EventStore& store, const core::Clock& clock, const core::SiteSettings& settings)
{
    std::string model = settings.get("printer.model", "");
    if (model.empty())
        for (const auto& found : devices::discoverUsbPrinters())
            if (!found.model.empty()) {
                model = found.model;
                break;
            }
    if (model.empty())
        model = "png-300";
    try {
        _model = &devices::findPrinterModel(model);
        _media = &devices::findMedia(*_model, settings.get("printer.media", _model->media.front().name));
    } catch (const std::exception& e) {
        _problem = e.what();
        _model = &devices::findPrinterModel("png-300");
        _media = &_model->media.front();
    }
    if (_model->language == devices::PrinterModel::Language::Png)
        _printer = std::make_unique<devices::FileLabelPrinter>(
            settings.get("printer.folder", core::dataDirectory() + "/labels"));
    else
        _printer = std::make_unique<devices::UsbLabelPrinter>(*_model, *_media);
    _queue = std::make_unique<core::PrintQueue>(store, clock);
    _queue->addPrinter("kiosk", *_printer);
}

KioskPrinter::~KioskPrinter()
{
    _queue.reset(); // its worker stops before the printer it drives
}

double KioskPrinter::widthMm() const
{
    return _media->printableDots * 25.4 / _model->dpi;
}

double KioskPrinter::heightMm() const
{
    return devices::labelLengthMm(*_model, *_media);
}

sdk::Raster KioskPrinter::render(const core::LabelTemplate& layout, const core::LabelData& data) const
{
    return devices::LabelRenderer().render(layout, data, _model->dpi, _media->printableDots, _media->lengthDots);
}

std::string KioskPrinter::submit(const sdk::Raster& label, const std::string& runId, const std::string& patient)
{
    return _queue->submit("kiosk", label, runId, patient);
}

} // namespace portside::app
