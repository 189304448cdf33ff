// EnumWindows sees the top-level windows of the caller's desktop only: the UAC prompt on the
// secure desktop (consent.exe) is invisible from here, as is anything on another desktop.
#include "rdpmedic/platform/user_dialogs_windows.h"

#include "rdpmedic/platform/windows_api.h"

#include <iterator>
#include <map>
#include <set>
#include <tlhelp32.h>
#include <utility>
#include <vector>

namespace rdpmedic {

namespace {

/// The Windows Security credential prompt's window class (Windows 10 and 11).
constexpr wchar_t kCredentialDialogClass[] = L"Credential Dialog Xaml Host";
/// The processes that show the credential UI for another program.
constexpr const wchar_t* kCredentialUiPrograms[] = {L"CredentialUIBroker.exe", L"consent.exe"};

struct Processes {
    std::map<std::uint32_t, std::vector<std::uint32_t>> children;
    std::set<std::uint32_t> credential_ui;
};

Processes running_processes() {
    Processes processes;
    const HANDLE snapshot = CreateToolhelp32Snapshot(TH32CS_SNAPPROCESS, 0);
    if (snapshot == INVALID_HANDLE_VALUE) {
        return processes;
    }
    PROCESSENTRY32W entry{};
    entry.dwSize = sizeof entry;
    for (BOOL more = Process32FirstW(snapshot, &entry); more; more = Process32NextW(snapshot, &entry)) {
        processes.children[entry.th32ParentProcessID].push_back(entry.th32ProcessID);
        for (const wchar_t* program : kCredentialUiPrograms) {
            if (_wcsicmp(entry.szExeFile, program) == 0) {
                processes.credential_ui.insert(entry.th32ProcessID);
            }
        }
    }
    CloseHandle(snapshot);
    return processes;
}

std::set<std::uint32_t> tree_of(std::uint32_t root, const Processes& processes) {
    std::set<std::uint32_t> tree{root};
    std::vector<std::uint32_t> pending{root};
    while (!pending.empty()) {
        const std::uint32_t parent = pending.back();
        pending.pop_back();
        const auto found = processes.children.find(parent);
        if (found == processes.children.end()) {
            continue;
        }
        for (const std::uint32_t child : found->second) {
            // A parent id is not kept up to date: a process whose parent ended may name a
            // reused id, even its own child's. The set stops any loop.
            if (tree.insert(child).second) {
                pending.push_back(child);
            }
        }
    }
    return tree;
}

std::uint32_t process_of(HWND window) {
    DWORD process_id = 0;
    GetWindowThreadProcessId(window, &process_id);
    return process_id;
}

struct Search {
    std::set<std::uint32_t> tree;
    std::set<std::uint32_t> credential_ui;
    bool found = false;
};

bool is_credential_prompt(HWND window, std::uint32_t process_id, const Search& search) {
    wchar_t class_name[64] = {};
    GetClassNameW(window, class_name, static_cast<int>(std::size(class_name)));
    if (wcscmp(class_name, kCredentialDialogClass) != 0 && search.credential_ui.count(process_id) == 0) {
        return false;
    }
    const HWND owner = GetWindow(window, GW_OWNER);
    return owner == nullptr || search.tree.count(process_of(owner)) != 0;
}

BOOL CALLBACK look_at(HWND window, LPARAM context) {
    auto& search = *reinterpret_cast<Search*>(context);
    if (!IsWindowVisible(window)) {
        return TRUE;
    }
    const std::uint32_t process_id = process_of(window);
    if (search.tree.count(process_id) != 0) {
        const HWND owner = GetWindow(window, GW_OWNER);
        search.found = !IsWindowEnabled(window) || (owner != nullptr && !IsWindowEnabled(owner));
    } else {
        search.found = is_credential_prompt(window, process_id, search);
    }
    return search.found ? FALSE : TRUE;
}

} // namespace

bool waits_on_user(std::uint32_t process_id) {
    const Processes processes = running_processes();
    Search search;
    search.tree = tree_of(process_id, processes);
    search.credential_ui = processes.credential_ui;
    EnumWindows(look_at, reinterpret_cast<LPARAM>(&search));
    return search.found;
}

namespace {

BOOL CALLBACK close_window_of(HWND window, LPARAM context) {
    auto& [pid, found] = *reinterpret_cast<std::pair<DWORD, bool>*>(context);
    DWORD owner = 0;
    GetWindowThreadProcessId(window, &owner);
    if (owner == pid && IsWindowVisible(window)) {
        PostMessageW(window, WM_CLOSE, 0, 0);
        found = true;
    }
    return TRUE;
}

} // namespace

bool close_windows_of(std::uint32_t process_id) {
    std::pair<DWORD, bool> context{process_id, false};
    EnumWindows(close_window_of, reinterpret_cast<LPARAM>(&context));
    return context.second;
}

} // namespace rdpmedic
