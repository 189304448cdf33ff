#pragma once
/// How an uninstaller asks the running rdpmedic programs to go before it deletes them: the
/// tray listens for a close request (Windows: the event Local\rdpmedic-close-request, one per
/// session) and quits as if Quit were chosen; close_running_instances() sends the request,
/// waits, and ends whatever is still running from the install folder.

#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace rdpmedic {

/// While it exists, `on_request` runs (on a thread of its own) once a close is requested.
/// Linux: never; packages there are removed without asking running programs.
class CloseRequestListener {
  public:
    explicit CloseRequestListener(std::function<void()> on_request);
    ~CloseRequestListener();
    CloseRequestListener(const CloseRequestListener&) = delete;
    CloseRequestListener& operator=(const CloseRequestListener&) = delete;

  private:
    struct State;
    std::unique_ptr<State> state_;
};

struct ClosedInstances {
    bool looked = false;                 ///< the running programs were looked for (Windows)
    bool asked = false;                  ///< a tray of this session was listening and was asked
    std::vector<std::string> ended;      ///< "rdpmedic.exe (pid 42)": went by themselves
    std::vector<std::string> terminated; ///< still running after the wait, so ended
    std::vector<std::string> left;       ///< could not be ended (another user's, access denied)
};

/// Windows: asks the tray to quit, waits up to `wait` for every rdpmedic program started from
/// `folder` (this process excepted), then terminates the rest. Linux: nothing to do.
ClosedInstances close_running_instances(const std::filesystem::path& folder, std::chrono::milliseconds wait);

} // namespace rdpmedic
