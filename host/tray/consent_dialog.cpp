#include "consent_dialog.h"

#include <wx/button.h>
#include <wx/sizer.h>
#include <wx/stattext.h>

namespace rdpmedic::tray {

namespace {

constexpr int kTextWidth = 460;

wxString utf8(const std::string& text) { return wxString::FromUTF8(text); }

} // namespace

ConsentDialog::ConsentDialog(const wxString& target, const app::ConsentRequest& request, Answer on_answer)
    : wxDialog(nullptr, wxID_ANY, kConsentTitle, wxDefaultPosition, wxDefaultSize,
               wxDEFAULT_DIALOG_STYLE | wxSTAY_ON_TOP),
      m_on_answer(std::move(on_answer)) {
    auto* top = new wxBoxSizer(wxVERTICAL);

    auto* heading = new wxStaticText(this, wxID_ANY, "A fix for " + target + " needs your consent");
    heading->SetFont(heading->GetFont().Bold().Larger());
    top->Add(heading, 0, wxALL, 12);

    auto* what = new wxStaticText(this, wxID_ANY, utf8(request.plugin) + " wants to " + utf8(request.what) + ".");
    what->Wrap(kTextWidth);
    top->Add(what, 0, wxLEFT | wxRIGHT | wxBOTTOM, 12);

    auto* facts = new wxFlexGridSizer(2, wxSize(12, 6));
    const auto fact = [&](const wxString& label, const wxString& value) {
        facts->Add(new wxStaticText(this, wxID_ANY, label));
        auto* text = new wxStaticText(this, wxID_ANY, value);
        text->Wrap(kTextWidth - 120);
        facts->Add(text);
    };
    fact("Scope:", request.system_wide ? "System-wide: every connection from this computer"
                                       : "This connection only: its next attempt");
    fact("Administrator:", request.elevated ? "Needed: rdpmedic-helper makes the change with administrator rights"
                                            : "Not needed");
    fact("Security:", request.lowers_security ? "Lowers security" : "Not lowered");
    fact("Undo:", utf8(app::how_to_undo(request)));
    top->Add(facts, 0, wxLEFT | wxRIGHT | wxBOTTOM, 12);

    if (!request.why.empty()) {
        wxString note = utf8(request.why);
        note[0] = wxToupper(note[0]);
        auto* why = new wxStaticText(this, wxID_ANY, note);
        why->Wrap(kTextWidth);
        top->Add(why, 0, wxLEFT | wxRIGHT | wxBOTTOM, 12);
    }

    auto* buttons = new wxBoxSizer(wxHORIZONTAL);
    auto* deny = new wxButton(this, wxID_NO, "&Don't allow");
    auto* allow = new wxButton(this, wxID_YES, "&Allow");
    buttons->AddStretchSpacer();
    buttons->Add(deny, 0, wxRIGHT, 8);
    buttons->Add(allow);
    top->Add(buttons, 0, wxEXPAND | wxALL, 12);

    // Saying no must be the easy answer: Enter (the focused button), Escape and closing refuse.
    deny->SetDefault();
    deny->SetFocus();
    deny->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { answer(false); });
    allow->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { answer(true); });
    Bind(wxEVT_CLOSE_WINDOW, [this](wxCloseEvent&) { answer(false); });
    Bind(wxEVT_CHAR_HOOK, [this](wxKeyEvent& key) {
        if (key.GetKeyCode() == WXK_ESCAPE) {
            answer(false);
        } else {
            key.Skip();
        }
    });

    SetSizerAndFit(top);
    CentreOnScreen();
}

void ConsentDialog::answer(bool allowed) {
    if (m_on_answer) {
        const Answer on_answer = std::move(m_on_answer);
        m_on_answer = nullptr;
        on_answer(allowed);
    }
    Destroy();
}

void ConsentDialog::withdraw() {
    m_on_answer = nullptr;
    Destroy();
}

} // namespace rdpmedic::tray
