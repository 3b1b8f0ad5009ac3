#pragma once

#include "portside/core/KioskSession.h"
#include "portside/core/Text.h"

#include <wx/panel.h>
#include <wx/string.h>

#include <string>

namespace portside::core {
struct PrintJob;
}
namespace portside::sdk {
class Viewfinder;
}

namespace portside::app {

/// The screens of the kiosk, in the order of the frame's book.
enum class Page { SignIn = 0, Ward, Patient, Checklist, Summary, Labels, Supervisor };

/// What a screen may ask of the frame around it: the bedside session (every clinical question goes there), page
/// changes, the status line, and words in the reader's language. The frame implements it; screens never reach each
/// other directly.
class Shell {
public:
    virtual ~Shell();
    virtual core::KioskSession& session() = 0;
    /// Shows a page; the page's enter() fills it from the session first.
    virtual void show(Page page) = 0;
    /// From a details page (labels, supervisor): back to the page the nurse came from, as she left it.
    virtual void back() = 0;
    /// A sentence that stays in the status bar until the next page change.
    virtual void notice(const wxString& text) = 0;
    /// Core's sentence in the signed-in nurse's language.
    virtual wxString say(const core::Text& text) const = 0;
    /// What went wrong, for the nurse: core's refusal in her language; anything else (a store that cannot be read)
    /// as it was said, never a crash of the kiosk.
    wxString say(const std::exception& e) const;
    /// The kiosk runs the demo (simulated scanner buttons).
    virtual bool demo() const = 0;
    /// Signs the nurse out and shows the sign-in page (an open run stays open).
    virtual void signOut(const wxString& why = {}) = 0;
    /// Closes the kiosk: only for a supervisor (a nurse's close requests are ignored).
    virtual void leave() = 0;
    /// Puts the keyboard focus back on the page on screen when a closed question or a hidden control took it (a
    /// keyboard-wedge scanner types into the focused window).
    virtual void keepFocus() = 0;
    /// A camera scanner's live picture for scan steps; nullptr when no loaded scanner has one.
    virtual const sdk::Viewfinder* viewfinder() const { return nullptr; }
};

/// One screen. Pages are created once and filled from the session each time they are shown.
class ShellPage : public wxPanel {
public:
    ShellPage(wxWindow* parent, Shell& shell, const wxString& name);
    /// Called before the page is shown: read what it shows from the session.
    virtual void enter() {}
    /// New reference data arrived while this page is on show (a recall, a changed flag or order). The page shows it
    /// without losing what the nurse is in the middle of (answers, a note, a PIN, an open question); `runChanged`
    /// says the open run itself follows a changed flag or lock order. The default fills the page again.
    virtual void refresh(bool runChanged) { (void)runChanged, enter(); }
    /// A scan from any scanner while this page is shown. The default says what to do instead.
    virtual void onScan(const std::string& bytes);
    /// The window's size changed: lay out again what depends on it (wrapped text, stacked panels).
    virtual void fit() { Layout(); }
    /// A timed wait runs on this page (the nurse watches it, touching nothing): the idle lock waits with her.
    virtual bool waiting() const { return false; }
    /// A print job changed (on the GUI thread).
    virtual void onPrintJob(const core::PrintJob&) {}

protected:
    /// Opens the patient whose wristband was scanned and shows them; a sentence in the status bar when not.
    void openScannedPatient(const std::string& bytes);

    Shell& _shell;
};

} // namespace portside::app
