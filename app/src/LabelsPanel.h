#pragma once

#include "Shell.h"

#include "portside/core/PrintQueue.h"

#include <vector>

class wxListCtrl;

namespace portside::app {

/// The kiosk's labels, newest first: for whom, when, printed or waiting and why; a reprint of the selected one
/// (a new job with the same label, logged as a reprint). Widgets: "label-jobs", "reprint", "labels-back".
class LabelsPanel : public ShellPage {
public:
    LabelsPanel(wxWindow* parent, Shell& shell, core::PrintQueue& queue);
    void enter() override;
    void onPrintJob(const core::PrintJob& job) override;

private:
    core::PrintQueue& _queue;
    wxListCtrl* _jobs = nullptr;
    std::vector<std::string> _jobIds; // rows of _jobs
};

} // namespace portside::app
