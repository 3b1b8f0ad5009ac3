#pragma once

#include "Shell.h"

class wxStaticText;

namespace portside::app {

class PatientBanner;
class ReasonPicker;

/// One patient: flags, lock order, port state and due dates (overdue first, in red and in words), and the
/// checklists the session offers for this port state. A checklist not offered for the port state on record can be
/// started after the nurse says why the port differs (recorded; the supervisor sees it). Widgets: "patient-title",
/// "patient-details", "due:<what>", "due:none", "checklist:<id>", "all-patients", "reason:<n>".
class PatientPanel : public ShellPage {
public:
    PatientPanel(wxWindow* parent, Shell& shell);
    void enter() override;
    void refresh(bool runChanged) override;
    void onScan(const std::string& bytes) override;

private:
    /// The banner, name, lock order and port state: what the record says now.
    void showPatient();
    void start(const core::ChecklistOffer& offer);

    PatientBanner* _banner = nullptr;
    wxStaticText* _title = nullptr;
    wxStaticText* _details = nullptr;
    wxPanel* _dues = nullptr;
    wxPanel* _checklists = nullptr;
    ReasonPicker* _reasons = nullptr;
};

} // namespace portside::app
