// De-access: flush, lock and remove the Huber needle (shared/clinical/PORT-CARE.md, "De-access").

#include "../common/StepBuilders.h"

#include "portside/sdk/PluginExport.h"

namespace {

using namespace portside::plugins;

class PortDeaccessPlugin final : public ChecklistPlugin {
public:
    std::string id() const override { return "port-deaccess"; }
    std::string version() const override { return "2.0.0"; }
    void start(Host& host) override
    {
        _host = &host;
        _hubScrubSeconds = static_cast<int>(host.settingNumber("hub.scrub_s", 15));
    }
    void stop() override { _host = nullptr; }

    ChecklistDefinition definition(const PatientContext& patient) const override
    {
        ChecklistDefinition d = newDefinition(*this, N_("Port de-access"));
        d.portBefore = PortRequirement::Accessed;
        d.effects = {Effect::NeedleRemoved, Effect::PortFlushed};
        auto& s = d.steps;
        s.push_back(
            confirmStep("hand-hygiene", N_("Hand hygiene and PPE"),
                        N_("Clean your hands and put on gloves and the protective equipment the site asks for."),
                        StepRole::HandHygiene));
        s.push_back(identifyPatient());
        s.push_back(confirmStep("remove-dressing", N_("Remove the dressing"), N_("Remove the dressing carefully."),
                                StepRole::RemoveDressing));
        s.push_back(hubScrub(_hubScrubSeconds));
        addFlush(s, _host);
        addLock(s, patient);
        s.push_back(confirmStep("clamp", N_("Clamp"), N_("Clamp the extension set while instilling the last 0.5 mL."),
                                StepRole::Clamp));
        s.push_back(confirmStep("withdraw", N_("Withdraw the needle"),
                                N_("Stabilise the port with two fingers and withdraw the needle straight out."),
                                StepRole::Withdraw));
        s.push_back(confirmStep("safety-guard", N_("Engage the safety guard"),
                                N_("Engage the needle's safety guard and discard it in the sharps bin."),
                                StepRole::SafetyGuard));
        s.push_back(confirmStep("small-dressing", N_("Small dressing"), N_("Apply a small dressing over the site.")));
        return d;
    }

private:
    const Host* _host = nullptr;
    int _hubScrubSeconds = 15;
};

} // namespace

PORTSIDE_PLUGIN(PortDeaccessPlugin)
