// The real kiosk window under Xvfb, driven with wxUIActionSimulator as a nurse would drive it: pointer moves and
// clicks on the on-screen controls. Screenshots of every screen go to build/tests/screenshots/.

#define BOOST_TEST_MODULE portside shell
#include "GuiKiosk.h"
#include "ViewfinderPanel.h"

#include "portside/core/PluginPackage.h"

#include <fstream>
#include <map>

BOOST_AUTO_TEST_SUITE(shell)

BOOST_AUTO_TEST_CASE(a_nurse_walks_the_port_access_checklist_to_its_end)
{
    Kiosk kiosk;
    auto* frame = kiosk.frame;
    shoot(frame, shotName(0, "sign-in"));
    signIn(kiosk, "1001", "123456");
    BOOST_REQUIRE((kiosk.page() == app::Page::Ward));
    BOOST_TEST(!onScreen(kiosk, "show-supervisor")); // a nurse's kiosk has no supervisor's page
    shoot(frame, shotName(0, "ward"));
    // The second identifier: the date of birth, typed as the patient says it; a wrong one opens nothing.
    auto* dob = named<wxStaticText>(frame, "dob-value");
    clickUntil(frame, "patient:" + kAna, [&] { return dob->IsShownOnScreen(); });
    typeKeys(frame, "dob:", "03021961", dob); // 3 Feb, not 2 Mar
    auto* dobError = named<wxStaticText>(frame, "dob-error");
    clickUntil(frame, "dob-ok", [&] { return !dobError->GetLabel().empty(); });
    BOOST_TEST(dobError->GetLabel().Contains("does not match"), dobError->GetLabel());
    BOOST_TEST((kiosk.page() == app::Page::Ward));
    shoot(frame, shotName(0, "birth-date-refused"));
    clickUntil(frame, "dob-cancel", [&] { return !dob->IsShownOnScreen(); });
    openPatient(kiosk, kAna);
    BOOST_TEST(dueText(kiosk, "none") == "Nothing due yet.");
    shoot(frame, shotName(0, "patient"));

    startChecklist(kiosk, "port-access");
    BOOST_TEST(named<wxStaticText>(frame, "banner-name")->GetLabel().StartsWith("Ana Garcia"));
    std::vector<std::string> walked;
    for (int n = 1; kiosk.page() == app::Page::Checklist && n < 40; ++n) {
        const sdk::Step step = *kiosk.session().step().step;
        BOOST_TEST_CONTEXT("step " << step.id)
        {
            BOOST_TEST(named<wxStaticText>(frame, "step-title")->GetLabel() ==
                       app::translate(step.title, "portside-port-access"));
            if (step.type == sdk::StepType::Number) {
                auto* display = named<wxStaticText>(frame, "number");
                BOOST_TEST(display->GetLabel() == "10 mL"); // the site default is offered
                clickUntil(frame, "key:5", [&] { return display->GetLabel() == "5 mL"; });
                auto* panel = frame->checklistPanel();
                clickUntil(frame, "confirm", [&] { return !panel->errorText().empty(); });
                BOOST_TEST(panel->errorText().Contains("from 10 to 20 mL"), panel->errorText());
                BOOST_TEST(kiosk.session().step().step->id == step.id); // refused: the step stays open
                shoot(frame, shotName(n, step.id + "-refused"));
                clickUntil(frame, "key:del", [&] { return display->GetLabel() == "- mL"; });
                clickUntil(frame, "key:1", [&] { return display->GetLabel() == "1 mL"; });
                clickUntil(frame, "key:5", [&] { return display->GetLabel() == "15 mL"; });
            } else if (step.type == sdk::StepType::TimedWait) {
                auto* confirm = named<wxButton>(frame, "confirm");
                auto* countdown = named<wxStaticText>(frame, "countdown");
                BOOST_TEST(countdown->GetLabel() == "0:30 left");
                BOOST_TEST(!confirm->IsEnabled());
                BOOST_TEST((confirm->GetBackgroundColour() != wxColour(0, 122, 51))); // and does not look pressable
                click(confirm);                                                       // a disabled button does nothing
                settle();
                BOOST_TEST(kiosk.session().step().step->id == step.id);
                kiosk.clock.advance(std::chrono::seconds(step.waitSeconds - 10));
                BOOST_TEST(waitFor([&] { return countdown->GetLabel() == "0:10 left"; }));
                shoot(frame, shotName(n, step.id + "-waiting"));
                kiosk.clock.advance(std::chrono::seconds(10));
                BOOST_TEST(waitFor([&] { return countdown->GetLabel() == "Done" && confirm->IsEnabled(); }));
                BOOST_TEST((confirm->GetBackgroundColour() == wxColour(0, 122, 51)));
            }
            if (step.type == sdk::StepType::Scan || step.role == sdk::StepRole::Label) {
                shoot(frame, shotName(n, step.id));
                doStep(kiosk);
            } else {
                answerStep(kiosk, step);
                shoot(frame, shotName(n, step.id));
                confirmStep(kiosk);
            }
            walked.push_back(step.id);
        }
    }
    BOOST_TEST((kiosk.page() == app::Page::Summary));
    shoot(frame, shotName(static_cast<int>(walked.size()) + 1, "summary"));
    const std::vector<std::string> expected{
        "review", "patient", "allergies",    "hand-hygiene", "site",  "antiseptic",    "scrub",    "dry",
        "needle", "insert",  "blood-return", "saline",       "flush", "dressing-type", "dressing", "label"};
    BOOST_TEST(walked == expected, boost::test_tools::per_element());

    // Recorded in order, in the store, with the chain intact.
    const std::string runId = kiosk.session().runId();
    const auto events = kiosk.store->events(runId);
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
    BOOST_TEST(kiosk.store->events({}, kAna).front().type == "patient-identified");

    // The label was printed at its step: the summary shows its preview and says so; the PNG the file printer
    // wrote decodes to the record id.
    auto* preview = named<wxStaticBitmap>(frame, "label-preview");
    BOOST_TEST(preview->IsShownOnScreen());
    BOOST_TEST(preview->GetBitmap().GetWidth() == 348); // 696 dots at half size
    BOOST_TEST(named<wxStaticText>(frame, "print-status")->GetLabel() == "Label printed.");
    const auto jobs = frame->printQueue().jobs();
    BOOST_REQUIRE_EQUAL(jobs.size(), 1u);
    BOOST_TEST(jobs[0].state == "printed");
    BOOST_TEST(jobs[0].runId == runId);
    const auto printed = devices::loadImage(kiosk.data.file("labels/" + jobs[0].id + ".png"));
    const auto symbols = devices::FrameDecoder().decode(printed);
    BOOST_REQUIRE_EQUAL(symbols.size(), 1u);
    BOOST_TEST(symbols[0].bytes == runId);

    // The patient screen shows the new due dates.
    finishAndReturn(kiosk);
    const auto accessedAt = lastFinish(kiosk);
    BOOST_TEST(dueText(kiosk, "needle-change").StartsWith("Needle change  due "));
    BOOST_TEST(dueText(kiosk, "dressing-change").StartsWith("Dressing change  due "));
    BOOST_TEST(kiosk.session().patient().port.accessed);
    (void)accessedAt;
    shoot(frame, shotName(static_cast<int>(walked.size()) + 2, "patient-after"));
}

