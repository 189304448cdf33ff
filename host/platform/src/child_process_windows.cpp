#include "rdpmedic/platform/child_process.h"
#include "rdpmedic/platform/command_line_windows.h"
#include "rdpmedic/platform/user_dialogs_windows.h"
#include "rdpmedic/platform/wide_text.h"
#include "rdpmedic/platform/windows_api.h"
#include "rdpmedic/platform/windows_error.h"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cwctype>
#include <mutex>
#include <system_error>
#include <thread>
#include <utility>
#include <vector>

namespace rdpmedic {

namespace {

/// The exit code a killed child reports, as after `taskkill /f`.
constexpr UINT kKilledExitCode = 1;
/// Output the reader thread holds before it stops reading, so a child that writes faster
/// than its output is consumed blocks in its own writes, as it would on a Linux pipe.
constexpr std::size_t kMaxBuffered = 1024 * 1024;
/// How long the destructor waits for the reader thread before leaving it to finish alone.
constexpr auto kReaderGrace = std::chrono::seconds(2);

class OwnedHandle {
  public:
    OwnedHandle() = default;
    explicit OwnedHandle(HANDLE handle) : handle_(handle) {}
    ~OwnedHandle() { reset(); }
    OwnedHandle(const OwnedHandle&) = delete;
    OwnedHandle& operator=(const OwnedHandle&) = delete;
    OwnedHandle(OwnedHandle&& other) noexcept : handle_(other.release()) {}
    OwnedHandle& operator=(OwnedHandle&& other) noexcept {
        if (this != &other) {
            reset(other.release());
        }
        return *this;
    }
    HANDLE get() const { return handle_; }
    explicit operator bool() const { return handle_ != nullptr && handle_ != INVALID_HANDLE_VALUE; }
    HANDLE release() { return std::exchange(handle_, nullptr); }
    void reset(HANDLE handle = nullptr) {
        if (*this) {
            CloseHandle(handle_);
        }
        handle_ = handle;
    }

  private:
    HANDLE handle_ = nullptr;
};

DWORD clamp_to_dword_ms(long long milliseconds) {
    return static_cast<DWORD>(std::clamp<long long>(milliseconds, 0, INFINITE - 1));
}

/// The read end of the child's output, shared with the thread that reads it: that thread may
/// outlive the ChildProcess when some process outside the job still holds the write end.
struct OutputPipe {
    OwnedHandle handle;
    std::mutex mutex;
    std::condition_variable changed;
    std::string buffered;
    bool closed = false;       ///< end of output: every writer is gone, or reading failed
    bool stopping = false;     ///< the owner is gone; nothing will consume the output
    OwnedHandle reader_thread; ///< for CancelSynchronousIo; set by the reader itself
};

void read_until_closed(const std::shared_ptr<OutputPipe>& pipe) {
    {
        HANDLE self = nullptr;
        DuplicateHandle(GetCurrentProcess(), GetCurrentThread(), GetCurrentProcess(), &self, 0,
                        FALSE, DUPLICATE_SAME_ACCESS);
        std::lock_guard lock(pipe->mutex);
        pipe->reader_thread.reset(self);
    }
    char chunk[8192];
    for (;;) {
        DWORD received = 0;
        const BOOL ok = ReadFile(pipe->handle.get(), chunk, sizeof chunk, &received, nullptr);
        std::unique_lock lock(pipe->mutex);
        if (!ok || pipe->stopping) {
            // ERROR_BROKEN_PIPE: every process holding the write end has ended.
            // ERROR_OPERATION_ABORTED: the owner cancelled the read while shutting down.
            pipe->closed = true;
            pipe->changed.notify_all();
            return;
        }
        pipe->buffered.append(chunk, received);
        pipe->changed.notify_all();
        pipe->changed.wait(lock,
                           [&] { return pipe->buffered.size() < kMaxBuffered || pipe->stopping; });
    }
}

/// A PROC_THREAD_ATTRIBUTE_LIST naming the only handles the child may inherit: without it,
/// CreateProcess hands the child every inheritable handle this process has, including pipe
/// ends another thread is setting up for another child at the same moment.
class InheritOnly {
  public:
    explicit InheritOnly(std::vector<HANDLE> handles) : handles_(std::move(handles)) {
        SIZE_T size = 0;
        InitializeProcThreadAttributeList(nullptr, 1, 0, &size);
        storage_.resize(size);
        list_ = reinterpret_cast<LPPROC_THREAD_ATTRIBUTE_LIST>(storage_.data());
        if (!InitializeProcThreadAttributeList(list_, 1, 0, &size)) {
            throw_last_windows_error("InitializeProcThreadAttributeList");
        }
        if (!UpdateProcThreadAttribute(list_, 0, PROC_THREAD_ATTRIBUTE_HANDLE_LIST, handles_.data(),
                                       handles_.size() * sizeof(HANDLE), nullptr, nullptr)) {
            const DWORD error = GetLastError();
            DeleteProcThreadAttributeList(list_);
            throw std::system_error(static_cast<int>(error), windows_category(),
                                    "UpdateProcThreadAttribute");
        }
    }
    ~InheritOnly() { DeleteProcThreadAttributeList(list_); }
    InheritOnly(const InheritOnly&) = delete;
    InheritOnly& operator=(const InheritOnly&) = delete;
    LPPROC_THREAD_ATTRIBUTE_LIST get() const { return list_; }

