#include "rdpmedic/i18n/translate.h"

#include "rdpmedic/i18n/system_language.h"

#include <mutex>
#include <string>
#include <unordered_map>
#include <wx/translation.h>

namespace rdpmedic::i18n {
namespace {

// UTF-8 copies of the translations handed out, kept so the pointers stay valid: an
// unordered_map's elements do not move when it grows.
const char* keep_utf8(const std::string& key, const wxString& translated) {
    static std::mutex mutex;
    static std::unordered_map<std::string, std::string> kept;
    const std::lock_guard lock(mutex);
    const auto [entry, added] = kept.try_emplace(key);
    if (added) {
        entry->second = translated.utf8_string();
    }
    return entry->second.c_str();
}

} // namespace

const char* tr(const char* english) {
    const wxTranslations* translations = wxTranslations::Get();
    const wxString* translated =
        translations == nullptr
            ? nullptr
            : translations->GetTranslatedString(wxString::FromUTF8(english), kDomain);
    return translated == nullptr ? english : keep_utf8(english, *translated);
}

bool translating() {
    const wxTranslations* translations = wxTranslations::Get();
    return translations != nullptr && translations->IsLoaded(kDomain);
}

const char* tr_plural(const char* singular, const char* plural, unsigned long count) {
    const char* english = count == 1 ? singular : plural;
    const wxTranslations* translations = wxTranslations::Get();
    const auto form = static_cast<unsigned>(count);
    const wxString* translated =
        translations == nullptr
            ? nullptr
            : translations->GetTranslatedString(wxString::FromUTF8(singular), form, kDomain);
    // The form a language's rule picks depends on the count, so the count is part of the key.
    return translated == nullptr
               ? english
               : keep_utf8(std::string(singular) + '\x04' + std::to_string(form), *translated);
}

} // namespace rdpmedic::i18n
