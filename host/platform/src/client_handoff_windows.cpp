// Handing a connection to another Windows client:
// - "msrdc", the Remote Desktop client for Windows (the MSI one, also used for Azure Virtual
//   Desktop), installed per user in %LOCALAPPDATA%\Apps\Remote Desktop or per machine in
//   %ProgramFiles%\Remote Desktop. It is given a generated .rdp file, the same settings mstsc
//   gets. Recent versions have been reported to open only Azure Virtual Desktop files, so
//   whether it connects is left to it and the user.
// - "windows-app" (Windows App) and "remote-desktop-app" (the Store "Remote Desktop" app):
//   packaged apps with no documented way to be told a computer. They are started through
//   shell:AppsFolder\<AUMID>, after HOST:PORT has been put on the clipboard to paste there.
//   A packaged app counts as installed when Windows has made its per-user data folder,
//   %LOCALAPPDATA%\Packages\<package family name>: asking PackageManager would take WinRT,
//   which MinGW does not offer.
// Every folder comes from the documented environment variables (LOCALAPPDATA, ProgramFiles,
// ProgramFiles(x86), SystemRoot). The client is started and let go; see ClientHandoff.
#include "rdpmedic/platform/client_handoff.h"

#include "environment_folder_windows.h"
#include "rdpmedic/platform/command_line_windows.h"
#include "rdpmedic/platform/mstsc_launcher_windows.h"
#include "rdpmedic/platform/mstsc_settings.h"
#include "rdpmedic/platform/state_dirs.h"
#include "rdpmedic/platform/wide_text.h"
#include "rdpmedic/platform/windows_api.h"
#include "rdpmedic/platform/windows_error.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <cwctype>
#include <filesystem>
#include <optional>
#include <thread>

