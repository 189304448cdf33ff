#include "rdpmedic/platform/kept_sessions.h"

#include "kept_files_linux.h"
#include "rdpmedic/platform/descriptor_linux.h"
#include "rdpmedic/platform/own_executable.h"
#include "rdpmedic/platform/state_dirs.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <sys/stat.h>
#include <unistd.h>

namespace rdpmedic {

bool own_private_folder(const std::filesystem::path& path, std::string& why) {
    struct stat info {};
    if (::lstat(path.c_str(), &info) != 0) {
        why = std::strerror(errno);
        return false;
    }
    if (!S_ISDIR(info.st_mode)) {
        why = "not a folder";
        return false;
    }
    if (info.st_uid != ::getuid()) {
        why = "owned by another user";
        return false;
    }
    if ((info.st_mode & 022) != 0) {
        why = "others can write in it";
        return false;
    }
    return true;
}

int open_own_file(const std::filesystem::path& file, std::string& why) {
    // O_NONBLOCK: a FIFO put in a file's place must not hang the reader.
    const int fd = ::open(file.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0) {
        why = errno == ELOOP ? "a symbolic link" : std::strerror(errno);
        return -1;
    }
    struct stat info {};
    if (::fstat(fd, &info) != 0 || !S_ISREG(info.st_mode)) {
        why = "not a regular file";
    } else if (info.st_uid != ::getuid()) {
        why = "owned by another user";
    } else if ((info.st_mode & 022) != 0) {
        why = "others can write it";
    } else {
        return fd;
    }
    ::close(fd);
    return -1;
}

std::optional<std::string> read_own_file(const std::filesystem::path& file, std::size_t max_bytes, std::string& why) {
    const Descriptor fd(open_own_file(file, why));
    if (fd.get() < 0) {
        return std::nullopt;
    }
    std::string text;
    char buffer[4096];
    for (;;) {
        const ssize_t n = ::read(fd.get(), buffer, sizeof buffer);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0) {
            why = std::strerror(errno);
            return std::nullopt;
        }
        if (n == 0) {
            return text;
        }
        text.append(buffer, static_cast<std::size_t>(n));
        if (text.size() > max_bytes) {
            why = "larger than " + std::to_string(max_bytes) + " bytes";
            return std::nullopt;
        }
    }
}

void remove_kept_folder(const std::filesystem::path& folder) {
    std::error_code ignored;
    for (const char* name : {kKeptRecordFile, kKeptLogFile, kKeptStatusFile}) {
        std::filesystem::remove(folder / name, ignored);
    }
    std::filesystem::remove(folder, ignored);
}

std::filesystem::path kept_sessions_directory() { return state_directory() / "sessions"; }

std::filesystem::path find_session_keeper() {
    return find_project_executable("RDPMEDIC_SESSION", "rdpmedic-session", "session");
}

bool sessions_outlive_the_tray() { return !find_session_keeper().empty(); }

std::optional<std::uint64_t> process_start_time(int pid) {
    std::ifstream stat_file("/proc/" + std::to_string(pid) + "/stat");
    std::string line;
    if (pid <= 0 || !std::getline(stat_file, line)) {
        return std::nullopt;
    }
    // The command name in parentheses may hold spaces and parentheses: fields count from
    // the last ')'. The start time is field 22, the 20th after it.
    const auto name_end = line.rfind(')');
    if (name_end == std::string::npos) {
        return std::nullopt;
    }
    std::size_t at = name_end + 1;
    for (int field = 0; field < 20; ++field) {
        at = line.find(' ', at);
        if (at == std::string::npos) {
            return std::nullopt;
        }
        ++at;
    }
    const auto end = line.find(' ', at);
    const std::string value = line.substr(at, end == std::string::npos ? std::string::npos : end - at);
    if (value.empty() || value.find_first_not_of("0123456789") != std::string::npos || value.size() > 19) {
        return std::nullopt;
    }
    return std::stoull(value);
}

bool is_running_program(int pid, std::uint64_t start, const std::filesystem::path& executable) {
    const std::string proc = "/proc/" + std::to_string(pid);
    struct stat info {};
    if (pid <= 1 || ::stat(proc.c_str(), &info) != 0 || info.st_uid != ::getuid()) {
        return false;
    }
    if (process_start_time(pid) != start) {
        return false;
    }
    std::error_code error;
    std::string running = std::filesystem::read_symlink(proc + "/exe", error).string();
    if (error) {
        return false;
    }
    // An upgrade replaces the file the keeper runs; the kernel then names it "(deleted)".
    const std::string deleted = " (deleted)";
    if (running.size() > deleted.size() && running.ends_with(deleted)) {
        running.resize(running.size() - deleted.size());
    }
    const auto wanted = std::filesystem::weakly_canonical(executable, error);
    return !error && running == wanted.string();
}

KeptSessionSearch find_kept_sessions(const std::filesystem::path& directory, const std::filesystem::path& keeper) {
    // Without the keeper nothing can be told apart (mid-upgrade, say): nothing is touched.
    if (keeper.empty()) {
        return {};
    }
    return find_kept_sessions_in(directory, [&](const KeptSessionRecord& record) {
        return is_running_program(record.keeper_pid, record.keeper_start, keeper);
    });
}

} // namespace rdpmedic