BOOST_AUTO_TEST_CASE(each_of_the_five_checklists_runs_to_its_end_and_the_due_dates_follow)
{
    Kiosk kiosk;
    kiosk.settings.set("session.idle_lock_s", "0"); // days pass on this kiosk's clock; the idle lock is tested apart
    signIn(kiosk, "1001", "123456");
    openPatient(kiosk, kAna);
    // Before an access only access and flush-and-lock are offered.
    BOOST_TEST(named<wxButton>(kiosk.frame, "checklist:port-access")->IsEnabled());
    BOOST_TEST(onScreen(kiosk, "why:port-deaccess"));

    startChecklist(kiosk, "port-access");
    walkToEnd(kiosk);
    finishAndReturn(kiosk);
    const auto accessedAt = lastFinish(kiosk);
    shoot(kiosk.frame, kShots + "/five-1-after-port-access.png");
    BOOST_TEST(dueText(kiosk, "needle-change") == expectedDue("Needle change", accessedAt + 7 * kDay));
    BOOST_TEST(onScreen(kiosk, "why:port-access")); // not on an accessed port

    kiosk.clock.advance(std::chrono::duration_cast<std::chrono::milliseconds>(3 * kDay));
    startChecklist(kiosk, "dressing-change");
    // choose gauze this time: due in 2 days
    for (int guard = 0; guard < 40 && kiosk.page() == app::Page::Checklist; ++guard) {
        const sdk::Step step = *kiosk.session().step().step;
        if (step.id == "dressing-type") {
            auto* gauze = named<wxToggleButton>(kiosk.frame, "choice:gauze");
            clickUntil(kiosk.frame, "choice:gauze", [&] { return gauze->GetValue(); });
            confirmStep(kiosk);
        } else {
            doStep(kiosk);
        }
    }
    finishAndReturn(kiosk);
    const auto dressedAt = lastFinish(kiosk);
    shoot(kiosk.frame, kShots + "/five-2-after-dressing-change.png");
    BOOST_TEST(dueText(kiosk, "dressing-change").StartsWith("Dressing change  due "));
    BOOST_TEST(kiosk.session().patient().port.dressing == "gauze");
    BOOST_TEST((kiosk.session().patient().port.dressedAt.value() <= dressedAt));
    BOOST_TEST((kiosk.session().patient().port.dressedAt.value() + 2 * kDay > dressedAt));
    BOOST_TEST(dueText(kiosk, "needle-change") == expectedDue("Needle change", accessedAt + 7 * kDay));

    startChecklist(kiosk, "blood-sampling");
    for (int guard = 0; guard < 40 && kiosk.page() == app::Page::Checklist; ++guard) {
        const sdk::Step step = *kiosk.session().step().step;
        if (step.id == "discard") {
            // 12 mL is allowed but unusual: the kiosk asks why before it accepts it.
            auto* display = named<wxStaticText>(kiosk.frame, "number");
            clickUntil(kiosk.frame, "key:1", [&] { return display->GetLabel() == "1 mL"; });
            clickUntil(kiosk.frame, "key:2", [&] { return display->GetLabel() == "12 mL"; });
            clickUntil(kiosk.frame, "confirm", [&] { return onScreen(kiosk, "reason-question"); });
            BOOST_TEST(named<wxStaticText>(kiosk.frame, "reason-question")
                           ->GetLabel()
                           .Contains("12 mL is outside the usual 3 to 10 mL."),
                       named<wxStaticText>(kiosk.frame, "reason-question")->GetLabel());
            shoot(kiosk.frame, kShots + "/five-3-override-asked.png");
            const auto before = recorded(kiosk);
            clickUntil(kiosk.frame, "reason:0", [&] { return recorded(kiosk) > before; });
            const auto& record = kiosk.session().records().back();
            BOOST_TEST(record.answer.overrideReason == "Prescriber's order");
            BOOST_TEST(record.warning == "12 mL is outside the usual 3 to 10 mL.");
            continue;
        }
        doStep(kiosk);
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
    clickUntil(kiosk.frame, "all-patients", [&] { return kiosk.page() == app::Page::Ward; });
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
    signIn(kiosk, "1001", "123456");
    openPatient(kiosk, kAna);
    startChecklist(kiosk, "port-access");
    for (int i = 0; i < 3; ++i)
        doStep(kiosk);
    const std::string runId = kiosk.session().runId();
    kiosk.reopenStore(); // the kiosk lost power; a new process opens the same file

    signIn(kiosk, "2001", "246813"); // another nurse does not get it
    BOOST_TEST((kiosk.page() == app::Page::Ward));
    signOut(kiosk);

    signIn(kiosk, "1001", "123456");
    BOOST_REQUIRE((kiosk.page() == app::Page::Checklist));
    BOOST_TEST(kiosk.session().runId() == runId);
    BOOST_TEST(kiosk.session().records().size() == 3u);
    BOOST_TEST(kiosk.session().step().step->id == "hand-hygiene");
    BOOST_TEST(named<wxStaticText>(kiosk.frame, "progress")->GetLabel() == "Port access - step 4 of 22");
    BOOST_TEST(named<wxStaticText>(kiosk.frame, "banner-name")->GetLabel().StartsWith("Ana Garcia"));
    // The wristband is asked again before anything is done; another patient's is refused, naming both.
    BOOST_TEST(onScreen(kiosk, "identity-question"));
    BOOST_TEST(!onScreen(kiosk, "confirm"));
    shoot(kiosk.frame, kShots + "/resumed.png");
    auto* error = named<wxStaticText>(kiosk.frame, "error");
    wedgeScan("]d28018" + kBen);
    BOOST_REQUIRE(waitFor([&] { return !error->GetLabel().empty(); }));
    BOOST_TEST(error->GetLabel().Contains("Ben Okafor"), error->GetLabel());
    BOOST_TEST(error->GetLabel().Contains("Ana Garcia"), error->GetLabel());
    BOOST_TEST(kiosk.session().identityPending());
    wedgeScan("]d28018" + kAna);
    BOOST_REQUIRE(waitFor([&] { return !kiosk.session().identityPending() && onScreen(kiosk, "confirm"); }));
    BOOST_TEST(!onScreen(kiosk, "identity-question"));
    walkToEnd(kiosk);
    BOOST_TEST(kiosk.store->events(runId).size() == 16u + 2u);
}

BOOST_AUTO_TEST_CASE(the_wrong_heparin_concentration_stops_the_lock_step_and_no_button_gets_around_it)
{
    Kiosk kiosk;
    signIn(kiosk, "1001", "123456");
    openPatient(kiosk, kAna);               // ordered: heparin 100 units/mL, 5 mL
    startChecklist(kiosk, "port-deaccess"); // the record says not accessed: the nurse says she found a needle
    const auto started = kiosk.store->events(kiosk.session().runId());
    BOOST_TEST(started.at(1).type == "port-state-differs"); // recorded with the run's start
    walkTo(kiosk, "lock");
    BOOST_TEST(named<wxStaticText>(kiosk.frame, "expected")->GetLabel() == "Heparin lock flush: 100 units/mL, 5 mL");
    BOOST_TEST(onScreen(kiosk, "no-barcode")); // before a stop, a witnessed fallback exists
    // The step's widgets are made again for every step shown: look them up each time.
    auto message = [&] { return named<wxStaticText>(kiosk.frame, "verdict-message")->GetLabel(); };
    auto* panel = kiosk.frame->checklistPanel();

    clickDemoScan(kiosk, wxString::FromUTF8("Heparin 1\u202f000"), [&] { return panel->verdictWord() == "STOP"; });
    BOOST_TEST(
        message().Contains(wxString::FromUTF8("Heparin 1\u202f000 units/mL scanned; this step needs 100 units/mL.")),
        message());
    noWayOnButAScan(kiosk, "lock", "after the stop");
    shoot(kiosk.frame, kShots + "/heparin-1000-stop.png");

    // Cancel and start again: the lock step is still stopped.
    clickUntil(kiosk.frame, "cancel", [&] { return onScreen(kiosk, "reason-question"); });
    clickUntil(kiosk.frame, "reason:2", [&] { return kiosk.page() == app::Page::Patient; });
    startChecklist(kiosk, "port-deaccess");
    walkTo(kiosk, "lock");
    noWayOnButAScan(kiosk, "lock", "after cancel and restart");
    BOOST_TEST(message().Contains(wxString::FromUTF8("Heparin 1\u202f000 units/mL")), message());
    shoot(kiosk.frame, kShots + "/heparin-stop-after-restart.png");

    // Sign out and in: the run reopens at the stopped step.
    kiosk.frame->signOut();
    signIn(kiosk, "1001", "123456");
    confirmPatientAgain(kiosk, kAna);
    noWayOnButAScan(kiosk, "lock", "after signing out and in");

    // The kiosk loses power: the same.
    kiosk.reopenStore();
    signIn(kiosk, "1001", "123456");
    confirmPatientAgain(kiosk, kAna);
    noWayOnButAScan(kiosk, "lock", "after a crash");

    clickDemoScan(kiosk, "Recalled heparin 100", [&] { return message().Contains("RECALLED"); });
    BOOST_TEST(kiosk.frame->checklistPanel()->verdictWord() == "STOP");
    noWayOnButAScan(kiosk, "lock", "after the recalled lot");
    shoot(kiosk.frame, kShots + "/heparin-recalled-stop.png");

    clickDemoScan(kiosk, "Heparin 100", [&] { return kiosk.session().step().step->id == "lock-volume"; });
    const auto& record = kiosk.session().records().back();
    BOOST_TEST(record.stepId == "lock");
    BOOST_TEST(record.answer.scan.find("0109506003001002") != std::string::npos);
    std::size_t stops = 0;
    for (const auto& e : kiosk.store->events({}, kAna))
        stops += e.type == "scan-stopped";
    BOOST_TEST(stops == 2u); // the 1,000 units/mL and the recalled lot, each recorded
    shoot(kiosk.frame, kShots + "/heparin-100-passed-next-step.png");
}

BOOST_AUTO_TEST_CASE(every_stop_kind_on_screen_offers_no_way_on_but_a_passing_scan)
{
    struct Case {
        const char* name;
        std::string patient;
        const char* checklist;
        const char* step;
        std::string wrongScan;
    };
    const std::vector<Case> cases{
        {"wrong-patient", kAna, "port-access", "patient", "]C18018" + kBen},
        {"unknown-product", kAna, "port-access", "needle",
         "]d2010950600900001617271231"
         "10U1"},
        {"wrong-product", kAna, "port-access", "needle",
         "]d2010950600200010517271231"
         "10S1"},
        {"expired", kAna, "port-access", "saline",
         "]d20109506002000105"
         "17240100"
         "10OLD1"},
        {"recalled", kAna, "port-deaccess", "lock",
         "]d2010950600300100217271231"
         "10RC2407"},
        {"heparin-concentration", kAna, "port-deaccess", "lock",
         "]d2010950600310000217271231"
         "10H"},
        {"heparin-hit", kBen, "port-deaccess", "lock",
         "]d2010950600300100217271231"
         "10H1"},
        {"small-syringe", kAna, "port-access", "saline",
         "]d2010950600200005117271231"
         "10S5"},
        {"wrong-dressing", kAna, "port-access", "dressing",
         "]d2010950600400002817271231"
         "10G1"},
    };
    Kiosk kiosk;
    signIn(kiosk, "1001", "123456");
    for (const auto& c : cases) {
        BOOST_TEST_CONTEXT(c.name)
        {
            // Getting there is not the point: the session is driven directly, the screen shows the step.
            auto& s = kiosk.session();
            s.openFromList(c.patient, kiosk.store->patient(c.patient)->birthDate);
            bool differs = false;
            for (const auto& o : s.checklists())
                differs = differs || (o.id == c.checklist && !o.offered);
            s.start(c.checklist, differs ? "A needle is in place" : "");
            for (int guard = 0; guard < 40 && s.step().step->id != c.step; ++guard) {
                const auto st = s.step();
                if (st.step->type == sdk::StepType::Scan) {
                    s.scan(core::demoScanFor(st.expect, c.patient, kiosk.clock.now()));
                    continue;
                }
                sdk::StepAnswer a;
                if (st.step->type == sdk::StepType::Choice)
                    a.choice = st.step->choices.front().id;
                if (st.step->type == sdk::StepType::Number)
                    a.number = st.step->defaultValue;
                for (const auto& f : st.step->findings)
                    a.findings[f.id] = false;
                kiosk.clock.advance(std::chrono::milliseconds(st.waitMs));
                s.confirm(a);
            }
            kiosk.frame->show(app::Page::Checklist);
            BOOST_REQUIRE(s.step().step->id == c.step);
            // The bypass attempt on screen: the STOP leaves no button that moves on.
            kiosk.frame->onScan(c.wrongScan);
            BOOST_REQUIRE(waitFor([&] { return kiosk.frame->checklistPanel()->verdictWord() == "STOP"; }));
            BOOST_TEST(s.step().stopped);
            noWayOnButAScan(kiosk, c.step, "after the stop");
            shoot(kiosk.frame, kShots + "/stop-" + c.name + ".png");
            // A second tap of the same product is a STOP again, recorded again.
            kiosk.frame->onScan(c.wrongScan);
            settle();
            noWayOnButAScan(kiosk, c.step, "after a second tap");
            // Only the right product moves on.
            const auto before = recorded(kiosk);
            kiosk.frame->onScan(scanFor(kiosk));
            BOOST_REQUIRE(waitFor([&] { return recorded(kiosk) > before; }));
            s.cancel("Started in error");
            kiosk.frame->show(app::Page::Patient);
        }
    }
    std::size_t stops = 0;
    for (const auto& e : kiosk.store->events())
        stops += e.type == "scan-stopped";
    BOOST_TEST(stops == 2 * cases.size());
}

BOOST_AUTO_TEST_CASE(without_a_stop_a_wristband_that_will_not_scan_needs_a_witness)
{
    Kiosk kiosk;
    signIn(kiosk, "1001", "123456");
    openPatient(kiosk, kAna);
    startChecklist(kiosk, "port-access");
    doStep(kiosk); // review
    BOOST_REQUIRE(kiosk.session().step().step->id == "patient");
    BOOST_TEST(!onScreen(kiosk, "confirm")); // a scan step is not confirmed by a tap
    clickUntil(kiosk.frame, "no-barcode", [&] { return onScreen(kiosk, "reason-question"); });
    auto* witness = named<wxStaticText>(kiosk.frame, "witness-value");
    clickUntil(kiosk.frame, "reason:0", [&] { return witness->IsShownOnScreen(); });
    shoot(kiosk.frame, kShots + "/witness-asked.png");
    typeKeys(kiosk.frame, "witness:", "1001", witness); // the nurse herself is no witness
    clickUntil(kiosk.frame, "witness-ok", [&] { return witness->GetLabel().empty(); });
    typeKeys(kiosk.frame, "witness:", "123456", witness);
    auto* panel = kiosk.frame->checklistPanel();
    clickUntil(kiosk.frame, "witness-ok", [&] { return !panel->errorText().empty(); });
    BOOST_TEST(panel->errorText().Contains("someone else"), panel->errorText());
    BOOST_TEST(kiosk.session().step().step->id == "patient");
    clickUntil(kiosk.frame, "no-barcode", [&] { return onScreen(kiosk, "reason-question"); });
    clickUntil(kiosk.frame, "reason:0", [&] { return witness->IsShownOnScreen(); });
    typeKeys(kiosk.frame, "witness:", "2001", witness);
    clickUntil(kiosk.frame, "witness-ok", [&] { return witness->GetLabel().empty(); });
    typeKeys(kiosk.frame, "witness:", "246813", witness);
    clickUntil(kiosk.frame, "witness-ok", [&] { return kiosk.session().step().step->id == "allergies"; });
    const auto& record = kiosk.session().records().back();
    BOOST_TEST(record.answer.witness == "2001");
    BOOST_TEST(record.answer.overrideReason == "Barcode damaged or unreadable");
}

BOOST_AUTO_TEST_CASE(heparin_for_a_patient_with_hit_is_never_offered_and_stops_when_scanned)
{
    Kiosk kiosk;
    signIn(kiosk, "1001", "123456");
    openPatient(kiosk, kBen); // HIT, saline lock
    BOOST_TEST(named<wxStaticText>(kiosk.frame, "banner-flags")->GetLabel().Contains("HEPARIN ALLERGY / HIT"));
    startChecklist(kiosk, "port-deaccess");
    walkTo(kiosk, "lock");
    BOOST_TEST(kiosk.session().step().expect.category == "saline-flush"); // a saline lock
    auto* panel = kiosk.frame->checklistPanel();
    clickDemoScan(kiosk, "Heparin 100", [&] { return panel->verdictWord() == "STOP"; });
    BOOST_TEST(named<wxStaticText>(kiosk.frame, "verdict-message")->GetLabel().Contains("heparin allergy or HIT"));
    noWayOnButAScan(kiosk, "lock", "after heparin for HIT");
    shoot(kiosk.frame, kShots + "/heparin-hit-stop.png");
}

BOOST_AUTO_TEST_CASE(a_wristband_scan_on_the_ward_opens_that_patient)
{
    Kiosk kiosk;
    signIn(kiosk, "1001", "123456");
    kiosk.frame->onScan("]C18018" + kBen);
    BOOST_REQUIRE(waitFor([&] { return kiosk.page() == app::Page::Patient; }));
    BOOST_TEST(kiosk.session().patient().record.id == kBen);
    BOOST_TEST(kiosk.session().patient().identifiedBy == "wristband");
}

BOOST_AUTO_TEST_CASE(wedge_scans_with_caps_lock_on_sign_in_by_badge_and_open_a_patient_by_wristband)
{
    Kiosk kiosk;
    kiosk.store->putStaff(core::StaffAuth::make("950600013435200091", "Ola Berg", "nurse", "5555", 1000));
    CapsLock caps; // a scanner on a kiosk whose Caps Lock someone left on
    auto* prompt = named<wxStaticText>(kiosk.frame, "signin-prompt");
    wedgeScan("]C18017950600013435200091");
    BOOST_REQUIRE_MESSAGE(waitFor([&] { return prompt->GetLabel().Contains("PIN"); }), prompt->GetLabel());
    auto* value = named<wxStaticText>(kiosk.frame, "signin-value");
    typeKeys(kiosk.frame, "signin:", "5555", value);
    clickUntil(kiosk.frame, "signin-ok", [&] { return kiosk.page() == app::Page::Ward; });
    BOOST_TEST(kiosk.session().staff().name == "Ola Berg");
    // The AIM identifier in the other case ("]D2" for Data Matrix), Caps Lock still on.
    wedgeScan("]D28018" + kBen);
    BOOST_REQUIRE(waitFor([&] { return kiosk.page() == app::Page::Patient; }));
    BOOST_TEST(kiosk.session().patient().record.id == kBen);
    BOOST_TEST(kiosk.session().patient().identifiedBy == "wristband");
}

BOOST_AUTO_TEST_CASE(a_scan_is_taken_after_go_back_a_witness_question_and_a_resume)
{
    Kiosk kiosk;
    signIn(kiosk, "1001", "123456");
    openPatient(kiosk, kAna);
    startChecklist(kiosk, "port-access");
    confirmStep(kiosk); // review
    BOOST_REQUIRE(kiosk.session().step().step->id == "patient");
    // A question asked and closed with "Go back": the wristband scan still reaches the step.
    clickUntil(kiosk.frame, "no-barcode", [&] { return onScreen(kiosk, "reason-question"); });
    clickUntil(kiosk.frame, "reason:back", [&] { return !onScreen(kiosk, "reason-question"); });
    wedgeScan("]d28018" + kAna);
    BOOST_REQUIRE(waitFor([&] { return kiosk.session().step().step->id == "allergies"; }));
    // Signed out and back in: the run reopens and the next scan is taken there.
    kiosk.frame->signOut();
    signIn(kiosk, "1001", "123456");
    BOOST_REQUIRE((kiosk.page() == app::Page::Checklist));
    wedgeScan("]d28018" + kAna); // the patient confirmed again
    BOOST_REQUIRE(waitFor([&] { return !kiosk.session().identityPending(); }));
    doStep(kiosk); // allergies
    walkTo(kiosk, "needle");
    const auto before = recorded(kiosk);
    wedgeScan(scanFor(kiosk));
    BOOST_TEST(waitFor([&] { return recorded(kiosk) > before; }));
}

BOOST_AUTO_TEST_CASE(a_port_access_from_the_lock_screen_takes_few_touches)
{
    // A nurse with a scanner: badge scan and PIN, the wristband, then port access to its summary, every check kept.
    Kiosk kiosk;
    kiosk.store->putStaff(core::StaffAuth::make("950600013435200091", "Ola Berg", "nurse", "5555", 1000));
    touches = scans = 0;
    auto* prompt = named<wxStaticText>(kiosk.frame, "signin-prompt");
    wedgeScan("]C18017950600013435200091");
    BOOST_REQUIRE(waitFor([&] { return prompt->GetLabel().Contains("PIN"); }));
    auto* value = named<wxStaticText>(kiosk.frame, "signin-value");
    typeKeys(kiosk.frame, "signin:", "5555", value);
    clickUntil(kiosk.frame, "signin-ok", [&] { return kiosk.page() == app::Page::Ward; });
    wedgeScan("]d28018" + kAna);
    BOOST_REQUIRE(waitFor([&] { return kiosk.page() == app::Page::Patient; }));
    startChecklist(kiosk, "port-access");
    const auto steps = walkToEnd(kiosk);
    BOOST_TEST(steps.size() == 16u); // the steps a port access with no findings walks
    BOOST_TEST_MESSAGE("port access from the lock screen: " << touches << " touches and " << scans << " scans");
    std::ofstream(kShots + "/tap-count.txt") << touches << " touches, " << scans << " scans\n";
    BOOST_TEST(touches <= 30); // 35 touches before "None of these" and badge-scan sign-in
    BOOST_TEST(scans == 6);    // badge, wristband (twice: opening and the identity step), needle, saline, dressing
}

BOOST_AUTO_TEST_CASE(step_before_reopens_the_last_step_as_a_recorded_correction)
{
    Kiosk kiosk;
    signIn(kiosk, "1001", "123456");
    openPatient(kiosk, kAna);
    startChecklist(kiosk, "port-access");
    BOOST_TEST(!onScreen(kiosk, "back-step")); // nothing before the first step
    doStep(kiosk);                             // review
    doStep(kiosk);                             // the wristband
    BOOST_REQUIRE(kiosk.session().step().step->id == "allergies");
    clickUntil(kiosk.frame, "back-step", [&] { return onScreen(kiosk, "reason-question"); });
    clickUntil(kiosk.frame, "reason:0", [&] { return kiosk.session().step().step->id == "patient"; });
    BOOST_TEST(kiosk.session().records().size() == 1u);
    std::size_t corrected = 0;
    for (const auto& e : kiosk.store->events(kiosk.session().runId()))
        corrected += e.type == "step-corrected";
    BOOST_TEST(corrected == 1u);
    wedgeScan("]d28018" + kAna); // done again
    BOOST_TEST(waitFor([&] { return kiosk.session().step().step->id == "allergies"; }));
}

/// Port access for Ana up to the wristband step's witness keypad, where the witness (Ola Berg, PIN 5555) scans her
/// badge: her PIN is asked next. Returns the keypad's display.
wxStaticText* witnessBadgeScanned(Kiosk& kiosk)
{
    kiosk.store->putStaff(core::StaffAuth::make("950600013435200091", "Ola Berg", "nurse", "5555", 1000));
    signIn(kiosk, "1001", "123456");
    openPatient(kiosk, kAna);
    startChecklist(kiosk, "port-access");
    doStep(kiosk); // review
    clickUntil(kiosk.frame, "no-barcode", [&] { return onScreen(kiosk, "reason-question"); });
    clickUntil(kiosk.frame, "reason:0", [&] { return onScreen(kiosk, "witness"); });
    auto* prompt = named<wxStaticText>(kiosk.frame, "witness-prompt");
    kiosk.frame->onScan("]C18017950600013435200091");
    BOOST_REQUIRE(waitFor([&] { return prompt->GetLabel().Contains("PIN"); }));
    return named<wxStaticText>(kiosk.frame, "witness-value");
}

BOOST_AUTO_TEST_CASE(a_scan_while_a_question_is_open_answers_that_question)
{
    Kiosk kiosk;
    // The witness keypad open: the witness scans their badge, then types their PIN.
    auto* value = witnessBadgeScanned(kiosk);
    BOOST_TEST(!kiosk.session().step().stopped);
    typeKeys(kiosk.frame, "witness:", "5555", value);
    clickUntil(kiosk.frame, "witness-ok", [&] { return kiosk.session().step().step->id == "allergies"; });
    BOOST_TEST(kiosk.session().records().back().answer.witness == "950600013435200091");
}

BOOST_AUTO_TEST_CASE(new_ward_data_keeps_what_is_being_entered_and_a_changed_order_shows_the_step_again)
{
    Kiosk kiosk;
    auto* value = witnessBadgeScanned(kiosk); // then half of the witness's PIN
    typeKeys(kiosk.frame, "witness:", "55", value);

    // A sync brings reference data that does not touch this run (a recall of another product): the witness's
    // half-typed PIN stays, and the status bar says what arrived.
    core::Recall recall;
    recall.product = "09506000134352";
    recall.lot = "ZZ9";
    recall.reason = "test";
    kiosk.store->putRecall(recall);
    kiosk.store->setMeta("reference_version", "41");
    BOOST_REQUIRE(waitFor([&] { return kiosk.frame->statusText(0).Contains("New ward data"); }, 3s));
    BOOST_TEST(onScreen(kiosk, "witness"));
    BOOST_TEST(value->GetLabel().length() == 2u, value->GetLabel());
    typeKeys(kiosk.frame, "witness:", "55", value);
    clickUntil(kiosk.frame, "witness-ok", [&] { return kiosk.session().step().step->id == "allergies"; });
    BOOST_TEST(kiosk.session().records().back().answer.witness == "950600013435200091");

    // A note half written stays too.
    for (int guard = 0; guard < 20 && !onScreen(kiosk, "note"); ++guard)
        doStep(kiosk);
    auto* note = named<wxTextCtrl>(kiosk.frame, "note");
    note->ChangeValue("warm to touch");
    kiosk.store->setMeta("reference_version", "42");
    kiosk.frame->notice("");
    BOOST_REQUIRE(waitFor([&] { return kiosk.frame->statusText(0).Contains("New ward data"); }, 3s));
    BOOST_TEST(named<wxTextCtrl>(kiosk.frame, "note")->GetValue() == "warm to touch");

    // The patient's record now says HIT: the open run follows at once, and the step is shown again with a word why.
    auto ana = *kiosk.store->patient(kAna);
    ana.heparinAllergyOrHit = true;
    kiosk.store->putPatient(ana);
    kiosk.store->setMeta("reference_version", "43");
    BOOST_REQUIRE(waitFor([&] { return kiosk.frame->statusText(0).Contains("record changed"); }, 3s));
    BOOST_TEST(kiosk.session().patient().heparinAllergyOrHit);
}

/// A dressing change for Ana up to its first step with a note.
void walkToANote(Kiosk& kiosk)
{
    signIn(kiosk, "1001", "123456");
    openPatient(kiosk, kAna);
    startChecklist(kiosk, "dressing-change");
    for (int guard = 0; guard < 20 && !onScreen(kiosk, "note"); ++guard)
        doStep(kiosk);
    BOOST_REQUIRE(onScreen(kiosk, "note"));
}

BOOST_AUTO_TEST_CASE(the_printer_in_the_status_bar_shows_the_labels_and_back_returns_to_the_step_as_it_was)
{
    Kiosk kiosk;
    walkToANote(kiosk);
    const std::string step = kiosk.session().step().step->id;
    named<wxTextCtrl>(kiosk.frame, "note")->ChangeValue("edges lifting");
    clickUntil(kiosk.frame, "status:2", [&] { return kiosk.page() == app::Page::Labels; });
    clickUntil(kiosk.frame, "labels-back", [&] { return kiosk.page() == app::Page::Checklist; });
    BOOST_TEST(kiosk.session().step().step->id == step);
    BOOST_TEST(named<wxTextCtrl>(kiosk.frame, "note")->GetValue() == "edges lifting");
    // The patient's record changes while the labels are on show: Back shows the step again, and says why.
    clickUntil(kiosk.frame, "status:2", [&] { return kiosk.page() == app::Page::Labels; });
    auto ana = *kiosk.store->patient(kAna);
    ana.heparinAllergyOrHit = true;
    kiosk.store->putPatient(ana);
    kiosk.store->setMeta("reference_version", "51");
    BOOST_REQUIRE(waitFor([&] { return kiosk.frame->statusText(0).Contains("record changed"); }, 3s));
    clickUntil(kiosk.frame, "labels-back", [&] { return kiosk.page() == app::Page::Checklist; });
    BOOST_TEST(kiosk.frame->statusText(0).Contains("record changed"), kiosk.frame->statusText(0));
    BOOST_TEST(named<wxTextCtrl>(kiosk.frame, "note")->GetValue().empty()); // the step as the run is now
    // From the ward, Back goes back to the ward.
    kiosk.frame->show(app::Page::Ward);
    clickUntil(kiosk.frame, "show-labels", [&] { return kiosk.page() == app::Page::Labels; });
    clickUntil(kiosk.frame, "labels-back", [&] { return kiosk.page() == app::Page::Ward; });
}

BOOST_AUTO_TEST_CASE(a_lot_barcode_scanned_when_the_lot_is_asked_is_that_lot)
{
    Kiosk kiosk;
    signIn(kiosk, "1001", "123456");
    openPatient(kiosk, kAna);
    startChecklist(kiosk, "port-deaccess");
    walkTo(kiosk, "lock");
    const auto before = recorded(kiosk);
    kiosk.frame->onScan("]d2010950600300100217271231"); // heparin 100 without its lot: the lot is asked
    BOOST_REQUIRE(waitFor([&] { return onScreen(kiosk, "lot-entry"); }));
    kiosk.frame->onScan("]C110RC2407"); // the package's lot barcode: the recalled lot
    BOOST_REQUIRE(waitFor([&] { return kiosk.frame->checklistPanel()->verdictWord() == "STOP"; }));
    BOOST_TEST(recorded(kiosk) == before);
    BOOST_TEST(kiosk.store->events().back().type == "scan-stopped");
    BOOST_TEST(kiosk.store->events().back().payload.find("\"rule\":\"recalled\"") != std::string::npos,
               kiosk.store->events().back().payload);
    // Another package whose barcode carries a good lot passes.
    kiosk.frame->onScan("]d2010950600300100217271231"
                        "10HX1001");
    BOOST_REQUIRE(waitFor([&] { return recorded(kiosk) > before; }));
}

BOOST_AUTO_TEST_CASE(a_double_tap_on_print_prints_one_label)
{
    Kiosk kiosk;
    signIn(kiosk, "1001", "123456");
    openPatient(kiosk, kAna);
    startChecklist(kiosk, "port-access");
    walkTo(kiosk, "label");
    auto* print = named<wxButton>(kiosk.frame, "print-label");
    BOOST_REQUIRE(waitFor([&] { return !kiosk.frame->tapGuarded(); }, 2s)); // past the last step's Confirm
    wxUIActionSimulator sim;
    pointAt(sim, middleOnScreen(print));
    sim.MouseClick();
    sim.MouseClick(); // a second tap at once
    BOOST_REQUIRE(waitFor([&] { return kiosk.session().labelState().printed; }));
    settle();
    BOOST_TEST(kiosk.frame->printQueue().jobs().size() == 1u);
}

BOOST_AUTO_TEST_CASE(a_label_caught_mid_send_by_a_crash_is_checked_at_the_printer_not_printed_twice)
{
    Kiosk kiosk;
    signIn(kiosk, "1001", "123456");
    openPatient(kiosk, kAna);
    startChecklist(kiosk, "port-access");
    walkTo(kiosk, "label");
    // The kiosk dies while the label is on its way to the printer: the job is left "sending". It may have printed.
    core::PrintJob job;
    job.id = "job-cut-off";
    job.printer = "kiosk";
    job.state = "sending";
    job.attempts = 1;
    job.runId = kiosk.session().runId();
    job.patient = kAna;
    job.created = job.updated = "2026-11-30T10:00:00Z";
    job.widthDots = 16;
    job.heightDots = 2;
    job.dpi = 300;
    job.bits = {0xff, 0x00, 0x0f, 0xf0};
    kiosk.store->putPrintJob(job);
    kiosk.restart();
    signIn(kiosk, "1001", "123456");
    BOOST_REQUIRE((kiosk.page() == app::Page::Checklist));
    kiosk.frame->onScan("]d28018" + kAna); // the wristband, asked again on resuming
    BOOST_REQUIRE(waitFor([&] { return !kiosk.session().identityPending() && onScreen(kiosk, "confirm"); }));
    auto* status = named<wxStaticText>(kiosk.frame, "print-status");
    wxString said = status->GetLabel();
    said.Replace("\n", " ");
    BOOST_TEST(said.Contains("it may have printed"), said);
    BOOST_TEST(!said.Contains("waits and prints"), said); // it does not: a nurse decides
    BOOST_TEST(!named<wxButton>(kiosk.frame, "confirm")->IsEnabled());
    clickUntil(kiosk.frame, "label-there", [&] { return kiosk.session().labelState().printed; });
    settle();
    BOOST_TEST(named<wxButton>(kiosk.frame, "confirm")->IsEnabled());
    BOOST_TEST(!named(kiosk.frame, "label-there")->IsShown());
    BOOST_TEST(kiosk.frame->printQueue().jobs().size() == 1u); // nothing was sent again
    BOOST_TEST(kiosk.store->printJob("job-cut-off")->state == "printed");
}

BOOST_AUTO_TEST_CASE(a_double_tap_on_confirm_confirms_one_step)
{
    Kiosk kiosk;
    signIn(kiosk, "1001", "123456");
    openPatient(kiosk, kAna);
    startChecklist(kiosk, "port-access");
    const auto before = recorded(kiosk);
    const std::string first = kiosk.session().step().step->id;
    auto* confirm = named<wxButton>(kiosk.frame, "confirm");
    BOOST_REQUIRE(waitFor([&] { return !kiosk.frame->tapGuarded(); }, 2s)); // past the tap that started the checklist
    wxUIActionSimulator sim;
    pointAt(sim, middleOnScreen(confirm)).MouseClick();
    BOOST_REQUIRE(waitFor([&] { return recorded(kiosk) > before; }));
    sim.MouseClick(); // the second tap lands on the next step's Confirm (the same place), a moment later
    settle();
    BOOST_TEST(recorded(kiosk) == before + 1);
    BOOST_TEST(kiosk.session().step().step->id != first);
    BOOST_TEST(kiosk.session().step().number == 2u);
    // Once the guard has passed, a deliberate tap is a tap.
    BOOST_REQUIRE(waitFor([&] { return !kiosk.frame->tapGuarded(); }, 2s));
    BOOST_TEST(kiosk.session().step().step->id == "patient");

    // A reason is a tap that moves on too, and a quick tap elsewhere after it (the first digit on the witness keypad
    // that came up) is meant, and taken.
    clickUntil(kiosk.frame, "no-barcode", [&] { return onScreen(kiosk, "reason-question"); });
    BOOST_REQUIRE(waitFor([&] { return !kiosk.frame->tapGuarded(); }, 2s));
    pointAt(sim, middleOnScreen(named(kiosk.frame, "reason:0"))).MouseClick();
    BOOST_REQUIRE(waitFor([&] { return onScreen(kiosk, "witness"); }));
    auto* typed = named<wxStaticText>(kiosk.frame, "witness-value");
    pointAt(sim, middleOnScreen(named(kiosk.frame, "witness:5")));
    // Within the guard, on an unloaded machine (a slow one may take longer to get here: then it only shows a tap).
    BOOST_WARN(kiosk.frame->tapGuarded());
    sim.MouseClick();
    BOOST_TEST(waitFor([&] { return typed->GetLabel() == "5"; }), typed->GetLabel());
}

BOOST_AUTO_TEST_CASE(a_close_request_is_ignored_for_a_nurse_and_only_a_supervisor_leaves)
{
    Kiosk kiosk;
    BOOST_TEST(!kiosk.frame->Close()); // the window manager's close (Alt+F4): vetoed on the lock screen
    BOOST_TEST(kiosk.frame->IsShownOnScreen());
    signIn(kiosk, "1001", "123456");
    BOOST_TEST(!kiosk.frame->Close()); // and for a nurse
    settle();
    BOOST_TEST(kiosk.frame->IsShownOnScreen());
    BOOST_TEST(kiosk.frame->statusText(0).Contains("supervisor"));
    BOOST_CHECK_THROW(kiosk.frame->leave(), core::Problem);
    BOOST_TEST(kiosk.frame->IsShownOnScreen());
    signOut(kiosk);
    signIn(kiosk, "2001", "246813");
    clickUntil(kiosk.frame, "show-supervisor", [&] { return kiosk.page() == app::Page::Supervisor; });
    auto* frame = kiosk.frame;
    click(named(frame, "leave-kiosk"));
    BOOST_TEST(waitFor([&] { return !frame->IsShown() || wxPendingDelete.Member(frame); }), frame->statusText(0));
    kiosk.frame = nullptr; // it went
    wxTheApp->ProcessIdle();
    settle();
}

BOOST_AUTO_TEST_CASE(the_idle_lock_counts_down_and_a_touch_cancels_it)
{
    Kiosk kiosk;
    signIn(kiosk, "1001", "123456");
    kiosk.clock.advance(std::chrono::seconds(95));
    settle();
    BOOST_TEST(!kiosk.frame->idleCountdownShown()); // not before the last 20 seconds
    kiosk.clock.advance(std::chrono::seconds(10));  // 15 s left
    BOOST_REQUIRE(waitFor([&] { return kiosk.frame->idleCountdownShown(); }, 3s));
    auto* countdown = named<wxStaticText>(kiosk.frame, "idle-countdown-text");
    BOOST_TEST(countdown->GetLabel().Contains("15 seconds"), countdown->GetLabel());
    shoot(kiosk.frame, kShots + "/idle-countdown.png");
    click(countdown); // a touch
    BOOST_REQUIRE(waitFor([&] { return !kiosk.frame->idleCountdownShown(); }));
    kiosk.clock.advance(std::chrono::seconds(30));
    settle();
    BOOST_TEST(kiosk.session().signedIn()); // the wait started again at the touch
    kiosk.clock.advance(std::chrono::seconds(95));
    BOOST_REQUIRE(waitFor([&] { return kiosk.page() == app::Page::SignIn; }, 3s));
    BOOST_TEST(!kiosk.frame->idleCountdownShown());
}

BOOST_AUTO_TEST_CASE(the_idle_lock_waits_while_a_timed_wait_runs)
{
    Kiosk kiosk;
    kiosk.settings.set("session.idle_lock_s", "25");
    signIn(kiosk, "1001", "123456");
    openPatient(kiosk, kAna);
    startChecklist(kiosk, "port-access");
    for (int guard = 0; guard < 20 && kiosk.session().step().step->type != sdk::StepType::TimedWait; ++guard)
        doStep(kiosk);
    BOOST_REQUIRE(kiosk.session().step().step->type == sdk::StepType::TimedWait);
    const long long waitMs = kiosk.session().step().waitMs;
    BOOST_REQUIRE(waitMs > 25'000); // longer than the idle lock
    // The nurse watches the countdown and touches nothing: the kiosk stays hers, with no warning.
    for (long long passed = 0; kiosk.session().step().waitMs > 0; passed += 5'000) {
        BOOST_REQUIRE(passed <= waitMs);
        kiosk.clock.advance(std::chrono::seconds(5));
        waitFor([] { return false; }, 1100ms); // a tick of the kiosk's clock
        BOOST_TEST(kiosk.session().signedIn());
        if (kiosk.session().step().waitMs > 0)
            BOOST_TEST(!kiosk.frame->idleCountdownShown());
    }
    BOOST_REQUIRE(waitFor([&] { return named<wxStaticText>(kiosk.frame, "countdown")->GetLabel() == "Done"; }));
    // Once it is done, the idle lock counts again.
    kiosk.clock.advance(std::chrono::seconds(26));
    BOOST_REQUIRE(waitFor([&] { return kiosk.page() == app::Page::SignIn; }, 3s));
}

BOOST_AUTO_TEST_CASE(notes_keep_every_character_typed_fast_or_slow)
{
    Kiosk kiosk;
    walkToANote(kiosk);
    auto* note = named<wxTextCtrl>(kiosk.frame, "note");
    click(note);
    waitFor([&] { return note->HasFocus(); }, 1s);
    wxUIActionSimulator sim;
    sim.Text("Site clean, no redness"); // at scanner speed, with no Enter
    BOOST_TEST(waitFor([&] { return note->GetValue() == "Site clean, no redness"; }, 3s), note->GetValue());
    for (char c : std::string(" OK")) { // slowly
        sim.Char(c, std::isupper(static_cast<unsigned char>(c)) ? wxMOD_SHIFT : wxMOD_NONE);
        waitFor([] { return false; }, 120ms);
    }
    BOOST_TEST(waitFor([&] { return note->GetValue() == "Site clean, no redness OK"; }, 3s), note->GetValue());
    // With gloves, the on-screen keyboard: its keys type into the same note.
    clickUntil(kiosk.frame, "note-keyboard", [&] { return onScreen(kiosk, "touch-keyboard"); });
    shoot(kiosk.frame, kShots + "/note-keyboard.png");
    for (const char* key : {"kb:space", "kb:caps", "kb:D", "kb:R", "kb:Y"}) {
        const wxString before = note->GetValue();
        clickUntil(kiosk.frame, key, [&] { return note->GetValue() != before || wxString(key) == "kb:caps"; });
    }
    clickUntil(kiosk.frame, "kb:del", [&] { return note->GetValue().EndsWith("DR"); });
    // The accented letters of the nurse's language, in capitals and not.
    clickUntil(kiosk.frame, "kb:accents", [&] { return onScreen(kiosk, wxString::FromUTF8("kb:É")); });
    clickUntil(kiosk.frame, wxString::FromUTF8("kb:É"),
               [&] { return note->GetValue().EndsWith(wxString::FromUTF8("DRÉ")); });
    clickUntil(kiosk.frame, "kb:caps", [&] { return onScreen(kiosk, wxString::FromUTF8("kb:ñ")); });
    clickUntil(kiosk.frame, wxString::FromUTF8("kb:ñ"),
               [&] { return note->GetValue().EndsWith(wxString::FromUTF8("Éñ")); });
    clickUntil(kiosk.frame, "kb:done", [&] { return !onScreen(kiosk, "touch-keyboard"); });
    BOOST_TEST(note->GetValue() == wxString::FromUTF8("Site clean, no redness OK DRÉñ"), note->GetValue());
    BOOST_TEST(onScreen(kiosk, "note"));
}

BOOST_AUTO_TEST_CASE(an_image_scanner_reads_the_wristband_into_the_identify_step_and_its_state_is_shown)
{
    Kiosk kiosk;
    // The image-folder scanner plugin watches <data>/scanner-inbox and says so in the status bar.
    BOOST_REQUIRE(waitFor([&] { return kiosk.frame->scannerStatus().StartsWith("Image scanner watching"); }));
    // The nurse's status bar says the scanner is ready, without the folder's path (that is on the devices page).
    BOOST_TEST(kiosk.frame->statusText(3) == "Scanner: ready");
    for (int i = 0; i < app::MainFrame::kStatusFields; ++i)
        BOOST_TEST(!kiosk.frame->statusText(i).Contains(kiosk.data.path()));
    signIn(kiosk, "1001", "123456");
    openPatient(kiosk, kAna);
    startChecklist(kiosk, "port-access");
    confirmStep(kiosk); // review
    BOOST_REQUIRE(kiosk.session().step().step->id == "patient");
    // A GS1 DataMatrix of the wristband (GSRN 8018), made by zint, dropped into the folder as a camera would.
    const std::string png = kiosk.data.file("wristband.png");
    const auto made = test::runProcess("/usr/bin/zint", {"-b", "71", "--gs1", "-d", "[8018]" + kAna, "--scale=4",
                                                         "--whitesp=4", "--vwhitesp=4", "-o", png});
    BOOST_REQUIRE_MESSAGE(made.exitCode == 0, made.err);
    Poco::File(png).moveTo(kiosk.data.file("scanner-inbox/wristband.png"));
    BOOST_REQUIRE(waitFor([&] { return kiosk.session().step().step->id == "allergies"; }, 10s));
    BOOST_TEST(kiosk.session().records().back().answer.scan == "]d28018" + kAna);
    shoot(kiosk.frame, kShots + "/image-scanner-wristband-accepted.png");
}

/// Raw grey camera frames for the camera scanner's test source: light paper, optionally with a symbol at (x, y).
void writeCameraFrame(const std::string& path, const devices::GrayImage* symbol = nullptr, int x = 0, int y = 0)
{
    devices::GrayImage frame{640, 480, std::vector<std::uint8_t>(640 * 480, 225)};
    if (symbol)
        for (int r = 0; r < symbol->height; ++r)
            for (int c = 0; c < symbol->width; ++c)
                frame.pixels[static_cast<std::size_t>(y + r) * 640 + x + c] =
                    symbol->pixels[static_cast<std::size_t>(r) * symbol->width + c] < 128 ? 25 : 240;
    const std::string part = path + ".part"; // whole frames only: the source may read the file at any moment
    {
        std::ofstream out(part, std::ios::binary);
        out.write(reinterpret_cast<const char*>(frame.pixels.data()),
                  static_cast<std::streamsize>(frame.pixels.size()));
    }
    Poco::File(part).renameTo(path);
}

BOOST_AUTO_TEST_CASE(a_live_camera_shows_its_picture_on_the_scan_step_and_reads_the_wristband_there)
{
    // The camera scanner plays raw frames through GStreamer (multifilesrc, looped) instead of a camera: paper at
    // first; the wristband appears in the picture only once the identify step is on screen.
    test::TempDir frames;
    writeCameraFrame(frames.file("frame-00.gray"));
    writeCameraFrame(frames.file("frame-01.gray"));
    Kiosk kiosk(wxDefaultSize, "multifilesrc location=\"" + frames.path() +
                                   "/frame-%02d.gray\" loop=true caps=\"video/x-raw,format=GRAY8,width=640,height=480,"
                                   "framerate=20/1\" ! identity sleep-time=50000");
    BOOST_REQUIRE(kiosk.frame->viewfinder());
    BOOST_REQUIRE(
        waitFor([&] { return kiosk.frame->viewfinder()->previewStatus() == "Camera multifilesrc is on."; }, 10s));
    BOOST_REQUIRE(waitFor([&] { return kiosk.frame->statusText(3) == "Scanner: ready"; }));
    BOOST_TEST(!onScreen(kiosk, "viewfinder")); // only scan steps show it
    signIn(kiosk, "1001", "123456");
    openPatient(kiosk, kAna);
    startChecklist(kiosk, "port-access");
    confirmStep(kiosk); // review
    BOOST_REQUIRE(kiosk.session().step().step->id == "patient");
    auto* viewfinder = named<app::ViewfinderPanel>(kiosk.frame, "viewfinder");
    BOOST_REQUIRE(viewfinder);
    BOOST_REQUIRE(waitFor([&] { return viewfinder->IsShownOnScreen() && viewfinder->pictures() >= 3; }, 10s));
    BOOST_TEST(viewfinder->live());
    shoot(kiosk.frame, kShots + "/camera-viewfinder-on-scan-step.png");

    // The wristband's GSRN (8018) DataMatrix, made by zint, held up off the picture's centre.
    const std::string png = kiosk.data.file("wristband.png");
    const auto made =
        test::runProcess("/usr/bin/zint", {"-b", "71", "--gs1", "-d", "[8018]" + kAna, "--scale=2", "-o", png});
    BOOST_REQUIRE_MESSAGE(made.exitCode == 0, made.err);
    const auto symbol = devices::loadImage(png);
    writeCameraFrame(frames.file("frame-01.gray"), &symbol, 420, 40);
    BOOST_REQUIRE(waitFor([&] { return kiosk.session().step().step->id == "allergies"; }, 15s));
    BOOST_TEST(kiosk.session().records().back().answer.scan == "]d28018" + kAna);
    shoot(kiosk.frame, kShots + "/camera-wristband-accepted.png");
}

BOOST_AUTO_TEST_CASE(a_missing_camera_does_not_hide_a_ready_scanner_and_its_viewfinder_says_there_is_no_picture)
{
    Kiosk kiosk(wxDefaultSize, "v4l2src device=/dev/video-not-here");
    BOOST_REQUIRE(kiosk.frame->viewfinder());
    // Both scanners have spoken: the camera that is not there, the image folder that is.
    BOOST_REQUIRE(waitFor(
        [&] {
            return kiosk.frame->viewfinder()->previewStatus().find("Cannot identify device '/dev/video-not-here'") !=
                       std::string::npos &&
                   kiosk.frame->statusText(3) == "Scanner: ready";
        },
        10s));
    signIn(kiosk, "1001", "123456");
    openPatient(kiosk, kAna);
    startChecklist(kiosk, "port-access");
    confirmStep(kiosk); // review
    auto* viewfinder = named<app::ViewfinderPanel>(kiosk.frame, "viewfinder");
    BOOST_REQUIRE(viewfinder);
    BOOST_REQUIRE(waitFor([&] { return viewfinder->IsShownOnScreen(); }));
    BOOST_TEST(!viewfinder->live());
    BOOST_TEST(viewfinder->pictures() == 0u);
    BOOST_TEST(kiosk.frame->statusText(3) == "Scanner: ready");
    shoot(kiosk.frame, kShots + "/camera-missing-viewfinder.png");
}

BOOST_AUTO_TEST_CASE(an_idle_session_locks_and_the_checklist_reopens_at_sign_in)
{
    Kiosk kiosk;
    signIn(kiosk, "1001", "123456");
    openPatient(kiosk, kAna);
    startChecklist(kiosk, "port-access");
    confirmStep(kiosk);
    const std::string runId = kiosk.session().runId();
    kiosk.clock.advance(std::chrono::seconds(121)); // nobody touches the kiosk for two minutes
    BOOST_REQUIRE(waitFor([&] { return kiosk.page() == app::Page::SignIn; }, 5s));
    BOOST_TEST(!kiosk.session().signedIn());
    shoot(kiosk.frame, kShots + "/idle-locked.png");
    signIn(kiosk, "1001", "123456");
    BOOST_REQUIRE((kiosk.page() == app::Page::Checklist));
    BOOST_TEST(kiosk.session().runId() == runId);
    BOOST_TEST(kiosk.session().step().step->id == "patient");
    BOOST_TEST(onScreen(kiosk, "identity-question"));
    kiosk.frame->onScan("]d28018" + kAna);
    BOOST_TEST(waitFor([&] { return !onScreen(kiosk, "identity-question"); }));
}

BOOST_AUTO_TEST_CASE(a_cancelled_checklist_asks_why_and_keeps_what_was_confirmed)
{
    Kiosk kiosk;
    signIn(kiosk, "1001", "123456");
    openPatient(kiosk, kAna);
    startChecklist(kiosk, "port-access");
    confirmStep(kiosk);
    const std::string runId = kiosk.session().runId();
    clickUntil(kiosk.frame, "cancel", [&] { return onScreen(kiosk, "reason-question"); });
    shoot(kiosk.frame, kShots + "/cancel-asked.png");
    clickUntil(kiosk.frame, "reason:back", [&] { return !onScreen(kiosk, "reason-question"); });
    BOOST_TEST((kiosk.page() == app::Page::Checklist));
    clickUntil(kiosk.frame, "cancel", [&] { return onScreen(kiosk, "reason-question"); });
    clickUntil(kiosk.frame, "reason:0", [&] { return kiosk.page() == app::Page::Patient; });
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
    BOOST_TEST((kiosk.page() == app::Page::SignIn));
    wxString error = named<wxStaticText>(kiosk.frame, "signin-error")->GetLabel();
    error.Replace("\n", " "); // wrapped to fit its column
    BOOST_TEST(error ==
               "Badge or PIN not recognised. Check both and try again. Attempts left before this badge is locked: 4.");
    shoot(kiosk.frame, kShots + "/sign-in-refused.png");
}

BOOST_AUTO_TEST_CASE(the_pin_is_checked_away_from_the_screen_and_a_second_tap_checks_it_once)
{
    // PBKDF2 takes about 0.2 s (StaffAuth::kIterations): the screen must not freeze for it, and a nurse who taps
    // OK again because nothing seemed to happen must not spend a second attempt.
    Kiosk kiosk;
    auto* prompt = named<wxStaticText>(kiosk.frame, "signin-prompt");
    auto* value = named<wxStaticText>(kiosk.frame, "signin-value");
    auto* error = named<wxStaticText>(kiosk.frame, "signin-error");
    const auto tap = [&](const wxString& name) { // the button's own event, delivered now on the GUI thread
        auto* button = named<wxButton>(kiosk.frame, name);
        wxCommandEvent event(wxEVT_BUTTON, button->GetId());
        event.SetEventObject(button);
        button->ProcessWindowEvent(event);
    };
    const auto tapOk = [&] { tap("signin-ok"); };
    typeKeys(kiosk.frame, "signin:", "1001", value);
    clickUntil(kiosk.frame, "signin-ok", [&] { return value->GetLabel().empty(); });
    typeKeys(kiosk.frame, "signin:", "999999", value);
    tapOk();
    // Back from the tap before the PIN is checked: the GUI thread did not do the hashing.
    BOOST_TEST(prompt->GetLabel().Contains("Checking"), prompt->GetLabel());
    BOOST_TEST((kiosk.page() == app::Page::SignIn));
    BOOST_TEST(error->GetLabel().empty());
    tapOk(); // a second tap, and a key, while it is checked: nothing
    tap("signin:5");
    BOOST_REQUIRE(waitFor([&] { return !error->GetLabel().empty(); }));
    wxString said = error->GetLabel();
    said.Replace("\n", " ");
    BOOST_TEST(said.EndsWith("locked: 4."), said); // one attempt spent, not two
    BOOST_TEST(value->GetLabel().empty());
    BOOST_TEST(!prompt->GetLabel().Contains("Checking"), prompt->GetLabel());
    // The right PIN signs in the same way; signing out while a PIN is checked drops its answer.
    typeKeys(kiosk.frame, "signin:", "123456", value);
    tapOk();
    BOOST_TEST(prompt->GetLabel().Contains("Checking"), prompt->GetLabel());
    kiosk.frame->signOut();
    waitFor([] { return false; }, 600ms);
    BOOST_TEST((kiosk.page() == app::Page::SignIn));
    BOOST_TEST(!kiosk.session().signedIn());
    signIn(kiosk, "1001", "123456");
    BOOST_TEST((kiosk.page() == app::Page::Ward));
}

BOOST_AUTO_TEST_CASE(a_badge_scan_on_the_lock_screen_asks_for_the_pin)
{
    Kiosk kiosk;
    kiosk.store->putStaff(core::StaffAuth::make("950600013435200091", "Ola Berg", "nurse", "5555", 1000));
    auto* prompt = named<wxStaticText>(kiosk.frame, "signin-prompt");
    kiosk.frame->onScan("]C18017950600013435200091");
    BOOST_REQUIRE(waitFor([&] { return prompt->GetLabel().Contains("PIN"); }));
    auto* value = named<wxStaticText>(kiosk.frame, "signin-value");
    typeKeys(kiosk.frame, "signin:", "5555", value);
    clickUntil(kiosk.frame, "signin-ok", [&] { return kiosk.page() == app::Page::Ward; });
    BOOST_TEST(kiosk.session().staff().name == "Ola Berg");
}

BOOST_AUTO_TEST_CASE(labels_are_kept_in_history_and_reprinted_from_it)
{
    Kiosk kiosk;
    const sdk::Raster label{16, 2, 300, {0xff, 0x00, 0x0f, 0xf0}};
    const auto first = kiosk.frame->printQueue().submit("kiosk", label, "run-x", kAna);
    BOOST_REQUIRE(waitFor([&] { return kiosk.store->printJob(first)->state == "printed"; }));
    signIn(kiosk, "1001", "123456");
    clickUntil(kiosk.frame, "show-labels", [&] { return kiosk.page() == app::Page::Labels; });
    auto* list = named<wxListCtrl>(kiosk.frame, "label-jobs");
    BOOST_REQUIRE_EQUAL(list->GetItemCount(), 1);
    BOOST_TEST(list->GetItemText(0, 0) == "Bed 7-01   Ana Garcia");
    BOOST_TEST(list->GetItemText(0, 2) == "first");
    BOOST_TEST(list->GetItemText(0, 3) == "printed");
    // select the row with a tap, then reprint
    wxRect row;
    list->GetItemRect(0, row);
    const wxPoint centre = list->ClientToScreen(wxPoint(row.GetX() + 40, row.GetY() + row.GetHeight() / 2));
    wxUIActionSimulator sim;
    pointAt(sim, centre).MouseClick();
    BOOST_REQUIRE(waitFor([&] { return list->GetSelectedItemCount() == 1; }));
    // A double tap on Reprint prints one copy.
    auto* reprint = named<wxButton>(kiosk.frame, "reprint");
    BOOST_REQUIRE(waitFor([&] { return !kiosk.frame->tapGuarded(); }, 2s));
    pointAt(sim, middleOnScreen(reprint)).MouseClick();
    sim.MouseClick();
    BOOST_REQUIRE(waitFor([&] { return kiosk.frame->printQueue().jobs().size() >= 2u; }));
    settle();
    BOOST_TEST(kiosk.frame->printQueue().jobs().size() == 2u);
    BOOST_REQUIRE(waitFor([&] {
        const auto jobs = kiosk.frame->printQueue().jobs();
        return jobs.size() == 2u && jobs[1].state == "printed";
    }));
    BOOST_TEST(Poco::File(kiosk.data.file("labels/" + kiosk.frame->printQueue().jobs()[1].id + ".png")).exists());
    // The log says which copy is the reprint (newest first), once it has printed.
    BOOST_REQUIRE(waitFor([&] { return list->GetItemCount() == 2 && list->GetItemText(0, 3) == "printed"; }));
    BOOST_TEST(list->GetItemText(0, 2) == "REPRINT");
    BOOST_TEST(list->GetItemText(1, 2) == "first");
    shoot(kiosk.frame, kShots + "/labels-history.png");
}

BOOST_AUTO_TEST_CASE(the_supervisors_page_shows_plugins_refused_records_and_what_to_follow_up)
{
    Kiosk kiosk;
    core::NewEvent note;
    note.type = "note";
    note.patient = "950600013435200008";
    const auto stored = kiosk.store->append({note});
    kiosk.store->markOutbox({stored.front().seq}, "dead",
                            "An event with this UUID and other content is already stored.");
    // A nurse has no way there.
    signIn(kiosk, "1001", "123456");
    BOOST_TEST(!onScreen(kiosk, "show-supervisor"));
    kiosk.frame->show(app::Page::Supervisor); // even asked directly, the session refuses
    BOOST_TEST((kiosk.page() == app::Page::Ward));
    // Nor by tapping the status bar's sync field.
    click(named(kiosk.frame, "status:1"));
    settle();
    BOOST_TEST((kiosk.page() == app::Page::Ward));
    // A nurse who got her PIN wrong five times is locked out; the supervisor unlocks her badge.
    signOut(kiosk);
    signIn(kiosk, "1001", "0000");
    auto* error = named<wxStaticText>(kiosk.frame, "signin-error");
    auto* value = named<wxStaticText>(kiosk.frame, "signin-value");
    BOOST_TEST(error->GetLabel().Contains("4."), error->GetLabel()); // attempts left
    for (int i = 0; i < 4; ++i) {                                    // the PIN again, wrong
        const wxString before = error->GetLabel();
        typeKeys(kiosk.frame, "signin:", "0000", value);
        clickUntil(kiosk.frame, "signin-ok", [&] { return error->GetLabel() != before; });
    }
    BOOST_TEST(error->GetLabel().Contains("locked"), error->GetLabel());
    kiosk.frame->signOut(); // the pad starts again at the badge
    signIn(kiosk, "2001", "246813");
    clickUntil(kiosk.frame, "show-supervisor", [&] { return kiosk.page() == app::Page::Supervisor; });
    clickUntil(kiosk.frame, "section:badges", [&] { return onScreen(kiosk, "locked-badges"); });
    auto* locked = named<wxListCtrl>(kiosk.frame, "locked-badges");
    BOOST_REQUIRE_EQUAL(locked->GetItemCount(), 1);
    BOOST_TEST(locked->GetItemText(0, 1).ToStdString() == "Sam Rivera");
    locked->SetItemState(0, wxLIST_STATE_SELECTED, wxLIST_STATE_SELECTED);
    clickUntil(kiosk.frame, "unlock-badge", [&] { return locked->GetItemCount() == 0; });
    // Devices: a test label goes through the queue; the scanner test reads a wedge scan and records nothing.
    clickUntil(kiosk.frame, "section:devices", [&] { return onScreen(kiosk, "test-print"); });
    BOOST_TEST(!named<wxStaticText>(kiosk.frame, "device-printer")->GetLabel().empty());
    const auto jobs = kiosk.frame->printQueue().jobs().size();
    clickUntil(kiosk.frame, "test-print", [&] { return kiosk.frame->printQueue().jobs().size() == jobs + 1; });
    auto* result = named<wxStaticText>(kiosk.frame, "scanner-test-result");
    clickUntil(kiosk.frame, "scanner-test", [&] { return result->GetLabel().StartsWith("Scan any barcode"); });
    const auto events = kiosk.store->events().size();
    wedgeScan("]d28018" + kBen);
    BOOST_TEST(waitFor([&] { return result->GetLabel().StartsWith("Wristband " + kBen + " (Ben"); }),
               result->GetLabel());
    BOOST_TEST(kiosk.store->events().size() == events);
    shoot(kiosk.frame, kShots + "/supervisor-devices.png");
    clickUntil(kiosk.frame, "section:settings", [&] { return onScreen(kiosk, "settings-list"); });
    BOOST_TEST(named<wxListCtrl>(kiosk.frame, "settings-list")->GetItemCount() >= 2);
    clickUntil(kiosk.frame, "section:sync", [&] { return onScreen(kiosk, "dead-letters"); });
    const auto* dead = named<wxListCtrl>(kiosk.frame, "dead-letters");
    BOOST_REQUIRE_EQUAL(dead->GetItemCount(), 1);
    BOOST_TEST(dead->GetItemText(0, 2).ToStdString() == "An event with this UUID and other content is already stored.");
    BOOST_TEST(named<wxStaticText>(kiosk.frame, "sync-state")->GetLabel().Contains("not enrolled"));
    shoot(kiosk.frame, kShots + "/supervisor.png");
    clickUntil(kiosk.frame, "back", [&] { return kiosk.page() == app::Page::Ward; });
}

namespace {
std::string fileBytes(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}
} // namespace

BOOST_AUTO_TEST_CASE(a_supervisor_installs_a_plugin_from_a_usb_stick_and_a_nurse_runs_it_after_a_restart)
{
    Kiosk kiosk;
    // The vendor's key is one the site trusts; the stick holds its signed package and one signed by a stranger.
    const auto vendor = core::generateSigningKey(), stranger = core::generateSigningKey();
    Poco::File(kiosk.data.file("keys")).createDirectories();
    // The stick as the desktop mounts it, /media/<user>/<label>; what a trash folder holds is not offered.
    Poco::File(kiosk.data.file("stick/nurse/PORTSIDE/plugins")).createDirectories();
    Poco::File(kiosk.data.file("stick/nurse/PORTSIDE/.Trash-1000")).createDirectories();
    std::ofstream(kiosk.data.file("keys/wound-vendor.pub.pem")) << vendor.publicPem;
    const std::map<std::string, std::string> files{
        {"manifest.json",
         R"({"id":"wound-check","version":"1.0.0","kind":"checklist","sdk":"2.0","library":"wound-check.so"})"},
        {"wound-check.so", fileBytes(PORTSIDE_TEST_MODULES "/wound-1.0.0/wound-check.so")}};
    std::ofstream(kiosk.data.file("stick/nurse/PORTSIDE/plugins/wound-check-1.0.0.zip"), std::ios::binary)
        << core::packPackage(files, vendor);
    std::ofstream(kiosk.data.file("stick/nurse/PORTSIDE/.Trash-1000/old.zip"), std::ios::binary)
        << core::packPackage(files, vendor);
    std::ofstream(kiosk.data.file("stick/a-stranger.zip"), std::ios::binary) << core::packPackage(files, stranger);
    kiosk.settings.set("plugins.trusted_keys", kiosk.data.file("keys"));
    kiosk.settings.set("plugins.import_folders", kiosk.data.file("stick"));

    // A nurse has no way to the plugins.
    signIn(kiosk, "1001", "123456");
    BOOST_TEST(!onScreen(kiosk, "show-supervisor"));
    BOOST_TEST(!onScreen(kiosk, "plugin-from-folder"));
    signOut(kiosk);

    signIn(kiosk, "2001", "246813");
    clickUntil(kiosk.frame, "show-supervisor", [&] { return kiosk.page() == app::Page::Supervisor; });
    clickUntil(kiosk.frame, "section:plugins", [&] { return onScreen(kiosk, "plugin-from-folder"); });
    auto* candidates = named<wxListCtrl>(kiosk.frame, "plugin-candidates");
    clickUntil(kiosk.frame, "plugin-from-folder", [&] { return candidates->IsShownOnScreen(); });
    BOOST_REQUIRE_EQUAL(candidates->GetItemCount(), 2);
    BOOST_TEST(candidates->GetItemText(0, 0).ToStdString() == "a-stranger.zip");
    auto* progress = named<wxStaticText>(kiosk.frame, "plugin-progress");
    // The stranger's package first: refused, with why, and nothing installed.
    candidates->SetItemState(0, wxLIST_STATE_SELECTED, wxLIST_STATE_SELECTED);
    click(named(kiosk.frame, "plugin-install"));
    BOOST_TEST(waitFor([&] { return progress->GetLabel().StartsWith("Not installed"); }, 20s), progress->GetLabel());
    BOOST_TEST(progress->GetLabel().Contains("does not trust"), progress->GetLabel());
    BOOST_TEST(kiosk.store->events().back().type == "plugin-refused");
    BOOST_TEST(!Poco::File(kiosk.data.file("plugins/wound-check")).exists());
    // The vendor's package: verified, tried in a separate process, kept for the next start, recorded with who.
    candidates->SetItemState(1, wxLIST_STATE_SELECTED, wxLIST_STATE_SELECTED);
    click(named(kiosk.frame, "plugin-install"));
    BOOST_TEST(waitFor([&] { return progress->GetLabel().StartsWith("Installing wound-check-1.0.0.zip"); }));
    BOOST_TEST(waitFor([&] { return progress->GetLabel().StartsWith("Installed wound-check 1.0.0"); }, 20s),
               progress->GetLabel());
    BOOST_TEST(progress->GetLabel().Contains("wound-vendor"), progress->GetLabel());
    const auto installed = kiosk.store->events().back();
    BOOST_TEST(installed.type == "plugin-installed");
    BOOST_TEST(installed.staff == "2001");
    auto* list = named<wxListCtrl>(kiosk.frame, "plugin-list");
    auto rowOf = [&](const std::string& id) {
        for (int r = 0; r < list->GetItemCount(); ++r)
            if (list->GetItemText(r, 0).ToStdString() == id)
                return r;
        return -1;
    };
    BOOST_REQUIRE(rowOf("wound-check") >= 0);
    BOOST_TEST(list->GetItemText(rowOf("wound-check"), 3).Contains("runs from the next start"));
    shoot(kiosk.frame, kShots + "/supervisor-plugins.png");

    // After a restart the supervisor sees it running, signed by the vendor...
    kiosk.restart();
    signIn(kiosk, "2001", "246813");
    clickUntil(kiosk.frame, "show-supervisor", [&] { return kiosk.page() == app::Page::Supervisor; });
    clickUntil(kiosk.frame, "section:plugins", [&] { return onScreen(kiosk, "plugin-list"); });
    list = named<wxListCtrl>(kiosk.frame, "plugin-list");
    BOOST_REQUIRE(rowOf("wound-check") >= 0);
    BOOST_TEST(list->GetItemText(rowOf("wound-check"), 1).ToStdString() == "1.0.0");
    BOOST_TEST(list->GetItemText(rowOf("wound-check"), 3).ToStdString() == "Running");
    BOOST_TEST(list->GetItemText(rowOf("wound-check"), 4).StartsWith("wound-vendor ("));
    // A bundled checklist cannot be changed here; the installed one is disabled from the next start, recorded.
    list->SetItemState(rowOf("port-access"), wxLIST_STATE_SELECTED, wxLIST_STATE_SELECTED);
    progress = named<wxStaticText>(kiosk.frame, "plugin-progress");
    clickUntil(kiosk.frame, "plugin-remove", [&] { return progress->GetLabel().Contains("came with Portside"); });
    list->SetItemState(rowOf("wound-check"), wxLIST_STATE_SELECTED, wxLIST_STATE_SELECTED);
    clickUntil(kiosk.frame, "plugin-disable",
               [&] { return list->GetItemText(rowOf("wound-check"), 3).Contains("Disabled from the next start"); });
    BOOST_TEST(kiosk.store->events().back().type == "plugin-disabled");
    BOOST_TEST(kiosk.store->events().back().staff == "2001");
    list->SetItemState(rowOf("wound-check"), wxLIST_STATE_SELECTED, wxLIST_STATE_SELECTED);
    clickUntil(kiosk.frame, "plugin-enable",
               [&] { return list->GetItemText(rowOf("wound-check"), 3).ToStdString() == "Running"; });
    clickUntil(kiosk.frame, "back", [&] { return kiosk.page() == app::Page::Ward; });
    signOut(kiosk);
    // ... and a nurse runs its checklist to the end.
    signIn(kiosk, "1001", "123456");
    openPatient(kiosk, kAna);
    startChecklist(kiosk, "wound-check");
    BOOST_TEST(kiosk.session().definition().title == "Wound check");
    while (kiosk.session().running())
        doStep(kiosk);
    BOOST_TEST(kiosk.session().finished());
    finishAndReturn(kiosk);
}

BOOST_AUTO_TEST_CASE(the_shell_speaks_spanish_when_asked_stops_included)
{
    app::initTranslations(PORTSIDE_SHELL, "es");
    {
        Kiosk kiosk;
        signIn(kiosk, "1001", "123456");
        openPatient(kiosk, kAna);
        BOOST_TEST(named<wxButton>(kiosk.frame, "checklist:port-access")->GetLabel() ==
                   wxString::FromUTF8("Acceso al reservorio"));
        clickUntil(kiosk.frame, "checklist:port-access", [&] { return kiosk.page() == app::Page::Checklist; });
        BOOST_TEST(named<wxButton>(kiosk.frame, "confirm")->GetLabel() == "Confirmar");
        BOOST_TEST(named<wxStaticText>(kiosk.frame, "step-title")->GetLabel() ==
                   wxString::FromUTF8("Revise el reservorio y la orden"));
        shoot(kiosk.frame, kShots + "/spanish-first-step.png");
        confirmStep(kiosk);
        // The STOP sentence comes from core, in Spanish.
        kiosk.frame->onScan("]C18018" + kBen);
        BOOST_REQUIRE(waitFor([&] { return !kiosk.frame->checklistPanel()->verdictWord().empty(); }));
        const wxString stop = named<wxStaticText>(kiosk.frame, "verdict-message")->GetLabel();
        BOOST_TEST(stop.Contains("PACIENTE EQUIVOCADO"), stop);
        BOOST_TEST(stop.Contains("Ben Okafor"), stop);
        BOOST_TEST(stop.Contains("Ana Garcia"), stop);
        BOOST_TEST(kiosk.frame->checklistPanel()->verdictWord() != "STOP"); // the word itself is Spanish too
        shoot(kiosk.frame, kShots + "/spanish-stop.png");
    }
    app::initTranslations(PORTSIDE_SHELL, "en");
}

BOOST_AUTO_TEST_CASE(the_screens_speak_the_signed_in_nurses_language)
{
    Kiosk kiosk; // the kiosk speaks English; this nurse reads Spanish
    auto maria = core::StaffAuth::make("3001", "Maria Lopez", "nurse", "1357", 1000);
    maria.language = "es";
    kiosk.store->putStaff(maria);
    BOOST_TEST(named<wxButton>(kiosk.frame, "signin-ok")->GetLabel() == "Next");
    signIn(kiosk, "3001", "1357");
    // The shell's own words and core's sentences alike.
    BOOST_TEST(named<wxButton>(kiosk.frame, "sign-out")->GetLabel() == wxString::FromUTF8("Cerrar sesión"),
               named<wxButton>(kiosk.frame, "sign-out")->GetLabel());
    openPatient(kiosk, kAna);
    startChecklist(kiosk, "port-access");
    confirmStep(kiosk);
    kiosk.frame->onScan("]C18018" + kBen);
    BOOST_REQUIRE(waitFor([&] { return kiosk.frame->checklistPanel()->verdictWord() == "ALTO"; }));
    const wxString stop = named<wxStaticText>(kiosk.frame, "verdict-message")->GetLabel();
    BOOST_TEST(stop.Contains("PACIENTE EQUIVOCADO"), stop);
    shoot(kiosk.frame, kShots + "/spanish-nurse-stop.png");
    // Numbers inside core's sentences take her decimal sign.
    BOOST_TEST(kiosk.frame->say(core::tr_("%s mL", {2.5})) == "2,5 mL");
    kiosk.frame->signOut(); // the next nurse reads English again
    signIn(kiosk, "1001", "123456");
    openPatient(kiosk, kBen);
    startChecklist(kiosk, "port-access");
    confirmStep(kiosk);
    kiosk.frame->onScan("]C18018" + kAna);
    BOOST_REQUIRE(waitFor([&] { return kiosk.frame->checklistPanel()->verdictWord() == "STOP"; }));
    BOOST_TEST(named<wxStaticText>(kiosk.frame, "verdict-message")->GetLabel().Contains("WRONG PATIENT"));
}

BOOST_AUTO_TEST_CASE(another_nurses_open_checklist_is_taken_over_not_doubled)
{
    Kiosk kiosk;
    signIn(kiosk, "1001", "123456");
    openPatient(kiosk, kAna);
    startChecklist(kiosk, "port-access");
    doStep(kiosk);
    const std::string run = kiosk.session().runId();
    kiosk.frame->signOut();
    signIn(kiosk, "2001", "246813");
    openPatient(kiosk, kAna);
    wxString openLabel = named<wxButton>(kiosk.frame, "checklist:port-access")->GetLabel();
    openLabel.Replace("\n", " "); // a long title takes two lines
    BOOST_TEST(openLabel.Contains("(open: Sam Rivera)"), openLabel);
    clickUntil(kiosk.frame, "checklist:port-access", [&] { return onScreen(kiosk, "reason-question"); });
    BOOST_TEST(named<wxStaticText>(kiosk.frame, "reason-question")->GetLabel().Contains("Sam Rivera started"));
    shoot(kiosk.frame, kShots + "/take-over-asked.png");
    clickUntil(kiosk.frame, "reason:0", [&] { return kiosk.page() == app::Page::Checklist; });
    BOOST_TEST(kiosk.session().runId() == run);
    BOOST_TEST(kiosk.session().step().step->id == "patient");
    BOOST_TEST(kiosk.store->openRuns().size() == 1u);
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
