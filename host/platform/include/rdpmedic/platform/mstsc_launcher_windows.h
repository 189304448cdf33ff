#pragma once
// The mstsc launcher's parts, for make_client_launcher and for tests that give it another
// System32 folder or event source.

#include "rdpmedic/core/client.h"
#include "rdpmedic/platform/child_process.h"
#include "rdpmedic/platform/client_launcher.h"
#include "rdpmedic/platform/rdp_client_events.h"

#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace rdpmedic {

/// Stores .rdp settings text as mstsc itself saves .rdp files: UTF-16LE with a byte order
/// mark. Throws LaunchError when it cannot be written.
void write_rdp_file(const std::filesystem::path& path, const std::string& text);
/// Stores an .rdp file's bytes as they are (a copy of the user's file in its own encoding).
/// Throws LaunchError when it cannot be written.
void write_rdp_bytes(const std::filesystem::path& path, const std::string& bytes);

/// A file name part from a host name: IPv6 colons and other characters Windows refuses in
/// file names become '_'.
std::string file_safe(const std::string& host);

/// `system_directory`\mstsc.exe. Throws LaunchError, saying where it looked and how to get
/// it back, when it is not there.
std::filesystem::path find_mstsc(const std::filesystem::path& system_directory);

/// How the launcher learns what happened: watch_rdp_client_events, or a stand-in in tests.
using EventWatcherFactory = std::function<std::unique_ptr<RdpClientEventWatcher>(
    RdpClientEventWatcher::Observer, RdpClientEventWatcher::ErrorObserver)>;

struct MstscLauncherOptions {
    std::filesystem::path client;        ///< mstsc.exe, or another client that takes .rdp files
    std::vector<std::string> extra_args; ///< see mstsc_launch_for
    std::filesystem::path rdp_directory; ///< where the generated .rdp files go
    EventWatcherFactory watch = watch_rdp_client_events;
    /// After the client has exited, how long to wait for its last events to arrive.
    std::chrono::milliseconds event_grace{2000};
    /// MayOutliveParent: a crash or an upgrade of rdpmedic leaves mstsc running.
    ChildLifetime lifetime = ChildLifetime::EndsWithParent;
    /// Set (with MayOutliveParent): each mstsc gets a folder of `keep->directory` with its
    /// record, so that a tray started again finds it; let_go() leaves it running.
    std::optional<ClientSettings::Keeping> keep;
};

std::unique_ptr<ClientLauncher> make_mstsc_launcher(MstscLauncherOptions options);

} // namespace rdpmedic
