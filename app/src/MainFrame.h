#pragma once

#include "portside/core/Clock.h"
#include "portside/core/PluginManager.h"
#include "portside/core/StepJournal.h"

#include <wx/frame.h>
#include <wx/timer.h>

class wxListCtrl;
class wxPanel;
class wxSimplebook;
class wxStaticText;

namespace portside::app {

class ChecklistPanel;

/// The kiosk window: home (choose a checklist), the running checklist, its summary, and the plugin list.
class MainFrame : public wxFrame {
public:
    enum Page { Home = 0, Checklist = 1, Summary = 2, Plugins = 3 };

    struct Options {
        bool fullScreen = true;
        bool demo = false;
    };

    MainFrame(core::PluginManager& plugins, const core::Clock& clock, core::StepJournal& journal, Options options);

    Page page() const;
    ChecklistPanel* checklistPanel() const { return _checklist; }
    /// Starts the checklist with this plugin id; false when no such checklist is loaded.
    bool startChecklist(const std::string& id);

private:
    wxPanel* buildHome();
    wxPanel* buildSummary();
    wxPanel* buildPlugins();
    void showSummary(const core::ChecklistRun& run);
    void showPage(Page page);
    void updateStatus();

    core::PluginManager& _plugins;
    const core::Clock& _clock;
    core::StepJournal& _journal;
    Options _options;
    wxSimplebook* _book = nullptr;
    ChecklistPanel* _checklist = nullptr;
    wxStaticText* _summaryTitle = nullptr;
    wxListCtrl* _summaryList = nullptr;
    wxTimer _clockTimer;
};

} // namespace portside::app
