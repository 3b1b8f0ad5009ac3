#pragma once
// The real kiosk window under Xvfb for the GUI suites, driven with wxUIActionSimulator as a nurse would drive it:
// a kiosk on a temporary store with the real plugins, and the taps, scans and waits the tests are written in.
// Include it once per test binary, after defining BOOST_TEST_MODULE.
#include <boost/test/unit_test.hpp>

#include "ChecklistPanel.h"
#include "MainFrame.h"
#include "Screenshot.h"
#include "ShellHost.h"
#include "SignInPanel.h"
#include "Translations.h"

#include "RunProcess.h"
#include "TempDir.h"

#include "portside/core/DemoData.h"
#include "portside/core/EventStore.h"
#include "portside/core/KioskSession.h"
#include "portside/core/Label.h"
#include "portside/core/PluginAdmin.h"
#include "portside/core/PluginManager.h"
#include "portside/core/SiteSettings.h"
#include "portside/core/TimeText.h"
#include "portside/devices/FrameDecoder.h"

#include <wx/app.h>
#include <wx/button.h>
#include <wx/evtloop.h>
#include <wx/image.h>
#include <wx/listctrl.h>
#include <wx/statbmp.h>
#include <wx/stattext.h>
#include <wx/statusbr.h>
#include <wx/textctrl.h>
#include <wx/tglbtn.h>
#include <wx/translation.h>
#include <wx/uiaction.h>
#include <wx/utils.h>

#include <Poco/File.h>

#include <cctype>
#include <chrono>
#include <functional>
#include <iomanip>
#include <sstream>

using namespace portside;
using namespace std::chrono_literals;

