// `portside-cli label render` and `portside-cli printer models`.

#include "Command.h"

#include "portside/core/SiteSettings.h"

#include "portside/devices/LabelPrinters.h"
#include "portside/devices/LabelRenderer.h"
#include "portside/devices/UsbPrinter.h"

#include <Poco/JSON/Array.h>
#include <Poco/Logger.h>

#include <cstdio>

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <fstream>
#include <iomanip>
#include <iostream>
#include <stdexcept>

namespace portside::cli {

namespace {

std::string stateName(sdk::PrinterState state)
{
    switch (state) {
    case sdk::PrinterState::Ready: return "ready";
    case sdk::PrinterState::Busy: return "busy";
    case sdk::PrinterState::OutOfMedia: return "out-of-media";
    case sdk::PrinterState::CoverOpen: return "cover-open";
    case sdk::PrinterState::WrongMedia: return "wrong-media";
    case sdk::PrinterState::Error: return "error";
    case sdk::PrinterState::Offline: break;
    }
    return "offline";
}

core::LabelData readData(const std::string& path)
{
    std::ifstream in(path);
    if (!in)
        throw std::runtime_error("Cannot read the label data file " + path + ".");
    Poco::JSON::Parser parser;
    core::LabelData data;
    try {
        const auto object = parser.parse(in).extract<Poco::JSON::Object::Ptr>();
        for (const auto& [key, value] : *object)
            data[key] = value.convert<std::string>();
    } catch (const Poco::Exception& e) {
        throw std::runtime_error("The label data file " + path + " is not a JSON object of fields: " + e.displayText() +
                                 ".");
    }
    return data;
}

} // namespace

int labelCommand(Args& args, std::ostream& out)
{
    if (args.words.empty() || args.words.front() != "render")
        throw std::invalid_argument("label needs a subcommand: render.");
    args.words.erase(args.words.begin());
    const bool png = args.flag("png");
    const auto templates = args.values("template"), dataFiles = args.values("data"), printers = args.values("printer"),
               medias = args.values("media"), outs = args.values("out");
    args.expectEmpty();
    if (templates.size() != 1 || templates[0] != "dressing-date")
        throw std::invalid_argument("label render needs --template dressing-date (the one built-in template).");
    if (printers.size() != 1 || outs.size() != 1)
        throw std::invalid_argument(
            "label render needs --printer MODEL and --out FILE; see portside-cli printer models.");
    const auto& model = devices::findPrinterModel(printers[0]);
    const auto& media = devices::findMedia(model, medias.empty() ? model.media.front().name : medias[0]);
    const core::LabelData data = dataFiles.empty() ? core::sampleDressingData() : readData(dataFiles[0]);
    // Die-cut labels print over their printable length; endless tape takes the length the model table gives it.
    const double lengthMm = devices::labelLengthMm(model, media);
    const auto layout = core::dressingDateTemplate(media.printableDots * 25.4 / model.dpi, lengthMm);
    const auto raster = devices::LabelRenderer().render(layout, data, model.dpi, media.printableDots, media.lengthDots);
    if (png || model.language == devices::PrinterModel::Language::Png) {
        devices::saveRasterPng(raster, outs[0]);
    } else {
        const auto bytes = devices::encodeLabel(model, media, raster);
        std::ofstream file(outs[0], std::ios::binary);
        file.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
        if (!file)
            throw std::runtime_error("Cannot write " + outs[0] + ".");
    }
    out << "Rendered " << raster.widthDots << " x " << raster.heightDots << " dots at " << model.dpi << " dpi for "
        << model.name << " (" << media.name << ") to " << outs[0] << ".\n";
    return 0;
}

int printerCommand(Args& args, std::ostream& out)
{
    if (args.words.empty())
        throw std::invalid_argument("printer needs a subcommand: list, status, print or models.");
    const std::string sub = args.words.front();
    args.words.erase(args.words.begin());
    if (sub == "list") {
        const bool json = args.flag("json");
        args.expectEmpty();
        Poco::JSON::Array rows;
        for (const auto& p : devices::discoverUsbPrinters()) {
            Poco::JSON::Object row;
            char ids[16];
            std::snprintf(ids, sizeof ids, "%04x:%04x", p.vendor, p.product);
            row.set("usb", std::string(ids));
            row.set("bus", p.bus);
            row.set("address", p.address);
            row.set("model", p.model);
            row.set("deviceId", p.deviceId);
            rows.add(row);
            if (!json)
                out << ids << "  bus " << p.bus << " address " << p.address << "  "
                    << (p.model.empty() ? "(unknown model)" : p.model) << "  " << p.deviceId << '\n';
        }
        if (json) {
            rows.stringify(out);
            out << '\n';
        } else if (rows.size() == 0) {
            out << "No USB label printer found.\n";
        }
        return 0;
    }
    if (sub == "status" || sub == "print") {
        const auto printers = args.values("printer"), medias = args.values("media"), files = args.words;
        // Without --printer/--media: the kiosk's own, as the site's settings name them (printer.model, printer.media).
        core::SiteSettings site;
        if (printers.empty())
            site.loadSite(core::siteSettingsPath());
        const std::string named = printers.empty() ? site.get("printer.model", "") : printers[0];
        if (named.empty())
            throw std::invalid_argument("Which printer? Give --printer MODEL (portside-cli printer models), or set "
                                        "printer.model in the site's settings.");
        const auto& model = devices::findPrinterModel(named);
        const auto& media =
            devices::findMedia(model, !medias.empty()    ? medias[0]
                                      : printers.empty() ? site.get("printer.media", model.media.front().name)
                                                         : model.media.front().name);
        if (model.language == devices::PrinterModel::Language::Png)
            throw std::invalid_argument("The file printer has no status; use label render --png.");
        devices::UsbLabelPrinter printer(model, media);
        if (sub == "status") {
            const bool json = args.flag("json");
            args.expectEmpty();
            const auto st = printer.status();
            const bool ready = st.state == sdk::PrinterState::Ready;
            if (json) {
                Poco::JSON::Object o;
                o.set("printer", model.name);
                o.set("media", st.media.empty() ? media.name : st.media);
                o.set("ready", ready);
                o.set("state", stateName(st.state));
                o.set("message", st.message);
                o.stringify(out);
                out << '\n';
            } else {
                out << st.message << '\n';
            }
            Poco::Logger::get("portside.printer").debug(model.name + ": " + st.message);
            return ready ? 0 : 1;
        }
        // print: a label rendered for this model and media from the built-in template and sample or given data
        const auto dataFiles = args.values("data");
        args.expectEmpty();
        const core::LabelData data = dataFiles.empty() ? core::sampleDressingData() : readData(dataFiles[0]);
        const double lengthMm = devices::labelLengthMm(model, media);
        const auto raster = devices::LabelRenderer().render(
            core::dressingDateTemplate(media.printableDots * 25.4 / model.dpi, lengthMm), data, model.dpi,
            media.printableDots, media.lengthDots);
        printer.print(raster, "cli");
        Poco::Logger::get("portside.printer").information("Label printed on the " + model.title + ".");
        out << "Label printed on the " << model.title << ".\n";
        return 0;
    }
    if (sub != "models")
        throw std::invalid_argument("Unknown printer subcommand \"" + sub + "\"; known: list, status, print, models.");
    const bool json = args.flag("json");
    args.expectEmpty();
    if (json) {
        Poco::JSON::Array rows;
        for (const auto& m : devices::printerModels()) {
            Poco::JSON::Object row;
            row.set("name", m.name);
            row.set("title", m.title);
            row.set("dpi", m.dpi);
            Poco::JSON::Array medias;
            for (const auto& media : m.media)
                medias.add(media.name);
            row.set("media", medias);
            rows.add(row);
        }
        rows.stringify(out);
        out << '\n';
        return 0;
    }
    for (const auto& m : devices::printerModels()) {
        out << std::left << std::setw(20) << m.name << std::setw(30) << m.title << m.dpi << " dpi, media:";
        for (const auto& media : m.media)
            out << ' ' << media.name;
        out << '\n';
    }
    return 0;
}

} // namespace portside::cli
