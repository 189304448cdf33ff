#include "consent_dialog.h"

#include <wx/sizer.h>
#include <wx/stattext.h>

namespace rdpmedic::tray {

namespace {

constexpr int kTextWidth = 460;

wxString utf8(const std::string& text) { return wxString::FromUTF8(text); }

} // namespace

ConsentDialog::ConsentDialog(const wxString& target, const wxString& session, const app::ConsentRequest& request,
                             Answer on_answer)
    : QuestionDialog(kConsentTitle, std::move(on_answer)) {
    auto* top = new wxBoxSizer(wxVERTICAL);

    auto* heading = new wxStaticText(this, wxID_ANY, "A fix for " + target + " needs your consent");
    heading->SetFont(heading->GetFont().Bold().Larger());
    top->Add(heading, 0, wxALL, 12);

    auto* what = new wxStaticText(this, wxID_ANY, utf8(request.plugin) + " wants to " + utf8(request.what) + ".");
    what->Wrap(kTextWidth);
    top->Add(what, 0, wxLEFT | wxRIGHT | wxBOTTOM, 12);

    auto* facts = new wxFlexGridSizer(2, wxSize(12, 6));
    const auto fact = [&](const wxString& label, const wxString& value) {
        add_fact(facts, label, value, kTextWidth - 120);
    };
    fact("Session:", session);
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

    finish(top, "&Don't allow", "&Allow");
}

} // namespace rdpmedic::tray