// One test source per binary includes this: the helpers are defined here, once.
namespace guitest {

const std::string kShots = PORTSIDE_SCREENSHOT_DIR;

/// wx set up once for the whole binary, as KiCad's qa does: an app object, wxEntryStart and an active event loop.
struct WxFixture {
    WxFixture()
    {
        wxApp::SetInstance(new wxApp);
        int argc = 1;
        static char name[] = "integration-gui";
        char* argv[] = {name, nullptr};
        BOOST_REQUIRE_MESSAGE(wxEntryStart(argc, argv), "wxWidgets could not start: is there a display?");
        wxTheApp->OnInit();
        wxImage::AddHandler(new wxPNGHandler);
        loop = new wxEventLoop;
        wxEventLoopBase::SetActive(loop);
        app::initTranslations(PORTSIDE_SHELL, "en");
    }
    ~WxFixture()
    {
        wxEventLoopBase::SetActive(nullptr);
        delete loop;
        wxTheApp->OnExit();
        wxEntryCleanup();
    }
    wxEventLoop* loop = nullptr;
};
BOOST_TEST_GLOBAL_FIXTURE(WxFixture);

/// Processes events until the condition holds or the deadline passes; returns the condition.
bool waitFor(const std::function<bool()>& condition, std::chrono::milliseconds deadline = 5s)
{
    const auto end = std::chrono::steady_clock::now() + deadline;
    while (true) {
        wxTheApp->ProcessPendingEvents();
        while (wxEventLoopBase::GetActive()->Pending())
            wxEventLoopBase::GetActive()->Dispatch();
        if (condition())
            return true;
        if (std::chrono::steady_clock::now() > end)
            return false;
        wxMilliSleep(2);
    }
}

void settle()
{
    waitFor([] { return false; }, 150ms);
}

/// The window with this name that is on screen (pages are built once, so several may carry a name), else the first.
wxWindow* findNamed(wxWindow* root, const wxString& name, bool shownOnly)
{
    if (root->GetName() == name && (!shownOnly || root->IsShownOnScreen()))
        return root;
    for (auto* child : root->GetChildren())
        if (auto* found = findNamed(child, name, shownOnly))
            return found;
    return nullptr;
}

template <class W = wxWindow> W* named(wxWindow* root, const wxString& name)
{
    auto* w = findNamed(root, name, true);
    if (!w)
        w = wxWindow::FindWindowByName(name, root);
    BOOST_REQUIRE_MESSAGE(w, "no window named " << name);
    auto* typed = dynamic_cast<W*>(w);
    BOOST_REQUIRE_MESSAGE(typed, "window " << name << " has another type");
    return typed;
}

/// Moves the pointer to a point on the screen and waits until it is there.
wxUIActionSimulator& pointAt(wxUIActionSimulator& sim, const wxPoint& at)
{
    sim.MouseMove(at);
    waitFor([&] { return wxGetMousePosition() == at; }, 1s);
    return sim;
}

/// The middle of a window where it is on screen. GTK moves a window laid out again only when its loop runs: a finger
/// taps where the button is seen, so this waits until it has stayed put for a few rounds of the loop.
wxPoint middleOnScreen(wxWindow* w)
{
    wxRect at = w->GetScreenRect();
    for (int still = 0, rounds = 0; still < 3 && rounds < 100; ++rounds) {
        waitFor([] { return false; }, 10ms);
        const wxRect now = w->GetScreenRect();
        still = now == at ? still + 1 : 0;
        at = now;
    }
    return at.GetPosition() + at.GetSize() / 2;
}

/// Touches and scans a nurse made, for the tap count.
int touches = 0, scans = 0;

/// Moves the pointer to the middle of the window and clicks, as a finger would (a nurse's deliberate taps come after
/// the kiosk's double-tap guard has passed).
void click(wxWindow* w)
{
    ++touches;
    BOOST_REQUIRE_MESSAGE(w->IsShownOnScreen(), "window " << w->GetName() << " is not on screen");
    if (auto* frame = dynamic_cast<app::MainFrame*>(wxGetTopLevelParent(w)))
        waitFor([&] { return !frame->tapGuarded(); }, 2s);
    wxUIActionSimulator sim;
    pointAt(sim, middleOnScreen(w)).MouseClick();
}

void clickUntil(wxWindow* root, const wxString& name, const std::function<bool()>& done)
{
    auto* w = named(root, name);
    click(w);
    BOOST_REQUIRE_MESSAGE(waitFor(done), "clicking " << name << " had no effect");
}

std::string shotName(int n, const std::string& what)
{
    std::ostringstream s;
    s << kShots << "/port-access-" << std::setw(2) << std::setfill('0') << n << '-' << what << ".png";
    return s.str();
}

void shoot(wxWindow* frame, const std::string& path)
{
    settle();
    BOOST_TEST(app::saveScreenshot(frame, path));
    BOOST_TEST(Poco::File(path).exists());
}

struct Kiosk {
    test::TempDir data;
    core::ManualClock clock{std::chrono::system_clock::now()};
    core::SiteSettings settings;
    app::ShellHost host{settings, data.path()};
    std::unique_ptr<core::PluginManager> pluginManager =
        std::make_unique<core::PluginManager>(std::vector<std::string>{PORTSIDE_PLUGIN_DIR});
    std::vector<std::unique_ptr<core::PluginManager>> retired; ///< never unloaded while the process runs
    std::unique_ptr<core::EventStore> store;
    app::MainFrame* frame = nullptr;
    wxSize size; ///< a window of this size at the screen's corner; default: full screen

    /// `cameraSource`: a GStreamer source the camera scanner plays instead of a camera; empty: the camera is off
    /// (this machine may have one, and no test should depend on what it sees).
    explicit Kiosk(wxSize windowSize = wxDefaultSize, const std::string& cameraSource = {}) : size(windowSize)
    {
        settings.set("printer.model", "png-300"); // labels as files, whatever USB printers this machine has
        settings.set("printer.folder", data.file("labels"));
        if (cameraSource.empty())
            settings.set("scanner.camera.enabled", "0");
        else
            settings.set("scanner.camera.source", cameraSource);
        pluginManager->loadAll();
        pluginManager->startAll(host);
        store = std::make_unique<core::EventStore>(data.file("kiosk.db"), clock);
        core::seedDemo(*store);
        open();
    }
    ~Kiosk() { close(); }

