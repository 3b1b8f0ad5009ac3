// Flush and lock, the maintenance of a port not in use: access, check blood return, flush, lock, de-access
// (shared/clinical/PORT-CARE.md, "Flush and lock / monthly maintenance").

#include "../common/StepBuilders.h"

#include "portside/sdk/PluginExport.h"

namespace {

using namespace portside::plugins;

class FlushLockPlugin final : public ChecklistPlugin {
public:
    std::string id() const override { return "flush-lock"; }
    std::string version() const override { return "2.0.0"; }
    void start(Host& host) override
    {
        _host = &host;
        _antisepsis.read(host);
    }
    void stop() override { _host = nullptr; }

    ChecklistDefinition definition(const PatientContext& patient) const override
    {
        ChecklistDefinition d = newDefinition(*this, N_("Flush and lock"));
        d.portBefore = PortRequirement::NotAccessed; // it accesses the port and de-accesses it again
        d.effects = {Effect::PortFlushed, Effect::ReadyForUse};
        // No blood return: the needle comes out, the port is not ready for use and was not flushed for maintenance.
        d.outcomeEffects["not-ready-for-use"] = {Effect::NotReadyForUse};
        auto& s = d.steps;
        s.push_back(identifyPatient());
        s.push_back(handHygiene());
        addSiteAssessment(s, "antiseptic");
        addAntisepsis(s, _antisepsis, patient);
        addNeedle(s);
        addBloodReturn(s, "saline");
        addFlush(s, _host);
        addLock(s, patient);
        s.push_back(confirmStep("withdraw", N_("Withdraw the needle"),
                                N_("Clamp, stabilise the port and withdraw the needle straight out; engage its safety "
                                   "guard."),
                                StepRole::Withdraw));
        Step dressing =
            confirmStep("small-dressing", N_("Small dressing"), N_("Apply a small dressing over the site."));
        dressing.next = "end";
        s.push_back(dressing);
        addNotReadyForUse(s, true);
        return d;
    }

private:
    const Host* _host = nullptr;
    Antisepsis _antisepsis;
};

} // namespace

PORTSIDE_PLUGIN(FlushLockPlugin)
