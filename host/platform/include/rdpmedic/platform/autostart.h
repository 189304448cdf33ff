#pragma once
/// Starting rdpmedic when the user logs in: an XDG autostart entry on Linux
/// (~/.config/autostart/rdpmedic.desktop), the HKCU Run key on Windows.

#include <filesystem>
#include <stdexcept>

namespace rdpmedic {

/// what() says what could not be written and where.
class AutostartError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

/// Whether the entry exists and is not disabled.
bool autostart_enabled();

/// Adds an entry that runs `executable` (without arguments) at login, or removes it.
/// Throws AutostartError.
void set_autostart(bool enabled, const std::filesystem::path& executable);

} // namespace rdpmedic
