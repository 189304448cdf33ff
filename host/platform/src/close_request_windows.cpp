#include "rdpmedic/platform/close_request.h"

#include "rdpmedic/core/path_text.h"
#include "rdpmedic/platform/owned_handle_windows.h"
#include "rdpmedic/platform/windows_api.h"

#include <tlhelp32.h>

#include <algorithm>
#include <thread>

namespace rdpmedic {

namespace {

/// In the session's namespace: a tray in another session (another user on a session host)
/// cannot be asked from here and is ended instead.
constexpr const wchar_t* kCloseRequest = L"Local\\rdpmedic-close-request";

/// The programs an installation holds; any of them running keeps its file from being deleted.
constexpr const wchar_t* kPrograms[] = {L"rdpmedic.exe", L"rdpmedic-cli.exe", L"rdpmedic-fixer.exe",
                                        L"rdpmedic-helper.exe"};

struct Running {
    DWORD pid = 0;
    std::wstring name;
    OwnedHandle process;
};

bool same_folder(const std::filesystem::path& a, const std::filesystem::path& b) {
    return _wcsicmp(a.lexically_normal().wstring().c_str(), b.lexically_normal().wstring().c_str()) == 0;
}

/// rdpmedic's programs running from `folder`, other than this process, opened to wait for
/// and end. One that cannot be opened is listed with no handle.
std::vector<Running> running_from(const std::filesystem::path& folder) {
    std::vector<Running> found;
    const OwnedHandle snapshot(CreateToolhelp32Snapshot(TH32CS_SNAPPROCESS, 0));
    if (snapshot.get() == INVALID_HANDLE_VALUE) {
        return found;
    }
    PROCESSENTRY32W entry{};
    entry.dwSize = sizeof entry;
    for (BOOL more = Process32FirstW(snapshot.get(), &entry); more; more = Process32NextW(snapshot.get(), &entry)) {
        const bool ours = std::any_of(std::begin(kPrograms), std::end(kPrograms),
                                      [&entry](const wchar_t* name) { return _wcsicmp(name, entry.szExeFile) == 0; });
        if (!ours || entry.th32ProcessID == GetCurrentProcessId()) {
            continue;
        }
        OwnedHandle process(OpenProcess(SYNCHRONIZE | PROCESS_TERMINATE | PROCESS_QUERY_LIMITED_INFORMATION, FALSE,
                                        entry.th32ProcessID));
        if (process) {
            wchar_t image[MAX_PATH];
            DWORD size = MAX_PATH;
            // Another installation's programs (a second copy elsewhere) are not in the way.
            if (QueryFullProcessImageNameW(process.get(), 0, image, &size) &&
                !same_folder(std::filesystem::path(image).parent_path(), folder)) {
                continue;
            }
        }
        found.push_back({entry.th32ProcessID, entry.szExeFile, std::move(process)});
    }
    return found;
}

std::string named(const Running& program) {
    return utf8_text(std::filesystem::path(program.name)) + " (pid " + std::to_string(program.pid) + ")";
}

} // namespace

struct CloseRequestListener::State {
    OwnedHandle request;
    OwnedHandle stop{CreateEventW(nullptr, TRUE, FALSE, nullptr)};
    std::thread waiter;
};

CloseRequestListener::CloseRequestListener(std::function<void()> on_request) : state_(std::make_unique<State>()) {
    state_->request.reset(CreateEventW(nullptr, TRUE, FALSE, kCloseRequest));
    if (!state_->request || !state_->stop) {
        return; // then the uninstaller ends the tray instead of asking it
    }
    state_->waiter = std::thread([state = state_.get(), on_request = std::move(on_request)] {
        const HANDLE either[2] = {state->request.get(), state->stop.get()};
        if (WaitForMultipleObjects(2, either, FALSE, INFINITE) == WAIT_OBJECT_0) {
            on_request();
        }
    });
}

CloseRequestListener::~CloseRequestListener() {
    if (state_->waiter.joinable()) {
        SetEvent(state_->stop.get());
        state_->waiter.join();
    }
}

ClosedInstances close_running_instances(const std::filesystem::path& folder, std::chrono::milliseconds wait) {
    ClosedInstances result;
    result.looked = true;
    if (const OwnedHandle request{OpenEventW(EVENT_MODIFY_STATE, FALSE, kCloseRequest)}) {
        result.asked = SetEvent(request.get()) != 0;
    }
    std::vector<Running> running = running_from(folder);
    const auto deadline = std::chrono::steady_clock::now() + wait;
    for (auto& program : running) {
        if (!program.process) {
            result.left.push_back(named(program) + ": cannot be opened (another user's, or access denied)");
            continue;
        }
        using std::chrono::milliseconds;
        const auto remaining = std::max(
            milliseconds(0), std::chrono::duration_cast<milliseconds>(deadline - std::chrono::steady_clock::now()));
        if (WaitForSingleObject(program.process.get(), static_cast<DWORD>(remaining.count())) == WAIT_OBJECT_0) {
            result.ended.push_back(named(program));
        } else if (TerminateProcess(program.process.get(), ERROR_CANCELLED) &&
                   WaitForSingleObject(program.process.get(), 5000) == WAIT_OBJECT_0) {
            result.terminated.push_back(named(program));
        } else {
            result.left.push_back(named(program) + ": still running after it was ended");
        }
    }
    return result;
}

} // namespace rdpmedic
