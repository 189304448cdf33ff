#include "helper_launch.h"

#include "last_line.h"

#include "rdpmedic/core/path_text.h"
#include "rdpmedic/platform/authenticode_windows.h"
#include "rdpmedic/platform/own_executable.h"
#include "rdpmedic/platform/owned_handle_windows.h"
#include "rdpmedic/platform/process_wait_windows.h"
#include "rdpmedic/platform/windows_api.h"
#include "rdpmedic/platform/windows_error.h"
#include "rdpmedic/plugins/signing.h"

#include <objbase.h>
#include <shellapi.h>

#include <atomic>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace rdpmedic::plugins {

namespace {

/// Removes the exchange files however the run ends.
class ExchangeFiles {
  public:
    explicit ExchangeFiles(const std::filesystem::path& folder) {
        static std::atomic<unsigned> counter{0};
        const std::string stem = "helper-" + std::to_string(GetCurrentProcessId()) + "-" +
                                 std::to_string(GetTickCount64()) + "-" + std::to_string(counter++);
        request = folder / utf8_path(stem + "-request.json");
        answer = folder / utf8_path(stem + "-answer.json");
    }
    ~ExchangeFiles() {
        std::error_code ignored;
        std::filesystem::remove(request, ignored);
        std::filesystem::remove(answer, ignored);
    }
    ExchangeFiles(const ExchangeFiles&) = delete;
    ExchangeFiles& operator=(const ExchangeFiles&) = delete;

    std::filesystem::path request;
    std::filesystem::path answer;
};

/// COM in a single-threaded apartment for the length of the prompt: ShellExecuteEx may hand
/// the verb to shell extensions, which expect one (Microsoft's ShellExecuteEx remarks). A
/// thread already in another apartment keeps it.
class ComApartment {
  public:
    ComApartment()
        : initialised_(SUCCEEDED(CoInitializeEx(nullptr, COINIT_APARTMENTTHREADED | COINIT_DISABLE_OLE1DDE))) {}
    ~ComApartment() {
        if (initialised_) {
            CoUninitialize();
        }
    }
    ComApartment(const ComApartment&) = delete;
    ComApartment& operator=(const ComApartment&) = delete;

  private:
    bool initialised_;
};

/// How long a cancelled helper may go on before it is stopped: its registry change and
/// journal lines take milliseconds, and a finished change is better than a half-done one.
constexpr std::chrono::milliseconds kCancelledHelperGrace{2000};

std::string read_all(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

} // namespace

std::string run_helper_elevated(const std::filesystem::path& helper, const std::string& request,
                                const std::filesystem::path& journal, const ElevationPrompt& prompt) {
    // The consent prompt elevates whatever file is there; only the "only elevate signed
    // executables" policy, rarely set, would look at its signature. So rdpmedic does.
    const std::string refusal = authenticode_refusal(authenticode_signature(own_executable_file()),
                                                     authenticode_signature(helper), utf8_text(helper.filename()));
    if (!refusal.empty()) {
        throw std::runtime_error("rdpmedic-helper is not started as administrator: " + refusal +
                                 "; nothing was changed");
    }
    std::filesystem::create_directories(journal.parent_path());
    const ExchangeFiles files(journal.parent_path());
    const std::string bytes = request + "\n";
    {
        std::ofstream out(files.request, std::ios::binary | std::ios::trunc);
        out << bytes;
        if (!out.flush()) {
            throw std::runtime_error(utf8_text(files.request) + " cannot be written; nothing was changed");
        }
    }
    // The folder is the user's, so anything running as the user could rewrite the request
    // before the elevated helper reads it. The command line is fixed by the administrator
    // prompt: its checksum of the request makes the helper refuse any other.
    // Paths in a Windows folder cannot hold a quote, and these end in ".json", so plain
    // quoting keeps each one a single argument.
    const std::wstring parameters = L"--request \"" + files.request.wstring() + L"\" --request-sha256 " +
                                    std::filesystem::path(sha256_hex(bytes)).wstring() + L" --answer \"" +
                                    files.answer.wstring() + L"\"";
    const ComApartment com;
    SHELLEXECUTEINFOW run{};
    run.cbSize = sizeof run;
    run.fMask = SEE_MASK_NOCLOSEPROCESS | SEE_MASK_NOASYNC | SEE_MASK_FLAG_NO_UI;
    // Without an owner window the consent prompt of a program in the background opens
    // minimised to a flashing taskbar button, which the user may never notice.
    run.hwnd = prompt.owner_window != nullptr ? static_cast<HWND>(prompt.owner_window) : GetForegroundWindow();
    run.lpVerb = L"runas";
    const std::wstring file = helper.wstring();
    run.lpFile = file.c_str();
    run.lpParameters = parameters.c_str();
    run.nShow = SW_HIDE;
    if (!ShellExecuteExW(&run)) {
        const DWORD error = GetLastError();
        if (error == ERROR_CANCELLED) {
            throw std::runtime_error("the administrator prompt was declined; nothing was changed");
        }
        throw std::runtime_error("rdpmedic-helper cannot start as administrator (" + windows_error_text(error) +
                                 "); nothing was changed");
    }
    if (run.hProcess == nullptr) {
        throw std::runtime_error("rdpmedic-helper was started as administrator but cannot be waited for");
    }
    const OwnedHandle process(run.hProcess);
    const HANDLE cancel = prompt.cancel != nullptr ? static_cast<HANDLE>(prompt.cancel->native_handle()) : nullptr;
    const ProcessWait waited = wait_for_process_or_cancel(process.get(), cancel, kCancelledHelperGrace);
    DWORD code = 0;
    GetExitCodeProcess(process.get(), &code);
    // A helper that finished within the grace time answered: what it did is reported as done.
    const std::string answer = last_line(read_all(files.answer));
    if (answer.empty() && waited != ProcessWait::ended) {
        throw std::runtime_error(waited == ProcessWait::stopped
                                     ? "cancelled: rdpmedic-helper was stopped before it answered; rdpmedic-cli "
                                       "undo restores whatever the journal says it began"
                                     : "cancelled: rdpmedic-helper ended without an answer; rdpmedic-cli undo "
                                       "restores whatever the journal says it began");
    }
    if (answer.empty()) {
        throw std::runtime_error("rdpmedic-helper ended (exit code " + std::to_string(code) +
                                 ") without an answer; rdpmedic-cli undo restores what the journal holds");
    }
    return answer;
}

} // namespace rdpmedic::plugins
