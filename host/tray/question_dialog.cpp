#include "question_dialog.h"

#include <wx/button.h>
#include <wx/stattext.h>

namespace rdpmedic::tray {

QuestionDialog::QuestionDialog(const wxString& title, Answer on_answer)
    : wxDialog(nullptr, wxID_ANY, title, wxDefaultPosition, wxDefaultSize, wxDEFAULT_DIALOG_STYLE | wxSTAY_ON_TOP),
      m_on_answer(std::move(on_answer)) {}

void QuestionDialog::add_fact(wxFlexGridSizer* facts, const wxString& label, const wxString& value, int width) {
    facts->Add(new wxStaticText(this, wxID_ANY, label));
    auto* text = new wxStaticText(this, wxID_ANY, value);
    text->Wrap(width);
    facts->Add(text);
}

void QuestionDialog::finish(wxBoxSizer* top, const wxString& no_label, const wxString& yes_label) {
    auto* buttons = new wxBoxSizer(wxHORIZONTAL);
    auto* no = new wxButton(this, wxID_NO, no_label);
    auto* yes = new wxButton(this, wxID_YES, yes_label);
    buttons->AddStretchSpacer();
    buttons->Add(no, 0, wxRIGHT, 8);
    buttons->Add(yes);
    top->Add(buttons, 0, wxEXPAND | wxALL, 12);

    // Saying no must be the easy answer: Enter (the focused button), Escape and closing refuse.
    no->SetDefault();
    no->SetFocus();
    no->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { answer(false); });
    yes->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { answer(true); });
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

void QuestionDialog::answer(bool yes) {
    if (m_on_answer) {
        const Answer on_answer = std::move(m_on_answer);
        m_on_answer = nullptr;
        on_answer(yes);
    }
    Destroy();
}

void QuestionDialog::withdraw() {
    m_on_answer = nullptr;
    Destroy();
}

} // namespace rdpmedic::tray
