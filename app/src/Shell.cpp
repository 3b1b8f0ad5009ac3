#include "Shell.h"

namespace portside::app {

Shell::~Shell() = default;

wxString Shell::say(const std::exception& e) const
{
    if (const auto* problem = dynamic_cast<const core::Problem*>(&e))
        return say(problem->text());
    return wxString::FromUTF8(core::validUtf8(e.what()));
}

ShellPage::ShellPage(wxWindow* parent, Shell& shell, const wxString& name)
    : wxPanel(parent, wxID_ANY, wxDefaultPosition, wxDefaultSize, wxTAB_TRAVERSAL, name), _shell(shell)
{
}

void ShellPage::onScan(const std::string&)
{
    _shell.notice(_("A barcode was scanned here, where nothing takes one. Scan wristbands on the patient list and "
                    "products at a checklist's scan step."));
}

void ShellPage::openScannedPatient(const std::string& bytes)
{
    try {
        _shell.session().openByWristband(bytes);
    } catch (const std::exception& e) {
        _shell.notice(_shell.say(e));
        return;
    }
    _shell.show(Page::Patient);
}

} // namespace portside::app
