#pragma once
/// Starting rdpmedic when the user logs in: an XDG autostart entry on Linux
/// (~/.config/autostart/rdpmedic.desktop), the Run keys on Windows (the user's and the
/// machine's, see autostart_windows.cpp).

#include <filesystem>
#include <stdexcept>

namespace rdpmedic {

/// what() says what could not be written and where.
class AutostartError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

/// What the login entries pass the tray, so that a start at login is quiet: it ends at once
/// where a tray already runs (rather than showing that one's window) or where the user turned
/// start at login off for themselves (autostart_declined).
inline constexpr const char* kAtLoginOption = "--at-login";
inline constexpr const wchar_t* kAtLoginOptionW = L"--at-login";

/// Whether rdpmedic starts when this user logs in: their own entry, not disabled, or on
/// Windows the machine's entry (HKLM Run, from the installer) unless they opted out.
bool autostart_enabled();

/// On Windows: the machine's entry starts rdpmedic for every user, and this user turned that
/// off for themselves. Always false on Linux, where each user's entry is their own.
bool autostart_declined();

/// Turns start at login on or off for this user: adds or removes their own entry, which runs
/// `executable` with kAtLoginOption; on Windows, where the machine's entry exists, records the
/// user's choice instead (no second entry, no HKLM write). Throws AutostartError.
void set_autostart(bool enabled, const std::filesystem::path& executable);

} // namespace rdpmedic
