#pragma once

#include "portside/core/KioskSession.h"

#include <wx/panel.h>

class wxStaticText;

namespace portside::app {

/// The patient in view on every page that acts for them: name, bed, date of birth, and the flags that change care
/// (heparin allergy or HIT, chlorhexidine allergy, not ready for use) in colour and in words, never colour alone.
/// Widgets: "patient-banner", "banner-name", "banner-flags".
class PatientBanner : public wxPanel {
public:
    explicit PatientBanner(wxWindow* parent);
    void show(const core::PatientView& patient);

private:
    wxStaticText* _name = nullptr;
    wxStaticText* _flags = nullptr;
};

} // namespace portside::app
