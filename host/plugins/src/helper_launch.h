#pragma once
// Starting rdpmedic-helper: with pipes where this process already has the rights a change
// needs (or the change needs none), and through the system's administrator prompt otherwise.

#include "rdpmedic/platform/cancel_event.h"

#include <filesystem>
#include <string>
#include <vector>

namespace rdpmedic::plugins {

/// Runs argv (rdpmedic-helper, on Linux possibly behind pkexec) with `request` as its one
/// line of input and returns the last line it wrote. Throws std::runtime_error when the
/// helper was killed, std::system_error when it cannot start.
std::string run_helper_with_pipes(const std::vector<std::string>& argv, const std::string& request);

/// What the administrator prompt is shown over, and what ends the wait for it.
struct ElevationPrompt {
    void* owner_window = nullptr;     ///< Windows: HWND; null: the foreground window
    const CancelEvent* cancel = nullptr; ///< set: stop waiting (Windows; pkexec waits for its own prompt)
};

/// Runs rdpmedic-helper with administrator rights this process lacks and returns its answer
/// line. Linux: pkexec in front of it. Windows: ShellExecuteExW "runas", which cannot pass
/// pipes, so the request and the answer are files beside the journal, the one folder the
/// elevated helper writes to anyway; the request's SHA-256 on the command line, which the
/// prompt fixes, makes the helper refuse a request file changed after it was written. Throws
/// std::runtime_error saying why it could not run (the prompt was declined, pkexec is missing,
/// the wait was cancelled).
std::string run_helper_elevated(const std::filesystem::path& helper, const std::string& request,
                                const std::filesystem::path& journal, const ElevationPrompt& prompt);

} // namespace rdpmedic::plugins