namespace rdpmedic {

namespace {

constexpr const char* kMsrdc = "msrdc";
constexpr const char* kWindowsApp = "windows-app";
constexpr const char* kRemoteDesktopApp = "remote-desktop-app";

struct PackagedApp {
    const char* id;
    const char* name;            ///< as the user sees it
    const wchar_t* family;       ///< package family name
    const wchar_t* application;  ///< the application id after '!' in the AUMID
};

constexpr PackagedApp kPackagedApps[] = {
    {kWindowsApp, "Windows App", L"MicrosoftCorporationII.Windows365_8wekyb3d8bbwe", L"Windows365"},
    {kRemoteDesktopApp, "the Remote Desktop app", L"Microsoft.RemoteDesktop_8wekyb3d8bbwe", L"App"},
};

bool is_file(const std::filesystem::path& path) {
    std::error_code error;
    return std::filesystem::is_regular_file(path, error);
}

/// msrdc.exe where its installers put it, the per-user install first; empty when missing.
std::filesystem::path find_msrdc() {
    std::vector<std::filesystem::path> candidates;
    if (auto local = environment_folder(L"LOCALAPPDATA")) {
        candidates.push_back(*local / L"Apps" / L"Remote Desktop" / L"msrdc.exe");
    }
    for (const wchar_t* programs : {L"ProgramFiles", L"ProgramFiles(x86)"}) {
        if (auto folder = environment_folder(programs)) {
            candidates.push_back(*folder / L"Remote Desktop" / L"msrdc.exe");
        }
    }
    const auto found = std::find_if(candidates.begin(), candidates.end(), is_file);
    return found == candidates.end() ? std::filesystem::path() : *found;
}

bool package_registered(const PackagedApp& app) {
    const auto local = environment_folder(L"LOCALAPPDATA");
    std::error_code error;
    return local && std::filesystem::is_directory(*local / L"Packages" / app.family, error);
}

const PackagedApp* packaged_app(const std::string& id) {
    for (const auto& app : kPackagedApps) {
        if (id == app.id) {
            return &app;
        }
    }
    return nullptr;
}

std::filesystem::path explorer() {
    if (auto root = environment_folder(L"SystemRoot")) {
        return *root / L"explorer.exe";
    }
    wchar_t buffer[MAX_PATH];
    const UINT length = GetWindowsDirectoryW(buffer, MAX_PATH);
    if (length == 0 || length >= MAX_PATH) {
        throw LaunchError("cannot find the Windows folder to start explorer.exe");
    }
    return std::filesystem::path(std::wstring(buffer, length)) / L"explorer.exe";
}

/// Starts `argv` with no handles inherited and lets it go; returns its process id.
int start_detached(const std::vector<std::string>& argv) {
    std::wstring command_line = windows_command_line(argv);
    const std::wstring program = widen(argv.front());
    STARTUPINFOW startup{};
    startup.cb = sizeof startup;
    PROCESS_INFORMATION process{};
    if (!CreateProcessW(program.c_str(), command_line.data(), nullptr, nullptr, FALSE,
                        CREATE_NEW_PROCESS_GROUP, nullptr, nullptr, &startup, &process)) {
        throw LaunchError("cannot start " + argv.front() + ": " + windows_error_text(GetLastError()));
    }
    CloseHandle(process.hThread);
    CloseHandle(process.hProcess);
    return static_cast<int>(process.dwProcessId);
}

/// Puts `text` on the clipboard as Unicode text. The clipboard needs an owner window for
/// SetClipboardData to succeed; a message-only one is made for it. Another program may hold
/// the clipboard open for a moment, so opening it is retried briefly.
void put_on_clipboard(const std::string& text) {
    const std::wstring wide = widen(text);
    HWND owner = CreateWindowExW(0, L"STATIC", L"rdpmedic clipboard", 0, 0, 0, 0, 0, HWND_MESSAGE,
                                 nullptr, GetModuleHandleW(nullptr), nullptr);
    if (owner == nullptr) {
        throw LaunchError("cannot put " + text + " on the clipboard: " + windows_error_text(GetLastError()));
    }
    bool opened = false;
    for (int attempt = 0; attempt < 20 && !(opened = OpenClipboard(owner) != 0); ++attempt) {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    DWORD error = opened ? ERROR_SUCCESS : GetLastError();
    if (opened) {
        const SIZE_T bytes = (wide.size() + 1) * sizeof(wchar_t);
        HGLOBAL memory = GlobalAlloc(GMEM_MOVEABLE, bytes);
        void* locked = memory != nullptr ? GlobalLock(memory) : nullptr;
        if (locked != nullptr) {
            std::copy_n(wide.c_str(), wide.size() + 1, static_cast<wchar_t*>(locked));
            GlobalUnlock(memory);
        }
        if (locked == nullptr || !EmptyClipboard() || SetClipboardData(CF_UNICODETEXT, memory) == nullptr) {
            error = GetLastError();
            if (memory != nullptr) {
                GlobalFree(memory); // the clipboard did not take it
            }
        }
        CloseClipboard();
    }
    DestroyWindow(owner);
    if (error != ERROR_SUCCESS) {
        throw LaunchError("cannot put " + text + " on the clipboard: " + windows_error_text(error));
    }
}

std::string lowercase_file_name(const std::string& path) {
    std::wstring name = std::filesystem::path(widen(path)).filename().wstring();
    std::transform(name.begin(), name.end(), name.begin(), [](wchar_t c) { return std::towlower(c); });
    return narrow(name);
}

class WindowsClientHandoff final : public ClientHandoff {
  public:
    explicit WindowsClientHandoff(const ClientSettings& settings)
        : primary_(settings.client_path.empty() ? "mstsc.exe" : settings.client_path),
          extra_args_(settings.extra_args) {}

    std::vector<std::string> installed() const override { return other_installed_clients(primary_); }

  protected:
    Handoff start(const ConnectRequest& request) override {
        const std::string client = *request.client;
        if (const PackagedApp* app = packaged_app(client)) {
            return to_packaged_app(*app, request);
        }
        return to_msrdc(request);
    }

  private:
    Handoff to_msrdc(const ConnectRequest& request) const {
        MstscLaunch plan;
        try {
            plan = mstsc_launch_for(request, extra_args_);
        } catch (const std::invalid_argument& error) {
            throw LaunchError(std::string("cannot hand the connection to msrdc: ") + error.what());
        }
        // The file must outlive rdpmedic's part: msrdc reads it after it has been let go. One
        // file per target, rewritten each time, so they do not pile up.
        const std::filesystem::path rdp_file =
            state_directory() / L"connections" /
            widen("handoff-" + file_safe(request.target.host) + "-" + std::to_string(request.target.port) + ".rdp");
        write_rdp_file(rdp_file, plan.file_text());
        const std::vector<std::string> argv{narrow(find_msrdc().wstring()), narrow(rdp_file.wstring())};
        spdlog::info("handing the connection to msrdc: {} {}", argv[0], argv[1]);
        const int pid = start_detached(argv);
        std::string description = "handed over to the Remote Desktop client (msrdc, pid " + std::to_string(pid) +
                                  ") with " + argv[1] + "; rdpmedic stops watching, whether it connects is up to msrdc";
        if (request.password) {
            description += "; type the password in msrdc: rdpmedic never writes it into a file";
        }
        for (const auto& switch_ : plan.switches) {
            description += "; msrdc does not take mstsc's " + switch_;
        }
        for (const auto& why : plan.ignored) {
            description += "; not passed on: " + why;
        }
        return {kMsrdc, pid, description};
    }

    static Handoff to_packaged_app(const PackagedApp& app, const ConnectRequest& request) {
        const std::string address = request.target.to_string();
        put_on_clipboard(address);
        const std::string aumid = narrow(app.family) + "!" + narrow(app.application);
        const std::vector<std::string> argv{narrow(explorer().wstring()), "shell:AppsFolder\\" + aumid};
        spdlog::info("handing the connection to {}: {} on the clipboard, {} {}", app.name, address, argv[0], argv[1]);
        const int pid = start_detached(argv);
        std::string description = "opened " + std::string(app.name) + ", which cannot be told which computer to open: " +
                                  address + " is on the clipboard, paste it there as the PC's name";
        if (request.user) {
            description += "; the user name is " + (request.domain ? *request.domain + "\\" : std::string()) +
                           *request.user;
        }
        if (request.gateway) {
            description += "; set the RD Gateway " + *request.gateway + " there too";
        }
        return {app.id, pid, description};
    }

    std::string primary_;
    std::vector<std::string> extra_args_;
};

} // namespace

std::vector<std::string> other_installed_clients(const std::string& primary) {
    const std::string primary_name = lowercase_file_name(primary);
    std::vector<std::string> found;
    if (primary_name != "msrdc.exe" && primary_name != "msrdc" && !find_msrdc().empty()) {
        found.emplace_back(kMsrdc);
    }
    for (const auto& app : kPackagedApps) {
        if (package_registered(app)) {
            found.emplace_back(app.id);
        }
    }
    return found;
}

std::unique_ptr<ClientHandoff> make_client_handoff(const ClientSettings& settings) {
    return std::make_unique<WindowsClientHandoff>(settings);
}

} // namespace rdpmedic