  private:
    std::vector<HANDLE> handles_; // must stay valid until CreateProcess has run
    std::vector<unsigned char> storage_;
    LPPROC_THREAD_ATTRIBUTE_LIST list_ = nullptr;
};

/// An anonymous pipe whose `child_end` alone is inheritable.
struct Pipe {
    OwnedHandle parent_end;
    OwnedHandle child_end;
};

Pipe make_pipe(bool child_reads) {
    HANDLE read_end = nullptr;
    HANDLE write_end = nullptr;
    if (!CreatePipe(&read_end, &write_end, nullptr, 0)) {
        throw_last_windows_error("CreatePipe");
    }
    Pipe pipe{OwnedHandle(child_reads ? write_end : read_end),
              OwnedHandle(child_reads ? read_end : write_end)};
    if (!SetHandleInformation(pipe.child_end.get(), HANDLE_FLAG_INHERIT, HANDLE_FLAG_INHERIT)) {
        throw_last_windows_error("SetHandleInformation");
    }
    return pipe;
}

/// A job object that lets a crashing child die instead of waiting at a Windows Error Reporting
/// dialog nobody sees and, for a child that ends with this process, ends every process in it
/// when its last handle closes (this process ending included).
OwnedHandle make_job(ChildLifetime lifetime) {
    OwnedHandle job(CreateJobObjectW(nullptr, nullptr));
    if (!job) {
        throw_last_windows_error("CreateJobObject");
    }
    JOBOBJECT_EXTENDED_LIMIT_INFORMATION limits{};
    limits.BasicLimitInformation.LimitFlags = JOB_OBJECT_LIMIT_DIE_ON_UNHANDLED_EXCEPTION;
    if (lifetime == ChildLifetime::EndsWithParent) {
        limits.BasicLimitInformation.LimitFlags |= JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE;
    }
    if (!SetInformationJobObject(job.get(), JobObjectExtendedLimitInformation, &limits,
                                 sizeof limits)) {
        throw_last_windows_error("SetInformationJobObject");
    }
    return job;
}

} // namespace

struct ChildProcess::State {
    OwnedHandle process;
    OwnedHandle job;
    OwnedHandle input;
    DWORD pid = 0;
    std::shared_ptr<OutputPipe> output = std::make_shared<OutputPipe>();
    std::thread reader;
    std::optional<DWORD> exit_code;
    std::atomic<bool> terminated{false}; ///< request_stop() or kill() ended it while it ran
    bool let_go = false;
};

ChildProcess::ChildProcess(const std::vector<std::string>& argv, ChildLifetime lifetime)
    : state_(std::make_unique<State>()) {
    std::wstring command_line;
    try {
        command_line = windows_command_line(argv);
    } catch (const std::invalid_argument& error) {
        throw std::system_error(std::make_error_code(std::errc::invalid_argument), error.what());
    }
    const std::wstring program = widen(argv.front());
    Pipe input = make_pipe(true);
    Pipe output = make_pipe(false);
    InheritOnly inherit({input.child_end.get(), output.child_end.get()});
    state_->job = make_job(lifetime);

    STARTUPINFOEXW startup{};
    startup.StartupInfo.cb = sizeof startup;
    startup.StartupInfo.dwFlags = STARTF_USESTDHANDLES;
    startup.StartupInfo.hStdInput = input.child_end.get();
    startup.StartupInfo.hStdOutput = output.child_end.get();
    startup.StartupInfo.hStdError = output.child_end.get();
    startup.lpAttributeList = inherit.get();
    PROCESS_INFORMATION started{};
    // Suspended until it is in the job, so nothing it starts can escape the job.
    // CREATE_NO_WINDOW: a console program started from the tray must not flash a console.
    const DWORD flags = CREATE_SUSPENDED | EXTENDED_STARTUPINFO_PRESENT | CREATE_NO_WINDOW |
                        CREATE_UNICODE_ENVIRONMENT;
    if (!CreateProcessW(program.c_str(), command_line.data(), nullptr, nullptr, TRUE, flags,
                        nullptr, nullptr, &startup.StartupInfo, &started)) {
        throw_last_windows_error("cannot start " + argv.front());
    }
    state_->process.reset(started.hProcess);
    OwnedHandle thread(started.hThread);
    state_->pid = started.dwProcessId;
    if (!AssignProcessToJobObject(state_->job.get(), started.hProcess)) {
        const DWORD error = GetLastError();
        TerminateProcess(started.hProcess, kKilledExitCode);
        WaitForSingleObject(started.hProcess, INFINITE);
        throw std::system_error(static_cast<int>(error), windows_category(),
                                "cannot put " + argv.front() + " in a job object");
    }
    ResumeThread(thread.get());
    // The child has its copies; keeping ours open would hide the end of its output.
    input.child_end.reset();
    output.child_end.reset();
    state_->input = std::move(input.parent_end);
    state_->output->handle = std::move(output.parent_end);
    state_->reader = std::thread(read_until_closed, state_->output);
}

ChildProcess::~ChildProcess() {
    if (!state_->exit_code && !state_->let_go) {
        kill();
        wait();
    }
    state_->input.reset();
    // Closing the job ends whatever the child started and left running.
    state_->job.reset();
    const auto& pipe = state_->output;
    std::unique_lock lock(pipe->mutex);
    pipe->stopping = true;
    pipe->changed.notify_all();
    const auto give_up = std::chrono::steady_clock::now() + kReaderGrace;
    while (!pipe->closed && std::chrono::steady_clock::now() < give_up) {
        if (pipe->reader_thread) {
            CancelSynchronousIo(pipe->reader_thread.get());
        }
        pipe->changed.wait_for(lock, std::chrono::milliseconds(20));
    }
    const bool finished = pipe->closed;
    lock.unlock();
    if (finished) {
        state_->reader.join();
    } else {
        // A process outside the job holds the write end and the read cannot be cancelled: the
        // thread owns the pipe and ends when that process does.
        state_->reader.detach();
    }
}

int ChildProcess::pid() const {
    return static_cast<int>(state_->pid);
}

ChildProcess::Read ChildProcess::read_output(std::string& appended_to,
                                             std::chrono::steady_clock::time_point deadline) {
    auto& pipe = *state_->output;
    std::unique_lock lock(pipe.mutex);
    pipe.changed.wait_until(lock, deadline, [&] { return !pipe.buffered.empty() || pipe.closed; });
    if (!pipe.buffered.empty()) {
        appended_to += pipe.buffered;
        pipe.buffered.clear();
        pipe.changed.notify_all(); // the reader may be waiting for room
        return Read::data;
    }
    return pipe.closed ? Read::closed : Read::timeout;
}

bool ChildProcess::write_stdin(const std::string& data) {
    std::size_t written = 0;
    while (state_->input && written < data.size()) {
        DWORD n = 0;
        const DWORD chunk =
            static_cast<DWORD>(std::min<std::size_t>(data.size() - written, 1 << 20));
        if (!WriteFile(state_->input.get(), data.data() + written, chunk, &n, nullptr)) {
            return false; // ERROR_NO_DATA / ERROR_BROKEN_PIPE: the child closed its end
        }
        written += n;
    }
    return static_cast<bool>(state_->input);
}

void ChildProcess::write_stdin_and_close(const std::string& data) {
    write_stdin(data); // a child that closed its stdin will fail on its own and say why
    close_stdin();
}

void ChildProcess::close_stdin() {
    state_->input.reset();
}

void* ChildProcess::process_handle() const { return state_->process.get(); }

void ChildProcess::let_go() { state_->let_go = true; }

void ChildProcess::request_stop() {
    if (!close_windows_of(state_->pid)) {
        kill();
    }
}

void ChildProcess::kill() {
    // Only the process handle is read here, so another thread may be blocked in wait().
    if (WaitForSingleObject(state_->process.get(), 0) != WAIT_TIMEOUT) {
        return;
    }
    if (TerminateJobObject(state_->job.get(), kKilledExitCode)) {
        state_->terminated = true;
    }
}

std::optional<int> ChildProcess::wait_for(std::chrono::milliseconds timeout) {
    if (!state_->exit_code) {
        if (WaitForSingleObject(state_->process.get(), clamp_to_dword_ms(timeout.count())) !=
            WAIT_OBJECT_0) {
            return std::nullopt;
        }
        DWORD code = 255;
        GetExitCodeProcess(state_->process.get(), &code);
        state_->exit_code = code;
    }
    return static_cast<int>(*state_->exit_code);
}

int ChildProcess::wait() {
    while (!state_->exit_code) {
        if (WaitForSingleObject(state_->process.get(), INFINITE) == WAIT_FAILED) {
            state_->exit_code = 255; // the handle is unusable: result unknown, as on Linux
        } else {
            wait_for(std::chrono::milliseconds(0));
        }
    }
    return static_cast<int>(*state_->exit_code);
}

bool ChildProcess::ended_by_signal() const {
    return state_->exit_code && state_->terminated;
}

namespace {

std::wstring lowercase(std::wstring text) {
    std::transform(text.begin(), text.end(), text.begin(),
                   [](wchar_t c) { return std::towlower(c); });
    return text;
}

bool is_file(const std::wstring& path) {
    const DWORD attributes = GetFileAttributesW(path.c_str());
    return attributes != INVALID_FILE_ATTRIBUTES && (attributes & FILE_ATTRIBUTE_DIRECTORY) == 0;
}

std::wstring environment(const wchar_t* name) {
    const DWORD size = GetEnvironmentVariableW(name, nullptr, 0);
    if (size == 0) {
        return {};
    }
    std::wstring value(size, L'\0');
    value.resize(GetEnvironmentVariableW(name, value.data(), size));
    return value;
}

std::vector<std::wstring> split(const std::wstring& list) {
    std::vector<std::wstring> parts;
    std::size_t start = 0;
    while (start <= list.size()) {
        const auto end = std::min(list.find(L';', start), list.size());
        std::wstring part = list.substr(start, end - start);
        std::erase(part, L'"'); // PATH entries may be quoted
        if (!part.empty()) {
            parts.push_back(std::move(part));
        }
        start = end + 1;
    }
    return parts;
}

/// The names to try for `name`: itself when it ends in .exe or .com, else with each of
/// PATHEXT's .EXE and .COM appended, in PATHEXT's order.
std::vector<std::wstring> candidate_names(const std::wstring& name) {
    const std::wstring lower = lowercase(name);
    const auto dot = lower.rfind(L'.');
    const std::wstring extension = dot == std::wstring::npos ? L"" : lower.substr(dot);
    if (extension == L".exe" || extension == L".com") {
        return {name};
    }
    std::wstring pathext = environment(L"PATHEXT");
    if (pathext.empty()) {
        pathext = L".COM;.EXE";
    }
    std::vector<std::wstring> names;
    for (const auto& ext : split(pathext)) {
        const std::wstring lower_ext = lowercase(ext);
        if (lower_ext == L".exe" || lower_ext == L".com") {
            names.push_back(name + ext);
        }
    }
    return names;
}

} // namespace

std::string find_executable(const std::string& name) {
    if (name.empty()) {
        return {};
    }
    const std::wstring wide = widen(name);
    std::vector<std::wstring> directories;
    if (wide.find_first_of(L"\\/:") != std::wstring::npos) {
        directories.emplace_back(); // a path already: no search
    } else {
        directories = split(environment(L"PATH"));
    }
    for (const auto& directory : directories) {
        for (const auto& candidate : candidate_names(wide)) {
            std::wstring path = directory;
            if (!path.empty() && path.back() != L'\\' && path.back() != L'/') {
                path += L'\\';
            }
            path += candidate;
            if (is_file(path)) {
                return narrow(path);
            }
        }
    }
    return {};
}

} // namespace rdpmedic
