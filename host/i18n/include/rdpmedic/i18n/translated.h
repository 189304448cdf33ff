#pragma once
// Showing in the user's language a text rdpmedic keeps in English: a code's meaning, a
// diagnosis verdict, a failure message or finding summary built from values, whether it was
// made just now or read from the history.

#include <string>
#include <string_view>

namespace rdpmedic::i18n {

/// `english` translated: a message of the catalogue as tr() gives it, a sentence built from
/// one of rdpmedic's formats (texts::composed_formats) with its format translated and each
/// value translated in turn, anything else (a host name, a code, another program's words)
/// unchanged.
std::string translated(std::string_view english);

} // namespace rdpmedic::i18n
