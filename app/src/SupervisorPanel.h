#pragma once

#include "Shell.h"

#include "portside/core/PluginManager.h"
#include "portside/sdk/Sync.h"

class wxListCtrl;
class wxStaticText;

namespace portside::app {

/// The supervisor's page (supervisors and admins only): the installed plugins with each failure's reason, the sync
/// state and every record the server refused, and what to follow up: STOPs, steps done without a scan, overridden
/// warnings, port states that differed from the record. Widgets: "plugin-list", "sync-state", "dead-letters",
/// "review", "back".
class SupervisorPanel : public ShellPage {
public:
    SupervisorPanel(wxWindow* parent, Shell& shell, const core::PluginManager& plugins, core::EventStore& store,
                    sdk::SyncPlugin* sync);
    void enter() override;

private:
    core::EventStore& _store;
    sdk::SyncPlugin* _sync;
    wxStaticText* _syncLine = nullptr;
    wxListCtrl* _dead = nullptr;
    wxListCtrl* _review = nullptr;
};

} // namespace portside::app
