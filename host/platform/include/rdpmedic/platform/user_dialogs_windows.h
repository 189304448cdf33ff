#pragma once
// Whether mstsc waits on the user: a dialog of its own (the certificate warning, the warning
// about an unsigned .rdp file) or the credential UI's prompt for it, so that the connect
// timeout leaves that time out.

#include <chrono>
#include <cstdint>

namespace rdpmedic {

/// True when a top-level window of `process_id` or of a process it started (directly or not) waits on the user, or the
/// credential UI shows its prompt for it. A window waits on the user when it is a modal
/// dialog: Windows disables a modal dialog's owner while it shows, so a visible window of the
/// tree that is disabled, or a visible window whose owner is disabled, means one is up. The
/// credential UI ("Windows Security", class "Credential Dialog Xaml Host", shown by
/// CredentialUIBroker.exe) counts when its owner is a window of the tree or it has none.
/// mstsc's own "Connecting…" window is neither, so the time it shows still counts.
bool waits_on_user(std::uint32_t process_id);

/// Asks `process_id` to end as `taskkill` without /f does: WM_CLOSE to each of its visible
/// top-level windows. False when it has none (a console program), which nothing can ask.
bool close_windows_of(std::uint32_t process_id);

/// How long an mstsc asked to close (close_windows_of) may take before it is terminated.
inline constexpr std::chrono::seconds kMstscCloseGrace{5};

} // namespace rdpmedic
