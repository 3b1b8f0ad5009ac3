#include "Widgets.h"

#include "portside/core/Label.h"
#include "portside/core/TimeText.h"
#include "portside/sdk/Printer.h"

#include <algorithm>

#include <wx/bitmap.h>
#include <wx/button.h>
#include <wx/image.h>
#include <wx/listctrl.h>
#include <wx/sizer.h>
#include <wx/stattext.h>
#include <wx/tglbtn.h>
#include <wx/wrapsizer.h>

namespace portside::app {

wxFont scaledFont(const wxWindow* window, double factor, bool bold)
{
    wxFont font = window->GetFont();
    font.SetFractionalPointSize(font.GetFractionalPointSize() * factor);
    if (bold)
        font.MakeBold();
    return font;
}

wxButton* bigButton(wxWindow* parent, const wxString& label, const wxString& name, double fontFactor)
{
    auto* b = new wxButton(parent, wxID_ANY, label, wxDefaultPosition, wxDefaultSize, 0, wxDefaultValidator, name);
    b->SetFont(scaledFont(parent, fontFactor, true));
    b->SetMinSize(wxSize(-1, kTouch));
    return b;
}

wxToggleButton* bigToggle(wxWindow* parent, const wxString& label, const wxString& name)
{
    auto* b =
        new wxToggleButton(parent, wxID_ANY, label, wxDefaultPosition, wxDefaultSize, 0, wxDefaultValidator, name);
    b->SetFont(scaledFont(parent, 1.5));
    b->SetMinSize(wxSize(-1, kTouch));
    return b;
}

wxStaticText* text(wxWindow* parent, const wxString& label, double fontFactor, bool bold, const wxString& name)
{
    auto* t = new wxStaticText(parent, wxID_ANY, label, wxDefaultPosition, wxDefaultSize, 0, name);
    t->SetFont(scaledFont(parent, fontFactor, bold));
    return t;
}

wxListCtrl* table(wxWindow* parent, const wxString& name, std::initializer_list<std::pair<wxString, int>> columns)
{
    auto* list = new wxListCtrl(parent, wxID_ANY, wxDefaultPosition, wxDefaultSize, wxLC_REPORT | wxLC_SINGLE_SEL,
                                wxDefaultValidator, name);
    list->SetFont(scaledFont(parent, 1.2));
    for (const auto& [title, width] : columns)
        list->AppendColumn(title, wxLIST_FORMAT_LEFT, width);
    return list;
}

int lineWidth(const wxWindow* page, int margin)
{
    const wxWindow* top = wxGetTopLevelParent(const_cast<wxWindow*>(page));
    const int width = std::min(page->GetClientSize().GetWidth(), top ? top->GetClientSize().GetWidth() : 100000);
    return std::max(200, width - margin);
}

bool narrow(const wxWindow* page)
{
    const wxWindow* top = wxGetTopLevelParent(const_cast<wxWindow*>(page));
    return (top ? top : page)->GetClientSize().GetWidth() < 1000;
}

namespace {
std::array<std::string, 12> screenMonths = core::englishMonths();
}

void setScreenMonths(const std::array<std::string, 12>& months)
{
    screenMonths = months;
}

wxString when(std::chrono::system_clock::time_point time)
{
    return wxString::FromUTF8(core::labelDate(time, screenMonths));
}

wxString decimalSign()
{
    // TRANSLATORS: the decimal sign of your language, as in 2.5 mL ("," in Spanish, French and German)
    return wxGETTEXT_IN_CONTEXT("decimal sign", ".");
}

wxString screenNumber(const std::string& formatted)
{
    wxString shown = wxString::FromUTF8(formatted);
    shown.Replace(".", decimalSign());
    return shown;
}

wxString when(const std::string& isoTime)
{
    return when(core::parseIsoTime(isoTime));
}

wxBitmap rasterBitmap(const sdk::Raster& raster, double scale)
{
    wxImage image(raster.widthDots, raster.heightDots);
    const int rowBytes = (raster.widthDots + 7) / 8;
    for (int y = 0; y < raster.heightDots; ++y)
        for (int x = 0; x < raster.widthDots; ++x) {
            const bool black = raster.bits[static_cast<std::size_t>(y) * rowBytes + x / 8] & (0x80 >> (x % 8));
            const unsigned char v = black ? 0 : 255;
            image.SetRGB(x, y, v, v, v);
        }
    return wxBitmap(image.Scale(static_cast<int>(raster.widthDots * scale), static_cast<int>(raster.heightDots * scale),
                                wxIMAGE_QUALITY_HIGH));
}

void setToggle(wxToggleButton* button, bool on, bool warning)
{
    button->SetValue(on);
    if (on) {
        button->SetBackgroundColour(warning ? wxColour(178, 95, 0) : wxColour(0, 84, 166));
        button->SetForegroundColour(*wxWHITE);
    } else {
        button->SetBackgroundColour(wxNullColour);
        button->SetForegroundColour(wxNullColour);
    }
    button->Refresh();
}

Keypad::Keypad(wxWindow* parent, bool decimalPoint, std::function<void(const wxString&)> onKey, const wxString& prefix)
    : wxPanel(parent, wxID_ANY)
{
    auto* grid = new wxGridSizer(4, 3, 8, 8);
    for (const wxString key : {"1", "2", "3", "4", "5", "6", "7", "8", "9", ".", "0", "del"}) {
        if (key == "." && !decimalPoint) {
            grid->AddSpacer(1);
            continue;
        }
        auto* b = bigButton(this,
                            key == "del" ? wxString(_("Delete"))
                            : key == "." ? decimalSign()
                                         : key,
                            prefix + key);
        b->SetMinSize(wxSize(120, kTouch));
        b->Bind(wxEVT_BUTTON, [onKey, key](wxCommandEvent&) { onKey(key); });
        grid->Add(b, 0, wxEXPAND);
    }
    SetSizer(grid);
}

TouchKeyboard::TouchKeyboard(wxWindow* parent, std::function<void(const wxString&)> onType,
                             std::function<void()> onDelete, std::function<void()> onDone)
    : wxPanel(parent, wxID_ANY, wxDefaultPosition, wxDefaultSize, 0, "touch-keyboard")
{
    auto* sizer = new wxBoxSizer(wxVERTICAL);
    const wxSize key(58, 56); // 56 px keys: ten to a row fit a portrait screen, and a gloved finger
    // The letters' rows and, on the same keys, the accented letters of Spanish, French and German (and their
    // opening marks) for a note written in the nurse's language.
    const char* plain[] = {"1234567890", "qwertyuiop", "asdfghjkl-", "zxcvbnm,./"};
    const wxString accented[] = {wxString(), wxString::FromUTF8("àáâäæçèéêë"), wxString::FromUTF8("ìíîïñòóôöœ"),
                                 wxString::FromUTF8("ùúûüÿß¿¡«»")};
    for (int r = 0; r < 4; ++r) {
        auto* line = new wxBoxSizer(wxHORIZONTAL);
        for (int c = 0; plain[r][c]; ++c) {
            const wxString k(plain[r][c]);
            auto* b = bigButton(this, k, "kb:" + k, 1.3);
            b->SetMinSize(key);
            b->Bind(wxEVT_BUTTON, [onType, b](wxCommandEvent&) { onType(b->GetLabel()); });
            if (r > 0)
                _keys.push_back({b, k, accented[r].Mid(static_cast<std::size_t>(c), 1)});
            line->Add(b, 0, wxRIGHT | wxBOTTOM, 4);
        }
        sizer->Add(line);
    }
    auto* last = new wxBoxSizer(wxHORIZONTAL);
    auto* caps = bigButton(this, _("Capitals"), "kb:caps", 1.2);
    // TRANSLATORS: the on-screen keyboard's key that shows the accented letters (and back)
    auto* accents = bigButton(this, wxString::FromUTF8("àé ") + _("Accents"), "kb:accents", 1.2);
    auto* space = bigButton(this, _("Space"), "kb:space", 1.2);
    auto* del = bigButton(this, _("Delete"), "kb:del", 1.2);
    auto* done = bigButton(this, _("Done"), "kb:done", 1.2);
    for (auto* b : {caps, accents, space, del, done})
        b->SetMinSize(wxSize(-1, key.GetHeight()));
    caps->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) {
        _capitals = !_capitals;
        relabel();
    });
    accents->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) {
        _accents = !_accents;
        relabel();
    });
    space->Bind(wxEVT_BUTTON, [onType](wxCommandEvent&) { onType(" "); });
    del->Bind(wxEVT_BUTTON, [onDelete](wxCommandEvent&) { onDelete(); });
    done->Bind(wxEVT_BUTTON, [onDone](wxCommandEvent&) { onDone(); });
    for (auto* b : {caps, accents})
        last->Add(b, 0, wxRIGHT, 4);
    last->Add(space, 1, wxRIGHT, 4);
    last->Add(del, 0, wxRIGHT, 4);
    last->Add(done);
    sizer->Add(last, 0, wxEXPAND | wxTOP, 4);
    SetSizer(sizer);
}

