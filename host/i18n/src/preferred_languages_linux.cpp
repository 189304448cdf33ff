#include "preferred_languages.h"

#include <cstdlib>
#include <sstream>

namespace rdpmedic::i18n {
namespace {

const char* first_set(std::initializer_list<const char*> names) {
    for (const char* name : names) {
        if (const char* value = std::getenv(name); value != nullptr && *value != '\0') {
            return value;
        }
    }
    return nullptr;
}

/// "de_DE.UTF-8@euro" -> "de_DE": the catalogue's name has no charset or modifier.
std::string language_of(std::string locale) {
    locale = locale.substr(0, locale.find_first_of(".@"));
    return locale;
}

} // namespace

std::vector<std::string> preferred_languages() {
    const char* locale = first_set({"LC_ALL", "LC_MESSAGES", "LANG"});
    const std::string name = locale == nullptr ? std::string("C") : language_of(locale);
    if (name == "C" || name == "POSIX" || name.empty()) {
        return {"en"};
    }
    std::vector<std::string> languages;
    if (const char* list = first_set({"LANGUAGE"})) {
        std::istringstream entries(list);
        for (std::string entry; std::getline(entries, entry, ':');) {
            if (!entry.empty()) {
                languages.push_back(language_of(entry));
            }
        }
    }
    languages.push_back(name);
    return languages;
}

} // namespace rdpmedic::i18n
