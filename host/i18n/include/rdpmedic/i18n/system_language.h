#pragma once
// Choosing the language of what rdpmedic shows: the system's (LANGUAGE, LC_ALL, LC_MESSAGES,
// LANG on Linux; the user's UI language on Windows), from the catalogues installed with it.

namespace rdpmedic::i18n {

/// The translation domain: the catalogues are <prefix>/<lang>/LC_MESSAGES/rdpmedic.mo.
inline constexpr const char* kDomain = "rdpmedic";

/// Loads rdpmedic's catalogue for the system's language, found relative to the running
/// executable: `locale/` beside it (Windows) or `../share/locale/` (Linux, and the build
/// tree). Without a catalogue for that language everything stays English. Call once, early.
void use_system_language();

} // namespace rdpmedic::i18n