void TouchKeyboard::relabel()
{
    // Each key shows (and types) what it types now; its name says it too ("kb:é", "kb:É").
    for (auto& k : _keys) {
        wxString shown = _accents ? k.accented : k.plain;
        if (_capitals)
            shown = shown.Upper();
        k.button->SetLabel(shown);
        k.button->SetName("kb:" + shown);
    }
}

ReasonPicker::ReasonPicker(wxWindow* parent) : wxPanel(parent, wxID_ANY, wxDefaultPosition, wxDefaultSize, 0, "reasons")
{
    SetBackgroundColour(wxColour(255, 244, 214));
    auto* sizer = new wxBoxSizer(wxVERTICAL);
    _question = text(this, "", 1.6, true, "reason-question");
    _question->SetForegroundColour(wxColour(110, 60, 0));
    _buttons = new wxPanel(this);
    _buttons->SetBackgroundColour(GetBackgroundColour());
    _buttons->SetSizer(new wxWrapSizer(wxHORIZONTAL));
    sizer->Add(_question, 0, wxALL, 16);
    sizer->Add(_buttons, 1, wxLEFT | wxRIGHT | wxBOTTOM | wxEXPAND, 16);
    SetSizer(sizer);
}

void ReasonPicker::ask(const wxString& question, const std::vector<wxString>& reasons,
                       std::function<void(const wxString&)> onChosen, std::function<void()> onBack)
{
    _question->SetLabel(question);
    _question->Wrap(lineWidth(GetParent(), 112));
    _buttons->DestroyChildren();
    auto* sizer = _buttons->GetSizer();
    sizer->Clear();
    for (std::size_t i = 0; i < reasons.size(); ++i) {
        auto* b = bigButton(_buttons, reasons[i], wxString::Format("reason:%zu", i), 1.3);
        b->Bind(wxEVT_BUTTON, [onChosen, reason = reasons[i]](wxCommandEvent&) { onChosen(reason); });
        sizer->Add(b, 0, wxRIGHT | wxBOTTOM, 12);
    }
    auto* back = bigButton(_buttons, _("Go back"), "reason:back", 1.3);
    back->Bind(wxEVT_BUTTON, [onBack](wxCommandEvent&) { onBack(); });
    sizer->Add(back, 0, wxRIGHT | wxBOTTOM, 12);
    Layout();
}

} // namespace portside::app
