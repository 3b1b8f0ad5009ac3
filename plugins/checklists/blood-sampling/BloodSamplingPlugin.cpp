// Blood sampling from an accessed port (shared/clinical/PORT-CARE.md, "Blood sampling").

#include "../common/StepBuilders.h"

#include "portside/sdk/PluginExport.h"

namespace {

using namespace portside::plugins;

class BloodSamplingPlugin final : public ChecklistPlugin {
public:
    std::string id() const override { return "blood-sampling"; }
    std::string version() const override { return "2.0.0"; }
    void start(Host& host) override
    {
        _host = &host;
        _hubScrubSeconds = static_cast<int>(host.settingNumber("hub.scrub_s", 15));
        _discardMl = host.settingNumber("sampling.discard_ml", 5);
        _afterMl = host.settingNumber("sampling.flush_after_ml", 20);
    }
    void stop() override { _host = nullptr; }

    ChecklistDefinition definition(const PatientContext& patient) const override
    {
        ChecklistDefinition d = newDefinition(*this, N_("Blood sampling"));
        d.portBefore = PortRequirement::Accessed;
        d.effects = {Effect::PortFlushed};
        auto& s = d.steps;
        s.push_back(identifyPatient());
        s.push_back(handHygiene());
        s.push_back(hubScrub(_hubScrubSeconds));
        addFlush(s, _host);
        Step discard =
            numberStep("discard", N_("Discard"),
                       N_("Withdraw and discard blood: about three times the internal volume of the system."), 1, 20,
                       _discardMl, "mL", StepRole::Discard);
        discard.warnBelow = 3;
        discard.warnAbove = 10;
        s.push_back(discard);
        s.push_back(confirmStep("draw", N_("Draw the samples"),
                                N_("Draw the samples into the ordered tubes and label "
                                   "them at the bedside."),
                                StepRole::DrawSamples));
        // The flush after sampling is a syringe too: scanned like the first (PORT-CARE.md: 10-20 mL saline).
        Step scanAfter =
            scanStep("saline-after", N_("Scan the saline flush"),
                     /* xgettext:no-c-format */ N_("0.9% sodium chloride in a syringe of 10 mL or larger."),
                     "saline-flush", StepRole::SalineFlush, N_("10 mL or larger"));
        s.push_back(scanAfter);
        Step after = numberStep("flush-after", N_("Flush after sampling"), N_("Flush with push-pause."), 10, 20,
                                _afterMl, "mL", StepRole::FlushVolume);
        s.push_back(after);
        addLock(s, patient);
        return d;
    }

private:
    const Host* _host = nullptr;
    int _hubScrubSeconds = 15;
    double _discardMl = 5;
    double _afterMl = 20;
};

} // namespace

PORTSIDE_PLUGIN(BloodSamplingPlugin)
