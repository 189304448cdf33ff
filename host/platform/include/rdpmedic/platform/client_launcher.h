#pragma once
/// The platform's RDP client: xfreerdp on Linux, mstsc.exe on Windows.

#include "rdpmedic/core/client.h"
#include "rdpmedic/platform/kept_sessions.h"

#include <filesystem>
#include <optional>

#include <memory>
#include <string>
#include <vector>

namespace rdpmedic {

struct ClientSettings {
    /// The client executable; empty means the platform's usual one: the first of xfreerdp3,
    /// sdl-freerdp3 and xfreerdp found on PATH (Linux, see freerdp_client_finder.h),
    /// %SystemRoot%\System32\mstsc.exe and never PATH (Windows).
    std::string client_path;
    /// Arguments added to every launch, e.g. "/cert:ignore" for a lab. For mstsc they become
    /// .rdp settings or mstsc switches (see mstsc_launch_for in mstsc_settings.h).
    std::vector<std::string> extra_args;

    /// Set: the client is started so that it outlives this process (see kept_sessions.h), its
    /// record in a new folder of `directory`, with `where` (as the user gave it) for whoever
    /// finds it.
    struct Keeping {
        std::filesystem::path directory;
        std::string where;
    };
    std::optional<Keeping> keep;
    /// Set: launch() starts nothing and watches this kept client instead, once.
    std::optional<KeptSession> attach_to;
};

/// Throws LaunchError when the client cannot be found, naming where it looked.
std::unique_ptr<ClientLauncher> make_client_launcher(const ClientSettings& settings);

} // namespace rdpmedic
