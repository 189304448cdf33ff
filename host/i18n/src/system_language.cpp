#include "rdpmedic/i18n/system_language.h"

#include "rdpmedic/platform/own_executable.h"

#include <wx/app.h>
#include <wx/init.h>
#include <wx/translation.h>

#include <filesystem>

namespace rdpmedic::i18n {

void use_system_language() {
    if (wxTranslations::Get() != nullptr) {
        return; // chosen once per process
    }
    if (wxTheApp == nullptr) {
        // The CLI has no wx application; the catalogue loader asks one for the standard
        // paths. wxBase's console application serves, and lives as long as the process.
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
    wxTranslations::Set(new wxTranslations); // wx owns it from here
    // English is what the sources say; a user preferring it gets no catalogue at all.
    wxTranslations::Get()->AddCatalog(kDomain, wxLANGUAGE_ENGLISH_US);
}

} // namespace rdpmedic::i18n
