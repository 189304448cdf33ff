#include "consent_dialog.h"

#include <wx/sizer.h>
#include <wx/stattext.h>
#include <wx/translation.h>

namespace rdpmedic::tray {

namespace {

constexpr int kTextWidth = 460;

wxString utf8(const std::string& text) { return wxString::FromUTF8(text); }

} // namespace

ConsentDialog::ConsentDialog(const wxString& target, const wxString& session, const app::ConsentRequest& request,
                             Answer on_answer)
    : QuestionDialog(wxGetTranslation(kConsentTitle), std::move(on_answer)) {
    auto* top = new wxBoxSizer(wxVERTICAL);

    auto* heading = new wxStaticText(this, wxID_ANY, wxString::Format(_("A fix for %s needs your consent"), target));
    heading->SetFont(heading->GetFont().Bold().Larger());
    top->Add(heading, 0, wxALL, 12);

    // TRANSLATORS: a plugin's id, then what it wants to do, in English as the plugin says it.
    auto* what = new wxStaticText(this, wxID_ANY,
                                  wxString::Format(_("%s wants to %s."), utf8(request.plugin), utf8(request.what)));
    what->Wrap(kTextWidth);
    top->Add(what, 0, wxLEFT | wxRIGHT | wxBOTTOM, 12);

    auto* facts = new wxFlexGridSizer(2, wxSize(12, 6));
    const auto fact = [&](const wxString& label, const wxString& value) {
        add_fact(facts, label, value, kTextWidth - 120);
    };
    fact(_("Session:"), session);
    fact(_("Scope:"), request.system_wide ? _("System-wide: every connection from this computer")
                                          : _("This connection only: its next attempt"));
    fact(_("Administrator:"), request.elevated
                                  ? _("Needed: rdpmedic-helper makes the change with administrator rights")
                                  : _("Not needed"));
    fact(_("Security:"), request.lowers_security ? _("Lowers security") : _("Not lowered"));
    fact(_("Undo:"), utf8(app::how_to_undo(request)));
    top->Add(facts, 0, wxLEFT | wxRIGHT | wxBOTTOM, 12);

    if (!request.why.empty()) {
        wxString note = utf8(request.why);
        note[0] = wxToupper(note[0]);
        auto* why = new wxStaticText(this, wxID_ANY, note);
        why->Wrap(kTextWidth);
        top->Add(why, 0, wxLEFT | wxRIGHT | wxBOTTOM, 12);
    }

    finish(top, _("&Don't allow"), _("&Allow"));
}

} // namespace rdpmedic::tray