    void open()
    {
        const bool fullScreen = size == wxDefaultSize;
        app::MainFrame::Options options;
        options.fullScreen = fullScreen;
        options.demo = true;
        options.pluginRoot = data.file("plugins");
        options.probeProgram = PORTSIDE_CLI;
        frame = new app::MainFrame({*pluginManager, clock, *store, settings}, options);
        if (!fullScreen)
            frame->SetSize(0, 0, size.GetWidth(), size.GetHeight());
        frame->Show();
        BOOST_REQUIRE(waitFor([&] { return frame->IsShownOnScreen(); }));
        settle();
    }
    /// The window goes away without anything being finished: what a crash or a power cut leaves behind.
    void close()
    {
        if (!frame)
            return;
        frame->Destroy();
        frame = nullptr;
        wxTheApp->ProcessIdle(); // deletes it now, before the store and plugins it uses go
        settle();
    }
    /// The kiosk starts again as main.cpp starts it: the bundled plugins, then the installed ones with their
    /// pending changes made (the modules loaded before stay loaded, as in a process that never unloads one).
    void restart()
    {
        close();
        store.reset();
        auto folders = std::vector<std::string>{PORTSIDE_PLUGIN_DIR};
        std::vector<std::string> pems;
        for (const auto& key : core::trustedKeys(settings, nullptr))
            pems.push_back(key.pem);
        const auto installed = app::activateInstalledPlugins(data.file("plugins"), pems);
        folders.insert(folders.end(), installed.begin(), installed.end());
        retired.push_back(std::move(pluginManager));
        pluginManager = std::make_unique<core::PluginManager>(folders);
        pluginManager->loadAll();
        pluginManager->startAll(host);
        store = std::make_unique<core::EventStore>(data.file("kiosk.db"), clock);
        open();
    }
    void reopenStore()
    {
        close();
        store.reset();
        store = std::make_unique<core::EventStore>(data.file("kiosk.db"), clock);
        open();
    }
    core::KioskSession& session() { return frame->session(); }
    app::Page page() const { return frame->page(); }
};

void typeKeys(wxWindow* frame, const std::string& prefix, const std::string& digits, wxStaticText* display)
{
    for (char c : digits) {
        const wxString before = display->GetLabel();
        clickUntil(frame, prefix + wxString(c), [&] { return display->GetLabel() != before; });
    }
}

void signIn(Kiosk& kiosk, const std::string& badge, const std::string& pin)
{
    auto* frame = kiosk.frame;
    BOOST_REQUIRE(kiosk.page() == app::Page::SignIn);
    auto* value = named<wxStaticText>(frame, "signin-value");
    typeKeys(frame, "signin:", badge, value);
    clickUntil(frame, "signin-ok", [&] { return value->GetLabel().empty(); }); // on to the PIN
    typeKeys(frame, "signin:", pin, value);
    auto* error = named<wxStaticText>(frame, "signin-error");
    clickUntil(frame, "signin-ok", [&] { return kiosk.page() != app::Page::SignIn || !error->GetLabel().empty(); });
    // A nurse with another language gets the screens built again; the old ones go at idle time, as in the kiosk.
    wxTheApp->ProcessIdle();
}

void signOut(Kiosk& kiosk)
{
    clickUntil(kiosk.frame, "sign-out", [&] { return kiosk.page() == app::Page::SignIn; });
}

/// Taps a patient on the ward list and types the date of birth the patient says (day, month, year).
void openPatient(Kiosk& kiosk, const std::string& id)
{
    const std::string born = kiosk.store->patient(id)->birthDate; // YYYY-MM-DD
    auto* value = named<wxStaticText>(kiosk.frame, "dob-value");
    clickUntil(kiosk.frame, "patient:" + id, [&] { return value->IsShownOnScreen(); });
    typeKeys(kiosk.frame, "dob:", born.substr(8, 2) + born.substr(5, 2) + born.substr(0, 4), value);
    clickUntil(kiosk.frame, "dob-ok", [&] { return kiosk.page() == app::Page::Patient; });
}

/// Answers the open step as a careful nurse would by default: first option, every finding "no", the offered
/// number, the full wait.
void answerStep(Kiosk& kiosk, const sdk::Step& step)
{
    auto* frame = kiosk.frame;
    switch (step.type) {
    case sdk::StepType::Choice: {
        auto* toggle = named<wxToggleButton>(frame, "choice:" + step.choices.front().id);
        clickUntil(frame, "choice:" + step.choices.front().id, [&] { return toggle->GetValue(); });
        break;
    }
    case sdk::StepType::Assessment: {
        // "None of these" sets every finding to No in one tap.
        auto* last = named<wxToggleButton>(frame, "finding:" + step.findings.back().id + ":no");
        clickUntil(frame, "findings-none", [&] { return last->GetValue(); });
        for (const auto& finding : step.findings)
            BOOST_TEST(named<wxToggleButton>(frame, "finding:" + finding.id + ":no")->GetValue());
        break;
    }
    case sdk::StepType::TimedWait: {
        auto* confirm = named<wxButton>(frame, "confirm");
        if (confirm->IsEnabled())
            break; // the wait is over already
        kiosk.clock.advance(std::chrono::seconds(step.waitSeconds));
        BOOST_TEST(waitFor([&] { return confirm->IsEnabled(); }));
        break;
    }
    default: break;
    }
}

/// What a scanner would send for the product this step expects (a GS1 DataMatrix expiring next year).
std::string scanFor(Kiosk& kiosk)
{
    const auto st = kiosk.session().step();
    const auto bytes = core::demoScanFor(st.expect, kiosk.session().patient().record.id, kiosk.clock.now());
    BOOST_REQUIRE_MESSAGE(!bytes.empty(), "no demo product for " << st.expect.category);
    return bytes;
}

std::size_t recorded(Kiosk& kiosk)
{
    return kiosk.session().records().size();
}

/// Scans the right product at a scan step, as a scanner would, and waits until the step is recorded.
void scanStep(Kiosk& kiosk, const sdk::Step& step)
{
    ++scans;
    const auto before = recorded(kiosk);
    kiosk.frame->onScan(scanFor(kiosk));
    BOOST_REQUIRE_MESSAGE(waitFor([&] { return recorded(kiosk) > before || kiosk.page() != app::Page::Checklist; }),
                          "the scan at " << step.id
                                         << " was not accepted: " << kiosk.frame->checklistPanel()->verdictWord());
}

/// Confirms the open step and waits until the checklist moved on (or ended).
void confirmStep(Kiosk& kiosk)
{
    auto* panel = kiosk.frame->checklistPanel();
    const auto before = recorded(kiosk);
    clickUntil(kiosk.frame, "confirm", [&] {
        return recorded(kiosk) > before || kiosk.page() != app::Page::Checklist || !panel->errorText().empty();
    });
    BOOST_TEST(panel->errorText() == "", panel->errorText());
}

/// Prints the label at the Label step, waits until the printer took it, then confirms the step.
void printAndConfirm(Kiosk& kiosk)
{
    auto* status = named<wxStaticText>(kiosk.frame, "print-status");
    auto* confirm = named<wxButton>(kiosk.frame, "confirm");
    BOOST_TEST(!confirm->IsEnabled()); // not before a printer took the label
    clickUntil(kiosk.frame, "print-label", [&] { return status->GetLabel().StartsWith("Label printed"); });
    BOOST_TEST(confirm->IsEnabled());
    confirmStep(kiosk);
}

/// Does the open step as a careful nurse would.
void doStep(Kiosk& kiosk)
{
    const sdk::Step step = *kiosk.session().step().step;
    BOOST_TEST_CONTEXT("step " << step.id)
    {
        if (step.type == sdk::StepType::Scan) {
            scanStep(kiosk, step);
        } else if (step.role == sdk::StepRole::Label) {
            printAndConfirm(kiosk);
        } else {
            answerStep(kiosk, step);
            confirmStep(kiosk);
        }
    }
}

/// Works through the rest of the open checklist with default answers; returns the step ids walked.
std::vector<std::string> walkToEnd(Kiosk& kiosk)
{
    std::vector<std::string> walked;
    for (int guard = 0; guard < 60 && kiosk.page() == app::Page::Checklist; ++guard) {
        walked.push_back(kiosk.session().step().step->id);
        doStep(kiosk);
    }
    BOOST_TEST((kiosk.page() == app::Page::Summary));
    return walked;
}

/// Walks (on screen) until the open step is `id`.
void walkTo(Kiosk& kiosk, const std::string& id)
{
    for (int guard = 0; guard < 40 && kiosk.session().step().step->id != id; ++guard)
        doStep(kiosk);
    BOOST_REQUIRE(kiosk.session().step().step->id == id);
}

/// Taps a checklist; one the port state on record does not allow asks what the nurse found: the first answer.
void startChecklist(Kiosk& kiosk, const std::string& id)
{
    clickUntil(kiosk.frame, "checklist:" + id,
               [&] { return kiosk.page() == app::Page::Checklist || findNamed(kiosk.frame, "reason-question", true); });
    if (kiosk.page() != app::Page::Checklist)
        clickUntil(kiosk.frame, "reason:0", [&] { return kiosk.page() == app::Page::Checklist; });
}

void finishAndReturn(Kiosk& kiosk)
{
    clickUntil(kiosk.frame, "done", [&] { return kiosk.page() == app::Page::Patient; });
}

wxString dueText(Kiosk& kiosk, const std::string& what)
{
    auto* w = findNamed(kiosk.frame, "due:" + what, true);
    return w ? static_cast<wxStaticText*>(w)->GetLabel() : wxString();
}

wxString expectedDue(const char* label, core::Clock::TimePoint at)
{
    return wxString::Format("%s  due %s", label, wxString::FromUTF8(core::labelDate(at)));
}

const std::string kAna = "950600013435200008";
const std::string kBen = "950600013435200015";

/// When the last checklist was recorded as finished: due dates count from there.
core::Clock::TimePoint lastFinish(Kiosk& kiosk)
{
    const auto events = kiosk.store->events();
    for (auto it = events.rbegin(); it != events.rend(); ++it)
        if (it->type == "run-finished")
            return core::parseIsoTime(it->deviceTime);
    BOOST_FAIL("no finished checklist");
    return {};
}
constexpr auto kDay = std::chrono::hours(24);

bool onScreen(Kiosk& kiosk, const wxString& name)
{
    return findNamed(kiosk.frame, name, true) != nullptr;
}

/// Clicks the demo scanner's button with this label.
void clickDemoScan(Kiosk& kiosk, const wxString& label, const std::function<bool()>& done)
{
    for (int i = 0; i < 40; ++i) {
        auto* b = dynamic_cast<wxButton*>(wxWindow::FindWindowByName(wxString::Format("sim:%d", i), kiosk.frame));
        if (b && b->GetLabel() == label) {
            click(b);
            BOOST_REQUIRE_MESSAGE(waitFor(done), "scanning " << label << " had no effect");
            return;
        }
    }
    BOOST_FAIL("no demo scan " << label);
}

/// Types a scan as a keyboard-wedge scanner does: every character at once (scanner speed), capitals with Shift, GS as
/// Ctrl+], then Enter.
void wedgeScan(const std::string& bytes)
{
    ++scans;
    wxUIActionSimulator sim;
    for (char c : bytes) {
        if (c == '\x1d')
            sim.Char(']', wxMOD_CONTROL);
        else
            sim.Text(std::string(1, c).c_str());
    }
    sim.Char(WXK_RETURN);
}

/// Caps Lock on for the scope (the X server's, as a person would leave it), off again after.
struct CapsLock {
    CapsLock() { toggle(); }
    ~CapsLock() { toggle(); }
    static void toggle()
    {
        wxUIActionSimulator().Char(WXK_CAPITAL);
        settle();
    }
};

/// A run reopened at sign-in: the wristband confirms the patient again before it goes on.
void confirmPatientAgain(Kiosk& kiosk, const std::string& patient)
{
    BOOST_REQUIRE((kiosk.page() == app::Page::Checklist));
    BOOST_REQUIRE(kiosk.session().identityPending());
    kiosk.frame->onScan("]d28018" + patient);
    BOOST_REQUIRE(waitFor([&] { return !kiosk.session().identityPending(); }));
}

/// After a STOP the screen offers no way on but a scan: no "barcode will not scan", no skip, no confirm.
void noWayOnButAScan(Kiosk& kiosk, const std::string& stepId, const std::string& where)
{
    BOOST_TEST_CONTEXT(where)
    {
        BOOST_TEST((kiosk.page() == app::Page::Checklist));
        BOOST_TEST(kiosk.session().step().step->id == stepId);
        BOOST_TEST(kiosk.frame->checklistPanel()->verdictWord() == "STOP");
        BOOST_TEST(!onScreen(kiosk, "no-barcode"));
        BOOST_TEST(!onScreen(kiosk, "skip"));
        BOOST_TEST(!onScreen(kiosk, "confirm"));
    }
}

} // namespace guitest
using namespace guitest;
