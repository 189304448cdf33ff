#pragma once
/// "Allow this change?": what a fix strategy wants to change, where (this connection or the
/// whole system), whether it needs administrator rights, whether it lowers security and how it
/// is undone. Allow / Don't allow; Don't allow has the focus, so Enter refuses, and so do
/// Escape and closing the window. Not modal: the tray menu and the other windows stay usable
/// (to look at the history, or to cancel the connection) while the question is open.

#include "rdpmedic/app/plugin_fixes.h"

#include "question_dialog.h"

#include <wx/translation.h>

#include <functional>

namespace rdpmedic::tray {

class ConsentDialog : public QuestionDialog {
  public:
    /// `target`: the connection the change is for, as the user knows it. `on_answer` gets
    /// true for Allow.
    ConsentDialog(const wxString& target, const wxString& session, const app::ConsentRequest& request,
                  Answer on_answer);
};

/// The dialog's title, for those who look for it on screen.
inline constexpr const char* kConsentTitle = wxTRANSLATE("Allow this change? - rdpmedic");

} // namespace rdpmedic::tray
