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

#include "portside/core/PluginManager.h"
#include "portside/core/SiteSettings.h"
#include "portside/core/StepJournal.h"

#include <wx/app.h>
#include <wx/button.h>
#include <wx/evtloop.h>
#include <wx/image.h>
#include <wx/stattext.h>
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

template <class W = wxWindow>
W* named(wxWindow* root, const wxString& name)
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
    waitFor([&] { return wxGetMousePosition() == wxPoint(r.GetX() + r.GetWidth() / 2, r.GetY() + r.GetHeight() / 2); }, 1s);
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
    core::StepJournal journal{data.file("journal.jsonl")};
    app::MainFrame* frame = nullptr;

    Kiosk()
    {
        plugins.loadAll();
        plugins.startAll(host);
        frame = new app::MainFrame(plugins, clock, journal, app::MainFrame::Options{});
        frame->Show();
        BOOST_REQUIRE(waitFor([&] { return frame->IsShownOnScreen(); }));
        settle();
    }
    ~Kiosk() { frame->Destroy(); settle(); }
};

} // namespace

BOOST_AUTO_TEST_SUITE(shell)

BOOST_AUTO_TEST_CASE(a_nurse_walks_the_port_access_checklist_to_its_end)
{
    Kiosk kiosk;
    auto* frame = kiosk.frame;
    BOOST_TEST(frame->page() == app::MainFrame::Home);
    shoot(frame, shotName(0, "home"));

    clickUntil(frame, "checklist:port-access", [&] { return frame->page() == app::MainFrame::Checklist; });
    auto* panel = frame->checklistPanel();
    const auto* run = panel->run();
    BOOST_REQUIRE(run);
    const auto steps = run->definition().steps;
    BOOST_TEST(steps.size() == 16u);

    for (std::size_t i = 0; i < steps.size(); ++i) {
        const auto& step = steps[i];
        BOOST_TEST_CONTEXT("step " << i << " " << step.id)
        {
            BOOST_REQUIRE_EQUAL(run->currentIndex(), i);
            BOOST_TEST(named<wxStaticText>(frame, "step-title")->GetLabel() == app::translate(step.title, "portside-port-access"));
            switch (step.type) {
            case sdk::StepType::Choice: {
                const auto& option = step.choices.front();
                auto* toggle = named<wxToggleButton>(frame, "choice:" + option.id);
                clickUntil(frame, "choice:" + option.id, [&] { return toggle->GetValue(); });
                break;
            }
            case sdk::StepType::Assessment:
                for (const auto& finding : step.findings) {
                    auto* no = named<wxToggleButton>(frame, "finding:" + finding.id + ":no");
                    clickUntil(frame, "finding:" + finding.id + ":no", [&] { return no->GetValue(); });
                }
                break;
            case sdk::StepType::Number: {
                auto* display = named<wxStaticText>(frame, "number");
                BOOST_TEST(display->GetLabel() == "10 mL"); // the site default is offered
                clickUntil(frame, "key:5", [&] { return display->GetLabel() == "5 mL"; });
                shoot(frame, shotName(static_cast<int>(i) + 1, step.id + "-out-of-range-entered"));
                clickUntil(frame, "confirm", [&] { return !panel->errorText().empty(); });
                BOOST_TEST(panel->errorText().Contains("from 10 to 20 mL"), panel->errorText());
                BOOST_TEST(run->currentIndex() == i); // refused: the step stays open
                shoot(frame, shotName(static_cast<int>(i) + 1, step.id + "-refused"));
                clickUntil(frame, "key:del", [&] { return display->GetLabel() == "- mL"; });
                clickUntil(frame, "key:1", [&] { return display->GetLabel() == "1 mL"; });
                clickUntil(frame, "key:5", [&] { return display->GetLabel() == "15 mL"; });
                break;
            }
            case sdk::StepType::TimedWait: {
                auto* confirm = named<wxButton>(frame, "confirm");
                auto* countdown = named<wxStaticText>(frame, "countdown");
                BOOST_TEST(!confirm->IsEnabled());
                BOOST_TEST(countdown->GetLabel() == "0:30");
                click(confirm); // a disabled button does nothing
                settle();
                BOOST_TEST(run->currentIndex() == i);
                kiosk.clock.advance(std::chrono::seconds(step.waitSeconds - 10));
                BOOST_TEST(waitFor([&] { return countdown->GetLabel() == "0:10"; }));
                shoot(frame, shotName(static_cast<int>(i) + 1, step.id + "-waiting"));
                kiosk.clock.advance(10s);
                BOOST_TEST(waitFor([&] { return confirm->IsEnabled(); }));
                break;
            }
            default: break;
            }
            shoot(frame, shotName(static_cast<int>(i) + 1, step.id));
            clickUntil(frame, "confirm", [&] { return run->currentIndex() == i + 1 || frame->page() == app::MainFrame::Summary; });
        }
    }

    BOOST_TEST(frame->page() == app::MainFrame::Summary);
    shoot(frame, shotName(static_cast<int>(steps.size()) + 1, "summary"));

    // Recorded in order, in memory and on disk.
    BOOST_REQUIRE_EQUAL(run->records().size(), steps.size());
    const auto journal = core::StepJournal::read(kiosk.journal.path());
    BOOST_REQUIRE_EQUAL(journal.size(), steps.size());
    for (std::size_t i = 0; i < steps.size(); ++i) {
        BOOST_TEST(run->records()[i].stepId == steps[i].id);
        BOOST_TEST(journal[i].stepId == steps[i].id);
        BOOST_TEST(journal[i].index == i);
        BOOST_TEST(journal[i].runId == panel->runId());
        BOOST_TEST(journal[i].checklistId == "port-access");
    }
    auto byId = [&](const std::string& id) {
        return *std::find_if(journal.begin(), journal.end(), [&](const core::JournalEntry& e) { return e.stepId == id; });
    };
    BOOST_TEST(byId("flush").answerJson == R"({"unit":"mL","value":15})");
    BOOST_TEST(byId("allergies").answerJson == R"({"choice":"none"})");
    BOOST_TEST(byId("site").answerJson.find(R"("redness":false)") != std::string::npos);
    BOOST_TEST(byId("dry").answerJson == R"({"waitedSeconds":30})");

    clickUntil(frame, "done", [&] { return frame->page() == app::MainFrame::Home; });
}

BOOST_AUTO_TEST_CASE(the_plugin_list_shows_every_plugin)
{
    Kiosk kiosk;
    clickUntil(kiosk.frame, "show-plugins", [&] { return kiosk.frame->page() == app::MainFrame::Plugins; });
    shoot(kiosk.frame, kShots + "/plugins.png");
    clickUntil(kiosk.frame, "back", [&] { return kiosk.frame->page() == app::MainFrame::Home; });
}

BOOST_AUTO_TEST_CASE(the_shell_speaks_spanish_when_asked)
{
    app::initTranslations(PORTSIDE_SHELL, "es");
    {
        Kiosk kiosk;
        BOOST_TEST(named<wxButton>(kiosk.frame, "checklist:port-access")->GetLabel() == wxString::FromUTF8("Acceso al reservorio"));
        clickUntil(kiosk.frame, "checklist:port-access", [&] { return kiosk.frame->page() == app::MainFrame::Checklist; });
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
    BOOST_TEST(Poco::File(data.file("journal.jsonl")).exists());
}

BOOST_AUTO_TEST_SUITE_END()
