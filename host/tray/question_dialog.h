#pragma once
/// The frame of a yes/no question window (consent, certificate): not modal, on top, "no"
/// focused and the default, so Enter refuses, and so do Escape and closing the window.

#include <wx/dialog.h>
#include <wx/sizer.h>

#include <functional>

namespace rdpmedic::tray {

class QuestionDialog : public wxDialog {
  public:
    /// Called once with the user's answer, just before the dialog destroys itself.
    using Answer = std::function<void(bool yes)>;

    /// Destroys the dialog without an answer: the question no longer stands.
    void withdraw();

  protected:
    QuestionDialog(const wxString& title, Answer on_answer);
    /// One "label: value" row of a two-column grid, the value wrapped to `width`.
    void add_fact(wxFlexGridSizer* facts, const wxString& label, const wxString& value, int width);
    /// Puts the two buttons under `top`, binds the answers and fits the dialog on screen.
    void finish(wxBoxSizer* top, const wxString& no_label, const wxString& yes_label);

  private:
    void answer(bool yes);

    Answer m_on_answer;
};

} // namespace rdpmedic::tray
