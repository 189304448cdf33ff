#include "notifier.h"

#include "rdpmedic/i18n/translate.h"

#include <spdlog/spdlog.h>

#include <wx/app.h>
#include <wx/arrstr.h>
#include <wx/generic/notifmsg.h>
#include <wx/translation.h>

#include <algorithm>

namespace rdpmedic::tray {

namespace {

wxString action_label(Notifier::Action action) {
    switch (action) {
    case Notifier::kDetails: return _("Details");
    case Notifier::kRetry: return _("Retry");
    case Notifier::kDiagnoseAndFix: return _("Diagnose and fix");
    case Notifier::kUndo: return _("Undo");
    // Through i18n::tr: wx would read the UTF-8 ellipsis in the C locale, and lose it.
    case Notifier::kTrust: return wxString::FromUTF8(i18n::tr("Trust…"));
    }
    return {};
}

// wx's own notification window sizes itself to its text without wrapping, so a diagnosis'
// advice would run off the screen; break long lines at spaces instead.
wxString wrapped(const wxString& text, std::size_t width = 72) {
    wxString out;
    std::size_t column = 0;
    wxString word;
    auto flush_word = [&] {
        if (word.empty()) {
            return;
        }
        if (column > 0 && column + 1 + word.length() > width) {
            out += '\n';
            column = 0;
        } else if (column > 0) {
            out += ' ';
            ++column;
        }
        out += word;
        column += word.length();
        word.clear();
    };
    for (const auto ch : text) {
        if (ch == '\n') {
            flush_word();
            out += '\n';
            column = 0;
        } else if (ch == ' ') {
            flush_word();
        } else {
            word += ch;
        }
    }
    flush_word();
    return out;
}

// The same window's title is a wrapping GTK label that gets less room than it asks for, and
// its second line is cut off ("Connected to localhost:" without the port). A title with no
// break opportunity asks for its whole width: non-breaking spaces, and a word joiner after
// each colon.
wxString unbreakable(const wxString& title) {
    wxString out;
    for (const auto ch : title) {
        if (ch == ' ') {
            out += wxUniChar(0x00A0);
        } else {
            out += ch;
            if (ch == ':') {
                out += wxUniChar(0x2060);
            }
        }
    }
    return out;
}

// ...and the window takes its width from the message, so a short message is widened with
// figure spaces (non-breaking, a digit wide, invisible) until the bold title fits.
wxString widened_for(const wxString& title, const wxString& message) {
    const std::size_t first_end = std::min(message.find('\n'), message.length());
    std::size_t widest = 0;
    for (const auto& line : wxSplit(message, '\n', '\0')) {
        widest = std::max(widest, line.length());
    }
    const std::size_t needed = title.length() + title.length() / 4 + 2;
    if (widest >= needed) {
        return message;
    }
    return message.substr(0, first_end) + wxString(wxUniChar(0x2007), needed - first_end) +
           message.substr(first_end);
}

} // namespace

Notifier::Notifier(ActionHandler on_action) : m_on_action(std::move(on_action)) {}

Notifier::~Notifier() = default;

void Notifier::show(const wxString& title, const wxString& message, int flags, const std::vector<Action>& actions,
                    std::optional<Action> on_click, const NotificationSubject& subject) {
    spdlog::info("notification: {}: {}", title.utf8_string(), message.utf8_string());
    const auto lasting = [](const Shown& shown) {
        return std::any_of(shown.actions.begin(), shown.actions.end(),
                           [](Action action) { return action == kUndo || action == kTrust; });
    };
    for (auto shown = m_shown.begin(); shown != m_shown.end();) {
        if (shown->subject.session == subject.session && !lasting(*shown)) {
            shown->note->Close();
            shown = m_shown.erase(shown);
        } else {
            ++shown;
        }
    }
    const int serial = ++m_serial;
    auto setup = [&](wxNotificationMessageBase& note) {
        note.SetTitle(title);
        note.SetMessage(message);
        note.SetFlags(flags);
        for (const Action action : actions) {
            note.AddAction(action, action_label(action));
        }
        note.Bind(wxEVT_NOTIFICATION_MESSAGE_ACTION,
                  [this, serial](wxCommandEvent& event) { act(serial, static_cast<Action>(event.GetId())); });
        note.Bind(wxEVT_NOTIFICATION_MESSAGE_CLICK, [this, serial](wxCommandEvent&) { act(serial, std::nullopt); });
        note.Bind(wxEVT_NOTIFICATION_MESSAGE_DISMISSED, [this, serial](wxCommandEvent&) { forget(serial); });
    };
    std::unique_ptr<wxNotificationMessageBase> shown;
    if (m_native_works) {
        auto native = std::make_unique<wxNotificationMessage>();
        setup(*native);
        if (native->Show(wxNotificationMessage::Timeout_Auto)) {
            shown = std::move(native);
        } else {
            // No notification service (no daemon on the session bus): use wx's own window
            // from now on instead of asking again each time.
            spdlog::info("no desktop notification service; showing notifications in a window");
            m_native_works = false;
        }
    }
    if (!shown) {
        auto generic = std::make_unique<wxGenericNotificationMessage>();
        setup(*generic);
        generic->SetTitle(unbreakable(title));
        generic->SetMessage(widened_for(title, wrapped(message)));
        generic->Show(8);
        shown = std::move(generic);
    }
    m_shown.push_back({std::move(shown), actions, on_click, subject, serial});
}

void Notifier::act(int serial, std::optional<Action> action) {
    const auto shown = std::find_if(m_shown.begin(), m_shown.end(), [&](const Shown& s) { return s.serial == serial; });
    if (shown == m_shown.end()) {
        return;
    }
    if (!action) {
        action = shown->on_click;
    } else if (std::find(shown->actions.begin(), shown->actions.end(), *action) == shown->actions.end()) {
        action.reset();
    }
    if (!action || !m_on_action) {
        return;
    }
    spdlog::info("notification action: {} (session {})", action_label(*action).utf8_string(), shown->subject.session);
    // Run once the notification's own event is over: what the action does may show the next
    // notification, which replaces (destroys) this one.
    wxTheApp->CallAfter([this, action = *action, subject = shown->subject] { m_on_action(action, subject); });
}

void Notifier::forget(int serial) {
    // Destroyed once its own event is over.
    wxTheApp->CallAfter([this, serial] {
        std::erase_if(m_shown, [serial](const Shown& shown) { return shown.serial == serial; });
    });
}

} // namespace rdpmedic::tray
