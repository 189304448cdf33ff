#include "rdpmedic/core/path_text.h"
#include "rdpmedic/core/stored_file.h"

#include "file_sync.h"

#include <chrono>
#include <cstdio>
#include <fstream>
#include <random>
#include <system_error>

namespace rdpmedic {

namespace {

/// `file` with a suffix no other writer uses (process, time and a random number).
std::filesystem::path fresh_temporary(const std::filesystem::path& file) {
    static std::mt19937_64 random{std::random_device{}()};
    auto temporary = file;
    temporary += ".tmp-" + std::to_string(std::chrono::steady_clock::now().time_since_epoch().count()) + "-" +
                 std::to_string(random());
    return temporary;
}

std::filesystem::path lock_file(const std::filesystem::path& file) {
    auto lock = file;
    lock += ".lock";
    return lock;
}

void create_folder(const std::filesystem::path& file) {
    std::error_code ec;
    if (file.has_parent_path()) {
        std::filesystem::create_directories(file.parent_path(), ec);
        if (ec) {
            throw StoredFileError("cannot create " + utf8_text(file.parent_path()) + ": " +
                                  ec.message() + "; check its permissions");
        }
    }
}

void replace_file(const std::filesystem::path& file, const std::string& contents) {
    // A fresh name created exclusively: two writers never share a temporary file, and a
    // planted link in its place is never followed.
    std::filesystem::path temporary;
    bool written = false;
    for (int attempt = 0; attempt < 8 && !written; ++attempt) {
        temporary = fresh_temporary(file);
        written = write_exclusive_file(temporary, contents);
    }
    if (!written) {
        std::error_code ignored;
        std::filesystem::remove(temporary, ignored);
        throw StoredFileError("cannot write " + utf8_text(temporary) + "; check free space and permissions");
    }
    std::error_code ec;
    std::filesystem::rename(temporary, file, ec);
    if (ec) {
        std::filesystem::remove(temporary, ec);
        throw StoredFileError("cannot replace " + utf8_text(file) + ": " + ec.message());
    }
    sync_folder_to_disk(file.parent_path());
}

} // namespace

void write_file_atomically(const std::filesystem::path& file, const std::string& contents) {
    create_folder(file);
    const FileLock lock(lock_file(file));
    replace_file(file, contents);
}

void update_stored_file(const std::filesystem::path& file,
                        const std::function<std::string(const std::optional<std::string>&)>& update) {
    create_folder(file);
    const FileLock lock(lock_file(file));
    replace_file(file, update(read_stored_file(file)));
}

std::optional<std::string> read_stored_file(const std::filesystem::path& file) {
    std::error_code ec;
    if (!std::filesystem::exists(file, ec)) {
        return std::nullopt;
    }
    std::ifstream in(file, std::ios::binary);
    if (!in) {
        throw StoredFileError("cannot read " + utf8_text(file) + "; check its permissions");
    }
    std::string contents(static_cast<std::size_t>(std::filesystem::file_size(file, ec)), '\0');
    in.read(contents.data(), static_cast<std::streamsize>(contents.size()));
    if (ec || in.gcount() != static_cast<std::streamsize>(contents.size())) {
        throw StoredFileError("cannot read all of " + utf8_text(file) + "; check the disk");
    }
    return contents;
}

std::filesystem::path keep_aside(const std::filesystem::path& file) {
    const auto now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm local{};
#ifdef _WIN32
    localtime_s(&local, &now);
#else
    localtime_r(&now, &local);
#endif
    char stamp[32];
    std::strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &local);
    auto copy = file;
    copy += std::string(".corrupt-") + stamp;
    // copy_file refuses an existing target, so two processes keeping the same file aside in
    // the same second each get a copy of their own.
    std::error_code ec;
    for (int n = 2; !std::filesystem::copy_file(file, copy, ec) && ec == std::errc::file_exists && n < 1000; ++n) {
        copy = file;
        copy += std::string(".corrupt-") + stamp + "-" + std::to_string(n);
    }
    if (ec) {
        throw StoredFileError("cannot keep a copy of " + utf8_text(file) + " as " + utf8_text(copy) +
                              ": " + ec.message());
    }
    return copy;
}

} // namespace rdpmedic
