#pragma once

#include "Shell.h"

class wxButton;
class wxListCtrl;
class wxStaticBitmap;
class wxStaticText;

namespace portside::app {

class PatientBanner;

/// The end of a checklist: every step as answered, the outcome (NOT READY FOR USE in words), and the label: its
/// preview (the very raster the printer prints), its state, and a reprint. Widgets: "summary-title",
/// "summary-list", "label-preview", "print-status", "print-label", "done".
class SummaryPanel : public ShellPage {
public:
    SummaryPanel(wxWindow* parent, Shell& shell);
    void enter() override;
    void onPrintJob(const core::PrintJob& job) override;

private:
    void showLabelState();

    PatientBanner* _banner = nullptr;
    wxStaticText* _title = nullptr;
    wxListCtrl* _list = nullptr;
    wxStaticBitmap* _preview = nullptr;
    wxButton* _print = nullptr;
    wxStaticText* _status = nullptr;
};

} // namespace portside::app
