#include "rdpmedic/i18n/system_language.h"

#include "preferred_languages.h"
#include "rdpmedic/platform/own_executable.h"

#include <filesystem>
#include <wx/app.h>
#include <wx/init.h>
#include <wx/translation.h>

namespace rdpmedic::i18n {
namespace {

/// The first of `wanted` that is English or has a catalogue ("de_DE" is served by "de");
/// empty when none is.
wxString first_available(const std::vector<std::string>& wanted, const wxArrayString& available) {
    for (const std::string& language : wanted) {
        const wxString name = wxString::FromUTF8(language);
        const wxString base = name.BeforeFirst('_');
        if (base == "en") {
            return name;
        }
        if (available.Index(name) != wxNOT_FOUND) {
            return name;
        }
        if (available.Index(base) != wxNOT_FOUND) {
            return base;
        }
    }
    return {};
}

} // namespace

void use_system_language() {
    if (wxTranslations::Get() != nullptr) {
        return; // chosen once per process
    }
    if (wxTheApp == nullptr) {
        // The CLI, and the tray answering --help, have no wx application; the catalogue loader
        // asks one for the standard paths. wxBase's console application serves (not the
        // tray's own, which would need a display), and lives as long as the process.
        wxAppConsole::SetInstance(new wxAppConsole);
        wxInitialize();
    }
    const std::filesystem::path here = own_executable_dir();
    if (!here.empty()) {
        // Both shapes are searched on every system, so a build tree (host/cli/../share/locale)
        // works like an installation.
        wxFileTranslationsLoader::AddCatalogLookupPathPrefix(wxString((here / "locale").wstring()));
        wxFileTranslationsLoader::AddCatalogLookupPathPrefix(
            wxString((here.parent_path() / "share" / "locale").wstring()));
    }
    auto* translations = new wxTranslations;
    wxTranslations::Set(translations); // wx owns it from here
    const wxString chosen =
        first_available(preferred_languages(), translations->GetAvailableTranslations(kDomain));
    if (!chosen.empty()) {
        translations->SetLanguage(chosen);
    }
    // English is what the sources say; a user preferring it gets no catalogue at all.
    translations->AddCatalog(kDomain, wxLANGUAGE_ENGLISH_US);
}

} // namespace rdpmedic::i18n
