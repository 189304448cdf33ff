#pragma once
// Translated text for code that prints with printf and std::string (the CLI, and tray logic
// built without wxWidgets' GUI). The tray's windows use wx's own _() and wxPLURAL.

#include <string>

#if defined(__MINGW_PRINTF_FORMAT)
#define RDPMEDIC_PRINTF_FORMAT __MINGW_PRINTF_FORMAT
#else
#define RDPMEDIC_PRINTF_FORMAT printf
#endif

namespace rdpmedic::i18n {

// format_arg: the compiler checks printf(tr("%s …"), …) against the English format, and
// msgfmt --check holds every translation to the same conversions.

/// `english` in the user's language, as UTF-8; `english` itself when there is no translation.
/// The result lives as long as the process.
const char* tr(const char* english) __attribute__((format_arg(1)));

/// Whether rdpmedic's catalogue for the user's language is in use; false for English, where
/// every text is shown as it is kept.
bool translating();

/// The plural form for `count` of `singular`/`plural` in the user's language.
const char* tr_plural(const char* singular, const char* plural, unsigned long count)
    __attribute__((format_arg(1))) __attribute__((format_arg(2)));

/// printf into a std::string, for translated text that is joined before it is printed.
std::string formatted(const char* format, ...)
    __attribute__((format(RDPMEDIC_PRINTF_FORMAT, 1, 2)));

} // namespace rdpmedic::i18n

/// Marks a literal for the catalogue where it is defined; tr() translates it where it is shown.
/// wx's translation.h defines the same.
#ifndef N_
#define N_(english) (english)
#endif
