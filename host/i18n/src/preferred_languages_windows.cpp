#include "preferred_languages.h"

namespace rdpmedic::i18n {

// wxTranslations asks Windows for the user's UI languages (GetUserPreferredUILanguages).
std::vector<std::string> preferred_languages() {
    return {};
}

} // namespace rdpmedic::i18n
