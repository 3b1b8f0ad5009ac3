// The real kiosk window under Xvfb, driven with wxUIActionSimulator as a nurse would drive it: pointer moves and
// clicks on the on-screen controls. Screenshots of every screen go to build/tests/screenshots/.

#define BOOST_TEST_MODULE portside shell
#include <boost/test/unit_test.hpp>

#include "ChecklistPanel.h"
#include "MainFrame.h"
#include "Screenshot.h"
#include "ShellHost.h"
#include "Translations.h"

#include "RunProcess.h"
#include "TempDir.h"

#include "portside/core/DemoData.h"
#include "portside/core/EventStore.h"
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
#include <wx/tglbtn.h>
#include <wx/translation.h>
#include <wx/uiaction.h>
#include <wx/utils.h>

#include <Poco/File.h>

#include <chrono>
#include <functional>
#include <iomanip>
#include <sstream>

using namespace portside;
using namespace std::chrono_literals;

namespace {

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

template <class W = wxWindow> W* named(wxWindow* root, const wxString& name)
{
    auto* w = wxWindow::FindWindowByName(name, root);
    BOOST_REQUIRE_MESSAGE(w, "no window named " << name);
    auto* typed = dynamic_cast<W*>(w);
    BOOST_REQUIRE_MESSAGE(typed, "window " << name << " has another type");
    return typed;
}

/// Moves the pointer to the middle of the window and clicks, as a finger would.
void click(wxWindow* w)
{
    BOOST_REQUIRE_MESSAGE(w->IsShownOnScreen(), "window " << w->GetName() << " is not on screen");
    const wxRect r = w->GetScreenRect();
    wxUIActionSimulator sim;
    sim.MouseMove(r.GetX() + r.GetWidth() / 2, r.GetY() + r.GetHeight() / 2);
    waitFor([&] { return wxGetMousePosition() == wxPoint(r.GetX() + r.GetWidth() / 2, r.GetY() + r.GetHeight() / 2); },
            1s);
    sim.MouseClick();
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
    core::PluginManager plugins{{PORTSIDE_PLUGIN_DIR}};
    std::unique_ptr<core::EventStore> store;
    app::MainFrame* frame = nullptr;

    Kiosk()
    {
        settings.set("printer.model", "png-300"); // labels as files, whatever USB printers this machine has
        settings.set("printer.folder", data.file("labels"));
        plugins.loadAll();
        plugins.startAll(host);
        store = std::make_unique<core::EventStore>(data.file("kiosk.db"), clock);
        core::seedDemo(*store);
        open();
    }
    ~Kiosk() { close(); }

    void open()
    {
        frame = new app::MainFrame({plugins, clock, *store, settings}, app::MainFrame::Options{true, true});
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
    void reopenStore()
    {
        close();
        store.reset();
        store = std::make_unique<core::EventStore>(data.file("kiosk.db"), clock);
        open();
    }
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
    BOOST_REQUIRE(frame->page() == app::MainFrame::SignIn);
    auto* value = named<wxStaticText>(frame, "signin-value");
    typeKeys(frame, "signin:", badge, value);
    clickUntil(frame, "signin-ok", [&] { return value->GetLabel().empty(); }); // on to the PIN
    typeKeys(frame, "signin:", pin, value);
    auto* error = named<wxStaticText>(frame, "signin-error");
    clickUntil(frame, "signin-ok",
               [&] { return frame->page() != app::MainFrame::SignIn || !error->GetLabel().empty(); });
}

void openPatient(Kiosk& kiosk, const std::string& id)
{
    clickUntil(kiosk.frame, "patient:" + id, [&] { return kiosk.frame->page() == app::MainFrame::Patient; });
}

/// Answers the open step as a careful nurse would by default: first option, every finding "no", the offered
/// number, the full wait, a look at the product.
void answerStep(Kiosk& kiosk, const sdk::Step& step)
{
    auto* frame = kiosk.frame;
    switch (step.type) {
    case sdk::StepType::Choice: {
        auto* toggle = named<wxToggleButton>(frame, "choice:" + step.choices.front().id);
        clickUntil(frame, "choice:" + step.choices.front().id, [&] { return toggle->GetValue(); });
        break;
    }
    case sdk::StepType::Assessment:
        for (const auto& finding : step.findings) {
            auto* no = named<wxToggleButton>(frame, "finding:" + finding.id + ":no");
            clickUntil(frame, "finding:" + finding.id + ":no", [&] { return no->GetValue(); });
        }
        break;
    case sdk::StepType::TimedWait: {
        auto* confirm = named<wxButton>(frame, "confirm");
        BOOST_TEST(!confirm->IsEnabled());
        kiosk.clock.advance(std::chrono::seconds(step.waitSeconds));
        BOOST_TEST(waitFor([&] { return confirm->IsEnabled(); }));
        break;
    }
    default: break;
    }
}

/// What a scanner would send for the product this step expects (a GS1 DataMatrix expiring next year).
std::string scanFor(Kiosk& kiosk, const sdk::Step& step)
{
    const auto& patient = kiosk.frame->checklistPanel()->run()->patient();
    if (step.expect.category == "patient")
        return "]C18018" + patient.id;
    std::string gtin;
    if (step.expect.category == "huber-needle")
        gtin = "09506001002216";
    else if (step.expect.category == "saline-flush")
        gtin = "09506002000105";
    else if (step.expect.category == "dressing")
        gtin = "09506004000011";
    else if (step.expect.category == "heparin-lock")
        gtin = step.expect.unitsPerMl == 10 ? "09506003000104" : "09506003001002";
    BOOST_REQUIRE_MESSAGE(!gtin.empty(), "no demo product for " << step.expect.category);
    return "]d201" + gtin + "17" + "271231" + "10" + "LOT42";
}

/// Scans the right product at a scan step, as a scanner would, and waits until the step is recorded.
void scanStep(Kiosk& kiosk, const sdk::Step& step)
{
    auto* panel = kiosk.frame->checklistPanel();
    const auto before = panel->run()->records().size();
    kiosk.frame->onScan(scanFor(kiosk, step));
    BOOST_REQUIRE_MESSAGE(waitFor([&] {
                              return panel->run()->records().size() > before ||
                                     kiosk.frame->page() != app::MainFrame::Checklist;
                          }),
                          "the scan at " << step.id << " was not accepted: " << panel->verdictWord());
}

/// Confirms the open step and waits until the checklist moved on (or ended).
void confirmStep(Kiosk& kiosk)
{
    auto* panel = kiosk.frame->checklistPanel();
    const auto before = panel->run()->records().size();
    clickUntil(kiosk.frame, "confirm", [&] {
        return panel->run()->records().size() > before || kiosk.frame->page() != app::MainFrame::Checklist ||
               !panel->errorText().empty();
    });
    BOOST_TEST(panel->errorText() == "", panel->errorText());
}

/// Works through the rest of the open checklist with default answers; returns the step ids walked.
std::vector<std::string> walkToEnd(Kiosk& kiosk)
{
    std::vector<std::string> walked;
    auto* panel = kiosk.frame->checklistPanel();
    for (int guard = 0; guard < 60 && kiosk.frame->page() == app::MainFrame::Checklist; ++guard) {
        const auto step = panel->run()->current();
        BOOST_TEST_CONTEXT("step " << step.id)
        {
            if (step.type == sdk::StepType::Scan) {
                scanStep(kiosk, step);
            } else {
                answerStep(kiosk, step);
                confirmStep(kiosk);
            }
        }
        walked.push_back(step.id);
    }
    BOOST_TEST(kiosk.frame->page() == app::MainFrame::Summary);
    return walked;
}

void startChecklist(Kiosk& kiosk, const std::string& id)
{
    clickUntil(kiosk.frame, "checklist:" + id, [&] { return kiosk.frame->page() == app::MainFrame::Checklist; });
}

void finishAndReturn(Kiosk& kiosk)
{
    clickUntil(kiosk.frame, "done", [&] { return kiosk.frame->page() == app::MainFrame::Patient; });
}

wxString dueText(Kiosk& kiosk, const std::string& what)
{
    auto* w = wxWindow::FindWindowByName("due:" + what, kiosk.frame);
    return w ? static_cast<wxStaticText*>(w)->GetLabel() : wxString();
}

wxString expectedDue(const char* label, core::Clock::TimePoint at)
{
    return wxString::Format("%s  due %s", label, wxString::FromUTF8(core::displayTime(at)));
}

const std::string kAna = "950600013435200008";

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

} // namespace

BOOST_AUTO_TEST_SUITE(shell)

BOOST_AUTO_TEST_CASE(a_nurse_walks_the_port_access_checklist_to_its_end)
{
    Kiosk kiosk;
    auto* frame = kiosk.frame;
    shoot(frame, shotName(0, "sign-in"));
    signIn(kiosk, "1001", "1234");
    BOOST_REQUIRE(frame->page() == app::MainFrame::Ward);
    shoot(frame, shotName(0, "ward"));
    openPatient(kiosk, kAna);
    BOOST_TEST(dueText(kiosk, "none") == "Nothing due yet.");
    shoot(frame, shotName(0, "patient"));

    startChecklist(kiosk, "port-access");
    auto* panel = frame->checklistPanel();
    const auto* run = panel->run();
    BOOST_REQUIRE(run);
    std::vector<std::string> walked;
    for (int n = 1; frame->page() == app::MainFrame::Checklist && n < 40; ++n) {
        const auto step = run->current();
        BOOST_TEST_CONTEXT("step " << step.id)
        {
            BOOST_TEST(named<wxStaticText>(frame, "step-title")->GetLabel() ==
                       app::translate(step.title, "portside-port-access"));
            if (step.type == sdk::StepType::Number) {
                auto* display = named<wxStaticText>(frame, "number");
                BOOST_TEST(display->GetLabel() == "10 mL"); // the site default is offered
                clickUntil(frame, "key:5", [&] { return display->GetLabel() == "5 mL"; });
                clickUntil(frame, "confirm", [&] { return !panel->errorText().empty(); });
                BOOST_TEST(panel->errorText().Contains("from 10 to 20 mL"), panel->errorText());
                BOOST_TEST(run->current().id == step.id); // refused: the step stays open
                shoot(frame, shotName(n, step.id + "-refused"));
                clickUntil(frame, "key:del", [&] { return display->GetLabel() == "- mL"; });
                clickUntil(frame, "key:1", [&] { return display->GetLabel() == "1 mL"; });
                clickUntil(frame, "key:5", [&] { return display->GetLabel() == "15 mL"; });
            } else if (step.type == sdk::StepType::TimedWait) {
                auto* confirm = named<wxButton>(frame, "confirm");
                auto* countdown = named<wxStaticText>(frame, "countdown");
                BOOST_TEST(countdown->GetLabel() == "0:30");
                click(confirm); // a disabled button does nothing
                settle();
                BOOST_TEST(run->current().id == step.id);
                kiosk.clock.advance(std::chrono::seconds(step.waitSeconds - 10));
                BOOST_TEST(waitFor([&] { return countdown->GetLabel() == "0:10"; }));
                shoot(frame, shotName(n, step.id + "-waiting"));
            }
            answerStep(kiosk, step);
            shoot(frame, shotName(n, step.id));
            if (step.type == sdk::StepType::Scan)
                scanStep(kiosk, step);
            else
                confirmStep(kiosk);
            walked.push_back(step.id);
        }
    }
    BOOST_TEST(frame->page() == app::MainFrame::Summary);
    shoot(frame, shotName(static_cast<int>(walked.size()) + 1, "summary"));
    const std::vector<std::string> expected{
        "review", "patient", "allergies",    "hand-hygiene", "site",  "antiseptic",    "scrub",    "dry",
        "needle", "insert",  "blood-return", "saline",       "flush", "dressing-type", "dressing", "label"};
    BOOST_TEST(walked == expected, boost::test_tools::per_element());

    // Recorded in order, in the store, with the chain intact.
    const auto events = kiosk.store->events(panel->runId());
    BOOST_REQUIRE_EQUAL(events.size(), expected.size() + 2);
    BOOST_TEST(events.front().type == "run-started");
    BOOST_TEST(events.back().type == "run-finished");
    for (std::size_t i = 0; i < expected.size(); ++i) {
        BOOST_TEST(events[i + 1].type == "step-confirmed");
        BOOST_TEST(events[i + 1].payload.find("\"step\":\"" + expected[i] + "\"") != std::string::npos,
                   events[i + 1].payload);
        BOOST_TEST(events[i + 1].staff == "1001");
        BOOST_TEST(events[i + 1].patient == kAna);
    }
    BOOST_TEST(events[13].payload.find(R"("value":15)") != std::string::npos, events[13].payload);
    BOOST_TEST(kiosk.store->verify().ok);

    // The label preview is shown; printing it lands a PNG on the file printer that decodes to the record id.
    auto* preview = named<wxStaticBitmap>(frame, "label-preview");
    BOOST_TEST(preview->IsShownOnScreen());
    BOOST_TEST(preview->GetBitmap().GetWidth() == 348); // 696 dots at half size
    auto* printStatus = named<wxStaticText>(frame, "print-status");
    clickUntil(frame, "print-label", [&] { return printStatus->GetLabel() == "Label printed."; });
    shoot(frame, shotName(static_cast<int>(walked.size()) + 1, "label-printed"));
    const auto jobs = frame->printQueue().jobs();
    BOOST_REQUIRE_EQUAL(jobs.size(), 1u);
    BOOST_TEST(jobs[0].state == "printed");
    BOOST_TEST(jobs[0].runId == panel->runId());
    const auto printed = devices::loadImage(kiosk.data.file("labels/" + jobs[0].id + ".png"));
    const auto symbols = devices::FrameDecoder().decode(printed);
    BOOST_REQUIRE_EQUAL(symbols.size(), 1u);
    BOOST_TEST(symbols[0].bytes == panel->runId());

    // The patient screen shows the new due dates.
    finishAndReturn(kiosk);
    const auto accessedAt = lastFinish(kiosk);
    BOOST_TEST(dueText(kiosk, "needle-change") == expectedDue("Needle change", accessedAt + 7 * kDay));
    BOOST_TEST(dueText(kiosk, "dressing-change") == expectedDue("Dressing change", accessedAt + 7 * kDay));
    shoot(frame, shotName(static_cast<int>(walked.size()) + 2, "patient-after"));
}

BOOST_AUTO_TEST_CASE(each_of_the_five_checklists_runs_to_its_end_and_the_due_dates_follow)
{
    Kiosk kiosk;
    kiosk.settings.set("session.idle_lock_s", "0"); // days pass on this kiosk's clock; the idle lock is tested apart
    signIn(kiosk, "1001", "1234");
    openPatient(kiosk, kAna);

    startChecklist(kiosk, "port-access");
    walkToEnd(kiosk);
    finishAndReturn(kiosk);
    const auto accessedAt = lastFinish(kiosk);
    shoot(kiosk.frame, kShots + "/five-1-after-port-access.png");
    BOOST_TEST(dueText(kiosk, "needle-change") == expectedDue("Needle change", accessedAt + 7 * kDay));

    kiosk.clock.advance(std::chrono::duration_cast<std::chrono::milliseconds>(3 * kDay));
    startChecklist(kiosk, "dressing-change");
    // choose gauze this time: due in 2 days
    for (int guard = 0; guard < 40 && kiosk.frame->page() == app::MainFrame::Checklist; ++guard) {
        const auto step = kiosk.frame->checklistPanel()->run()->current();
        if (step.type == sdk::StepType::Scan) {
            scanStep(kiosk, step);
            continue;
        }
        if (step.id == "dressing-type") {
            auto* gauze = named<wxToggleButton>(kiosk.frame, "choice:gauze");
            clickUntil(kiosk.frame, "choice:gauze", [&] { return gauze->GetValue(); });
        } else {
            answerStep(kiosk, step);
        }
        confirmStep(kiosk);
    }
    finishAndReturn(kiosk);
    const auto dressedAt = lastFinish(kiosk);
    shoot(kiosk.frame, kShots + "/five-2-after-dressing-change.png");
    BOOST_TEST(dueText(kiosk, "dressing-change") == expectedDue("Dressing change", dressedAt + 2 * kDay));
    BOOST_TEST(dueText(kiosk, "needle-change") == expectedDue("Needle change", accessedAt + 7 * kDay));

    startChecklist(kiosk, "blood-sampling");
    for (int guard = 0; guard < 40 && kiosk.frame->page() == app::MainFrame::Checklist; ++guard) {
        const auto step = kiosk.frame->checklistPanel()->run()->current();
        if (step.id == "discard") {
            // 12 mL is allowed but unusual: the kiosk asks why before it accepts it.
            auto* display = named<wxStaticText>(kiosk.frame, "number");
            clickUntil(kiosk.frame, "key:1", [&] { return display->GetLabel() == "1 mL"; });
            clickUntil(kiosk.frame, "key:2", [&] { return display->GetLabel() == "12 mL"; });
            auto* question = named<wxStaticText>(kiosk.frame, "reason-question");
            clickUntil(kiosk.frame, "confirm", [&] { return question->IsShownOnScreen(); });
            BOOST_TEST(question->GetLabel().Contains("12 mL is outside the usual 3 to 10 mL."), question->GetLabel());
            shoot(kiosk.frame, kShots + "/five-3-override-asked.png");
            const auto before = kiosk.frame->checklistPanel()->run()->records().size();
            clickUntil(kiosk.frame, "reason:0",
                       [&] { return kiosk.frame->checklistPanel()->run()->records().size() > before; });
            const auto& record = kiosk.frame->checklistPanel()->run()->records().back();
            BOOST_TEST(record.answer.overrideReason == "Prescriber's order");
            BOOST_TEST(record.warning == "12 mL is outside the usual 3 to 10 mL.");
            continue;
        }
        if (step.type == sdk::StepType::Scan) {
            scanStep(kiosk, step);
            continue;
        }
        answerStep(kiosk, step);
        confirmStep(kiosk);
    }
    finishAndReturn(kiosk);

    kiosk.clock.advance(std::chrono::duration_cast<std::chrono::milliseconds>(kDay));
    startChecklist(kiosk, "port-deaccess");
    const auto deaccess = walkToEnd(kiosk);
    BOOST_TEST(std::count(deaccess.begin(), deaccess.end(), "lock") == 1);
    finishAndReturn(kiosk);
    const auto removedAt = lastFinish(kiosk);
    shoot(kiosk.frame, kShots + "/five-4-after-deaccess.png");
    BOOST_TEST(dueText(kiosk, "needle-change") == ""); // the needle is out
    BOOST_TEST(dueText(kiosk, "maintenance-flush") == expectedDue("Maintenance flush", removedAt + 28 * kDay));

    kiosk.clock.advance(std::chrono::duration_cast<std::chrono::milliseconds>(30 * kDay));
    clickUntil(kiosk.frame, "all-patients", [&] { return kiosk.frame->page() == app::MainFrame::Ward; });
    openPatient(kiosk, kAna);
    BOOST_TEST(dueText(kiosk, "maintenance-flush").StartsWith("OVERDUE  Maintenance flush"),
               dueText(kiosk, "maintenance-flush"));
    shoot(kiosk.frame, kShots + "/five-5-maintenance-overdue.png");
    startChecklist(kiosk, "flush-lock");
    walkToEnd(kiosk);
    finishAndReturn(kiosk);
    const auto flushedAt = lastFinish(kiosk);
    BOOST_TEST(dueText(kiosk, "maintenance-flush") == expectedDue("Maintenance flush", flushedAt + 28 * kDay));
    shoot(kiosk.frame, kShots + "/five-6-after-flush-lock.png");
    BOOST_TEST(kiosk.store->verify().ok);
    BOOST_TEST(kiosk.store->openRuns().empty());
}

BOOST_AUTO_TEST_CASE(an_interrupted_checklist_reopens_where_it_stopped_for_the_same_nurse)
{
    Kiosk kiosk;
    signIn(kiosk, "1001", "1234");
    openPatient(kiosk, kAna);
    startChecklist(kiosk, "port-access");
    for (int i = 0; i < 3; ++i) {
        const auto step = kiosk.frame->checklistPanel()->run()->current();
        if (step.type == sdk::StepType::Scan) {
            scanStep(kiosk, step);
        } else {
            answerStep(kiosk, step);
            confirmStep(kiosk);
        }
    }
    const std::string runId = kiosk.frame->checklistPanel()->runId();
    kiosk.reopenStore(); // the kiosk lost power; a new process opens the same file

    signIn(kiosk, "2001", "2468"); // another nurse does not get it
    BOOST_TEST(kiosk.frame->page() == app::MainFrame::Ward);
    clickUntil(kiosk.frame, "sign-out", [&] { return kiosk.frame->page() == app::MainFrame::SignIn; });

    signIn(kiosk, "1001", "1234");
    BOOST_REQUIRE(kiosk.frame->page() == app::MainFrame::Checklist);
    const auto* run = kiosk.frame->checklistPanel()->run();
    BOOST_TEST(kiosk.frame->checklistPanel()->runId() == runId);
    BOOST_TEST(run->records().size() == 3u);
    BOOST_TEST(run->current().id == "hand-hygiene");
    BOOST_TEST(named<wxStaticText>(kiosk.frame, "progress")->GetLabel() == "Port access - step 4 of 19");
    shoot(kiosk.frame, kShots + "/resumed.png");
    walkToEnd(kiosk);
    BOOST_TEST(kiosk.store->events(runId).size() == 16u + 2u);
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

BOOST_AUTO_TEST_CASE(the_wrong_heparin_concentration_stops_the_lock_step_and_the_right_one_passes)
{
    Kiosk kiosk;
    signIn(kiosk, "1001", "1234");
    openPatient(kiosk, kAna); // ordered: heparin 100 units/mL, 5 mL
    startChecklist(kiosk, "port-deaccess");
    auto* panel = kiosk.frame->checklistPanel();
    for (int guard = 0; guard < 20 && panel->run()->current().id != "lock"; ++guard) {
        const auto step = panel->run()->current();
        if (step.type == sdk::StepType::Scan) {
            scanStep(kiosk, step);
        } else {
            answerStep(kiosk, step);
            confirmStep(kiosk);
        }
    }
    BOOST_REQUIRE(panel->run()->current().id == "lock");
    BOOST_TEST(named<wxStaticText>(kiosk.frame, "expected")->GetLabel() == "Heparin lock flush: 100 units/mL, 5 mL");
    auto* message = named<wxStaticText>(kiosk.frame, "verdict-message");

    clickDemoScan(kiosk, "Heparin 1,000", [&] { return panel->verdictWord() == "STOP"; });
    BOOST_TEST(message->GetLabel().Contains("Heparin 1,000 units/mL scanned; this step needs 100 units/mL."),
               message->GetLabel());
    settle();
    BOOST_TEST(panel->run()->current().id == "lock"); // a stop cannot be passed
    shoot(kiosk.frame, kShots + "/heparin-1000-stop.png");

    clickDemoScan(kiosk, "Recalled heparin 100", [&] { return message->GetLabel().Contains("RECALLED"); });
    BOOST_TEST(panel->verdictWord() == "STOP");
    BOOST_TEST(panel->run()->current().id == "lock");
    shoot(kiosk.frame, kShots + "/heparin-recalled-stop.png");

    clickDemoScan(kiosk, "Heparin 100", [&] { return panel->run()->current().id == "lock-volume"; });
    const auto& record = panel->run()->records().back();
    BOOST_TEST(record.stepId == "lock");
    BOOST_TEST(record.answer.scan.find("0109506003001002") != std::string::npos);
    const auto events = kiosk.store->events(panel->runId());
    BOOST_TEST(events.back().payload.find("09506003001002") != std::string::npos, events.back().payload);
    shoot(kiosk.frame, kShots + "/heparin-100-passed-next-step.png");
}

BOOST_AUTO_TEST_CASE(heparin_for_a_patient_with_hit_is_never_offered_and_stops_when_scanned)
{
    Kiosk kiosk;
    signIn(kiosk, "1001", "1234");
    openPatient(kiosk, "950600013435200015"); // Ben: HIT, saline lock
    startChecklist(kiosk, "port-deaccess");
    auto* panel = kiosk.frame->checklistPanel();
    for (int guard = 0; guard < 20 && panel->run()->current().id != "lock"; ++guard) {
        const auto step = panel->run()->current();
        if (step.type == sdk::StepType::Scan)
            scanStep(kiosk, step);
        else {
            answerStep(kiosk, step);
            confirmStep(kiosk);
        }
    }
    BOOST_TEST(panel->run()->current().expect.category == "saline-flush"); // a saline lock
    clickDemoScan(kiosk, "Heparin 100", [&] { return panel->verdictWord() == "STOP"; });
    BOOST_TEST(named<wxStaticText>(kiosk.frame, "verdict-message")->GetLabel().Contains("heparin allergy or HIT"));
    shoot(kiosk.frame, kShots + "/heparin-hit-stop.png");
}

BOOST_AUTO_TEST_CASE(an_image_scanner_reads_the_wristband_into_the_identify_step_and_its_state_is_shown)
{
    Kiosk kiosk;
    // The image-folder scanner plugin watches <data>/scanner-inbox and says so in the status bar.
    BOOST_REQUIRE(waitFor([&] { return kiosk.frame->scannerStatus().StartsWith("Image scanner watching"); }));
    BOOST_TEST(kiosk.frame->GetStatusBar()->GetStatusText(1).StartsWith(kiosk.frame->scannerStatus()));
    signIn(kiosk, "1001", "1234");
    openPatient(kiosk, kAna);
    startChecklist(kiosk, "port-access");
    confirmStep(kiosk); // review
    auto* panel = kiosk.frame->checklistPanel();
    BOOST_REQUIRE(panel->run()->current().id == "patient");
    // A GS1 DataMatrix of the wristband (GSRN 8018), made by zint, dropped into the folder as a camera would.
    const std::string png = kiosk.data.file("wristband.png");
    const auto made = test::runProcess("/usr/bin/zint", {"-b", "71", "--gs1", "-d", "[8018]" + kAna, "--scale=4",
                                                         "--whitesp=4", "--vwhitesp=4", "-o", png});
    BOOST_REQUIRE_MESSAGE(made.exitCode == 0, made.err);
    Poco::File(png).moveTo(kiosk.data.file("scanner-inbox/wristband.png"));
    BOOST_REQUIRE(waitFor([&] { return panel->run()->current().id == "allergies"; }, 10s));
    BOOST_TEST(panel->run()->records().back().answer.scan == "]d28018" + kAna);
    shoot(kiosk.frame, kShots + "/image-scanner-wristband-accepted.png");
}

BOOST_AUTO_TEST_CASE(an_idle_session_locks_and_the_checklist_reopens_at_sign_in)
{
    Kiosk kiosk;
    signIn(kiosk, "1001", "1234");
    openPatient(kiosk, kAna);
    startChecklist(kiosk, "port-access");
    confirmStep(kiosk);
    const std::string runId = kiosk.frame->checklistPanel()->runId();
    kiosk.clock.advance(std::chrono::seconds(121)); // nobody touches the kiosk for two minutes
    BOOST_REQUIRE(waitFor([&] { return kiosk.frame->page() == app::MainFrame::SignIn; }, 5s));
    BOOST_TEST(!kiosk.frame->staff().has_value());
    shoot(kiosk.frame, kShots + "/idle-locked.png");
    signIn(kiosk, "1001", "1234");
    BOOST_REQUIRE(kiosk.frame->page() == app::MainFrame::Checklist);
    BOOST_TEST(kiosk.frame->checklistPanel()->runId() == runId);
    BOOST_TEST(kiosk.frame->checklistPanel()->run()->current().id == "patient");
}

BOOST_AUTO_TEST_CASE(a_cancelled_checklist_asks_why_and_keeps_what_was_confirmed)
{
    Kiosk kiosk;
    signIn(kiosk, "1001", "1234");
    openPatient(kiosk, kAna);
    startChecklist(kiosk, "port-access");
    confirmStep(kiosk);
    const std::string runId = kiosk.frame->checklistPanel()->runId();
    auto* question = named<wxStaticText>(kiosk.frame, "reason-question");
    clickUntil(kiosk.frame, "cancel", [&] { return question->IsShownOnScreen(); });
    shoot(kiosk.frame, kShots + "/cancel-asked.png");
    clickUntil(kiosk.frame, "reason:back", [&] { return !question->IsShownOnScreen(); });
    BOOST_TEST(kiosk.frame->page() == app::MainFrame::Checklist);
    clickUntil(kiosk.frame, "cancel", [&] { return question->IsShownOnScreen(); });
    clickUntil(kiosk.frame, "reason:0", [&] { return kiosk.frame->page() == app::MainFrame::Patient; });
    const auto events = kiosk.store->events(runId);
    BOOST_REQUIRE_EQUAL(events.size(), 3u);
    BOOST_TEST(events[1].type == "step-confirmed");
    BOOST_TEST(events[2].type == "run-cancelled");
    BOOST_TEST(events[2].payload == R"({"reason":"Patient declined"})");
}

BOOST_AUTO_TEST_CASE(a_wrong_pin_is_refused_without_saying_which_part_was_wrong)
{
    Kiosk kiosk;
    signIn(kiosk, "1001", "9999");
    BOOST_TEST(kiosk.frame->page() == app::MainFrame::SignIn);
    wxString error = named<wxStaticText>(kiosk.frame, "signin-error")->GetLabel();
    error.Replace("\n", " "); // wrapped to fit its column
    BOOST_TEST(error == "Badge or PIN not recognised. Check both and try again.");
    shoot(kiosk.frame, kShots + "/sign-in-refused.png");
}

BOOST_AUTO_TEST_CASE(labels_are_kept_in_history_and_reprinted_from_it)
{
    Kiosk kiosk;
    const sdk::Raster label{16, 2, 300, {0xff, 0x00, 0x0f, 0xf0}};
    const auto first = kiosk.frame->printQueue().submit("kiosk", label, "run-x", kAna);
    BOOST_REQUIRE(waitFor([&] { return kiosk.store->printJob(first)->state == "printed"; }));
    signIn(kiosk, "1001", "1234");
    clickUntil(kiosk.frame, "show-labels", [&] { return kiosk.frame->page() == app::MainFrame::Labels; });
    auto* list = named<wxListCtrl>(kiosk.frame, "label-jobs");
    BOOST_REQUIRE_EQUAL(list->GetItemCount(), 1);
    BOOST_TEST(list->GetItemText(0, 0) == "Bed 7-01   Ana Garcia");
    BOOST_TEST(list->GetItemText(0, 2) == "printed");
    // select the row with a tap, then reprint
    wxRect row;
    list->GetItemRect(0, row);
    const wxPoint centre = list->ClientToScreen(wxPoint(row.GetX() + 40, row.GetY() + row.GetHeight() / 2));
    wxUIActionSimulator sim;
    sim.MouseMove(centre);
    waitFor([&] { return wxGetMousePosition() == centre; }, 1s);
    sim.MouseClick();
    BOOST_REQUIRE(waitFor([&] { return list->GetSelectedItemCount() == 1; }));
    clickUntil(kiosk.frame, "reprint", [&] { return kiosk.frame->printQueue().jobs().size() == 2u; });
    BOOST_REQUIRE(waitFor([&] {
        const auto jobs = kiosk.frame->printQueue().jobs();
        return jobs.size() == 2u && jobs[1].state == "printed";
    }));
    BOOST_TEST(Poco::File(kiosk.data.file("labels/" + kiosk.frame->printQueue().jobs()[1].id + ".png")).exists());
    shoot(kiosk.frame, kShots + "/labels-history.png");
}

BOOST_AUTO_TEST_CASE(the_plugin_list_shows_every_plugin_and_what_the_server_refused)
{
    Kiosk kiosk;
    core::NewEvent note;
    note.type = "note";
    note.patient = "950600013435200008";
    const auto stored = kiosk.store->append({note});
    kiosk.store->markOutbox({stored.front().seq}, "dead",
                            "An event with this UUID and other content is already stored.");
    signIn(kiosk, "2001", "2468");
    clickUntil(kiosk.frame, "show-plugins", [&] { return kiosk.frame->page() == app::MainFrame::Plugins; });
    const auto* dead = named<wxListCtrl>(kiosk.frame, "dead-letters");
    BOOST_REQUIRE_EQUAL(dead->GetItemCount(), 1);
    BOOST_TEST(dead->GetItemText(0, 2).ToStdString() == "An event with this UUID and other content is already stored.");
    BOOST_TEST(named<wxStaticText>(kiosk.frame, "sync-state")->GetLabel().Contains("not enrolled"));
    shoot(kiosk.frame, kShots + "/plugins.png");
    clickUntil(kiosk.frame, "back", [&] { return kiosk.frame->page() == app::MainFrame::Ward; });
}

BOOST_AUTO_TEST_CASE(the_shell_speaks_spanish_when_asked)
{
    app::initTranslations(PORTSIDE_SHELL, "es");
    {
        Kiosk kiosk;
        signIn(kiosk, "1001", "1234");
        openPatient(kiosk, kAna);
        BOOST_TEST(named<wxButton>(kiosk.frame, "checklist:port-access")->GetLabel() ==
                   wxString::FromUTF8("Acceso al reservorio"));
        clickUntil(kiosk.frame, "checklist:port-access",
                   [&] { return kiosk.frame->page() == app::MainFrame::Checklist; });
        BOOST_TEST(named<wxButton>(kiosk.frame, "confirm")->GetLabel() == "Confirmar");
        BOOST_TEST(named<wxStaticText>(kiosk.frame, "step-title")->GetLabel() ==
                   wxString::FromUTF8("Revise el reservorio y la orden"));
        shoot(kiosk.frame, kShots + "/spanish-first-step.png");
    }
    app::initTranslations(PORTSIDE_SHELL, "en");
}

BOOST_AUTO_TEST_CASE(the_shell_starts_in_the_system_language)
{
    ::setenv("LANGUAGE", "es", 1);
    app::initTranslations(PORTSIDE_SHELL);
    const wxString confirm = _("Confirm");
    app::addCatalog("portside-port-access");
    const wxString title = app::translate("Port access", "portside-port-access");
    ::unsetenv("LANGUAGE");
    app::initTranslations(PORTSIDE_SHELL, "en");
    BOOST_TEST(confirm == "Confirmar");
    BOOST_TEST(title == "Acceso al reservorio");
    BOOST_TEST(_("Confirm") == "Confirm");
}

BOOST_AUTO_TEST_CASE(the_kiosk_program_starts_loads_its_plugins_and_saves_a_screenshot)
{
    test::TempDir data;
    const std::string shot = data.file("kiosk.png");
    const auto r = test::runProcess(PORTSIDE_SHELL, {"--demo", "--data", data.path(), "--screenshot", shot});
    BOOST_TEST(r.exitCode == 0, r.err);
    BOOST_TEST(r.out.find("Screenshot saved to " + shot) != std::string::npos, r.out);
    wxImage image;
    BOOST_REQUIRE(image.LoadFile(shot, wxBITMAP_TYPE_PNG));
    // full screen: the window covers the whole display
    BOOST_TEST(image.GetWidth() >= wxGetDisplaySize().GetWidth());
    BOOST_TEST(image.GetHeight() >= wxGetDisplaySize().GetHeight());
    BOOST_TEST(Poco::File(data.file("kiosk.db")).exists());
    // The demo ran against its own local server: the kiosk is enrolled and the server's file exists.
    BOOST_TEST(r.err.find("without its server") == std::string::npos, r.err);
    BOOST_TEST(Poco::File(data.file("demo-server.db")).exists());
    core::SystemClock clock;
    core::EventStore store(data.file("kiosk.db"), clock);
    BOOST_TEST(store.meta("server_url").rfind("http://127.0.0.1:", 0) == 0u);
    BOOST_TEST(!store.meta("server_token").empty());
}

BOOST_AUTO_TEST_SUITE_END()
