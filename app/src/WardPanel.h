#pragma once

#include "Shell.h"

class wxButton;
class wxStaticText;

namespace portside::app {

/// The ward: every patient with the most urgent due date, overdue in red and in words. A wristband scan opens that
/// patient; a tap asks the patient's date of birth first (the second identifier), typed as day, month, year.
/// Widgets: "patient:<id>", "dob:<key>" keypad, "dob-value", "dob-ok", "dob-cancel", "dob-error", "show-labels",
/// "show-supervisor" (supervisors only), "sign-out".
class WardPanel : public ShellPage {
public:
    WardPanel(wxWindow* parent, Shell& shell);
    void enter() override;
    void refresh(bool runChanged) override;
    void onScan(const std::string& bytes) override;

private:
    void askBirthDate(const std::string& patientId, const wxString& who);
    void birthDateKey(const wxString& key);
    void confirmBirthDate();
    void showList();
    /// Lists the ward's patients (the list may be hidden); true when `wanted` is among them.
    bool fillList(const std::string& wanted = {});

    wxPanel* _list = nullptr;
    wxStaticText* _hint = nullptr;
    wxPanel* _dob = nullptr;
    wxStaticText* _dobQuestion = nullptr;
    wxStaticText* _dobValue = nullptr;
    wxStaticText* _dobError = nullptr;
    wxButton* _supervisor = nullptr;
    std::string _dobPatient;
    wxString _dobDigits;
};

/// "Needle change", "Dressing change", "Maintenance flush".
wxString dueLabel(const std::string& what);

} // namespace portside::app
