#pragma once
// The languages the user asked for through the environment, most wanted first.

#include <string>
#include <vector>

namespace rdpmedic::i18n {

/// Linux, as gettext reads it: "C" or "POSIX" in LC_ALL, LC_MESSAGES or LANG (the first one
/// set) means English, so a script's LC_ALL=C output stays English; otherwise LANGUAGE's
/// list ("de:en") when set, then that locale's name ("de_DE.UTF-8" as "de_DE"). Empty: let
/// the system decide (Windows, whose UI language wx reads).
std::vector<std::string> preferred_languages();

} // namespace rdpmedic::i18n
