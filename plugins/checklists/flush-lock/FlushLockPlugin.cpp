// Flush and lock, the maintenance of a port not in use: access, check blood return, flush, lock, de-access
// (shared/clinical/PORT-CARE.md, "Flush and lock / monthly maintenance").

#include "../common/StepBuilders.h"

#include "portside/sdk/PluginExport.h"

namespace {

using namespace portside::plugins;

class FlushLockPlugin final : public ChecklistPlugin {
public:
    std::string id() const override { return "flush-lock"; }
    std::string version() const override { return "1.0.0"; }
    void start(Host& host) override
    {
        _host = &host;
        _antisepsis.read(host);
    }
    void stop() override { _host = nullptr; }

    ChecklistDefinition definition(const PatientContext& patient) const override
    {
        ChecklistDefinition d = newDefinition(*this, N_("Flush and lock"));
        d.effects = {Effect::PortFlushed};
        auto& s = d.steps;
        s.push_back(identifyPatient());
        s.push_back(handHygiene());
        s.push_back(siteAssessment());
        addAntisepsis(s, _antisepsis, patient);
        s.push_back(scanStep("needle", N_("Scan the Huber needle"),
                             N_("Use the smallest gauge for the therapy and a length that sits level with the skin."),
                             "huber-needle"));
        s.push_back(confirmStep(
            "insert", N_("Insert the needle"),
            N_("Stabilise the port and insert at 90 degrees until the needle meets the back of the reservoir.")));
        addBloodReturn(s, "saline");
        addFlush(s, _host);
        addLock(s, patient);
        s.push_back(confirmStep("withdraw", N_("Withdraw the needle"),
                                N_("Clamp, stabilise the port and withdraw the needle straight out; engage its safety "
                                   "guard.")));
        Step dressing =
            confirmStep("small-dressing", N_("Small dressing"), N_("Apply a small dressing over the site."));
        dressing.next = "end";
        s.push_back(dressing);
        s.push_back(notReadyForUse());
        return d;
    }

private:
    const Host* _host = nullptr;
    Antisepsis _antisepsis;
};

} // namespace

PORTSIDE_PLUGIN(FlushLockPlugin)
