#pragma once
/// Where rdpmedic keeps its logs, history and journal for the current user.

#include <filesystem>
#include <optional>
#include <vector>

namespace rdpmedic {

/// $XDG_STATE_HOME/rdpmedic (default ~/.local/state/rdpmedic) on Linux,
/// %LOCALAPPDATA%\rdpmedic on Windows. Not created here.
std::filesystem::path state_directory();

/// Where the user's settings live: $XDG_CONFIG_HOME/rdpmedic (default ~/.config/rdpmedic) on
/// Linux, %APPDATA%\rdpmedic on Windows. Not created here.
std::filesystem::path config_directory();

/// The state folders of every user with a profile on this machine that hold one, this user's
/// included: what an uninstaller run as administrator looks through. Windows: each profile
/// of the ProfileList key with its AppData\Local\rdpmedic (the default place; where another
/// user's LocalAppData is redirected elsewhere, only their own session knows it). nullopt
/// where there is no such list (Linux, where a package's removal leaves the users' folders).
std::optional<std::vector<std::filesystem::path>> every_users_state_directories();

} // namespace rdpmedic
