#include "rdpmedic/core/stored_file.h"

#include "file_sync.h"

#include <chrono>
#include <cstdio>
#include <fstream>
#include <system_error>

namespace rdpmedic {

void write_file_atomically(const std::filesystem::path& file, const std::string& contents) {
    std::error_code ec;
    if (file.has_parent_path()) {
        std::filesystem::create_directories(file.parent_path(), ec);
        if (ec) {
            throw StoredFileError("cannot create " + file.parent_path().string() + ": " +
                                  ec.message() + "; check its permissions");
        }
    }
    auto temporary = file;
    temporary += ".tmp";
    {
        std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
        out.write(contents.data(), static_cast<std::streamsize>(contents.size()));
        out.flush();
        if (!out) {
            throw StoredFileError("cannot write " + temporary.string() +
                                  "; check free space and permissions");
        }
    }
    sync_file_to_disk(temporary);
    std::filesystem::rename(temporary, file, ec);
    if (ec) {
        std::filesystem::remove(temporary, ec);
        throw StoredFileError("cannot replace " + file.string() + ": " + ec.message());
    }
}

std::optional<std::string> read_stored_file(const std::filesystem::path& file) {
    std::error_code ec;
    if (!std::filesystem::exists(file, ec)) {
        return std::nullopt;
    }
    std::ifstream in(file, std::ios::binary);
    if (!in) {
        throw StoredFileError("cannot read " + file.string() + "; check its permissions");
    }
    std::string contents(static_cast<std::size_t>(std::filesystem::file_size(file, ec)), '\0');
    in.read(contents.data(), static_cast<std::streamsize>(contents.size()));
    if (ec || in.gcount() != static_cast<std::streamsize>(contents.size())) {
        throw StoredFileError("cannot read all of " + file.string() + "; check the disk");
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
    std::error_code ec;
    for (int n = 2; std::filesystem::exists(copy, ec); ++n) {
        copy = file;
        copy += std::string(".corrupt-") + stamp + "-" + std::to_string(n);
    }
    std::filesystem::copy_file(file, copy, ec);
    if (ec) {
        throw StoredFileError("cannot keep a copy of " + file.string() + " as " + copy.string() +
                              ": " + ec.message());
    }
    return copy;
}

} // namespace rdpmedic
