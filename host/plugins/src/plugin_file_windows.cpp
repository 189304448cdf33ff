#include "plugin_file.h"

#include "rdpmedic/core/path_text.h"
#include "rdpmedic/platform/windows_api.h"
#include "rdpmedic/platform/windows_error.h"
#include "rdpmedic/plugins/signing.h"

namespace rdpmedic::plugins {

namespace {

/// Opened for reading with read sharing only: while held, nobody can write, rename or delete
/// the file. A reparse point (symbolic link, junction) is opened as itself and refused.
HANDLE open_held(const std::filesystem::path& file) {
    const HANDLE handle = CreateFileW(file.c_str(), GENERIC_READ, FILE_SHARE_READ, nullptr, OPEN_EXISTING,
                                      FILE_ATTRIBUTE_NORMAL | FILE_FLAG_OPEN_REPARSE_POINT, nullptr);
    if (handle == INVALID_HANDLE_VALUE) {
        throw SigningError(utf8_text(file) + ": cannot be opened (" + windows_error_text(GetLastError()) + ")");
    }
    BY_HANDLE_FILE_INFORMATION info{};
    if (!GetFileInformationByHandle(handle, &info) ||
        (info.dwFileAttributes & (FILE_ATTRIBUTE_REPARSE_POINT | FILE_ATTRIBUTE_DIRECTORY)) != 0) {
        CloseHandle(handle);
        throw SigningError(utf8_text(file) + ": is a link or not a regular file, which plugins may not use");
    }
    return handle;
}

std::string read_all(HANDLE handle, const std::filesystem::path& file) {
    std::string data;
    char chunk[65536];
    for (;;) {
        DWORD got = 0;
        if (!ReadFile(handle, chunk, sizeof chunk, &got, nullptr)) {
            throw SigningError(utf8_text(file) + ": cannot be read (" + windows_error_text(GetLastError()) + ")");
        }
        if (got == 0) {
            return data;
        }
        data.append(chunk, got);
    }
}

struct FileId {
    DWORD volume = 0;
    DWORD high = 0;
    DWORD low = 0;
    bool operator==(const FileId&) const = default;
};

bool file_id(HANDLE handle, FileId& id) {
    BY_HANDLE_FILE_INFORMATION info{};
    if (!GetFileInformationByHandle(handle, &info)) {
        return false;
    }
    id = {info.dwVolumeSerialNumber, info.nFileIndexHigh, info.nFileIndexLow};
    return true;
}

} // namespace

struct PluginLibraryFile::Handles {
    HANDLE held = INVALID_HANDLE_VALUE;
};

std::string read_plugin_file(const std::filesystem::path& file) {
    const HANDLE handle = open_held(file);
    try {
        std::string data = read_all(handle, file);
        CloseHandle(handle);
        return data;
    } catch (...) {
        CloseHandle(handle);
        throw;
    }
}

std::shared_ptr<PluginLibraryFile> PluginLibraryFile::open(const std::filesystem::path& file) {
    std::shared_ptr<PluginLibraryFile> library(new PluginLibraryFile);
    library->path_ = file;
    library->handles_ = std::make_unique<Handles>();
    library->handles_->held = open_held(file);
    library->bytes_ = read_all(library->handles_->held, file);
    return library;
}

PluginLibraryFile::~PluginLibraryFile() {
    if (handles_ && handles_->held != INVALID_HANDLE_VALUE) {
        CloseHandle(handles_->held);
    }
}

std::filesystem::path PluginLibraryFile::load_path(std::string& /*error*/) { return path_; }

bool PluginLibraryFile::is_held_file(const std::filesystem::path& module_file) const {
    const HANDLE loaded = CreateFileW(module_file.c_str(), 0, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE,
                                      nullptr, OPEN_EXISTING, FILE_ATTRIBUTE_NORMAL, nullptr);
    if (loaded == INVALID_HANDLE_VALUE) {
        return false;
    }
    FileId held_id;
    FileId loaded_id;
    const bool same = file_id(handles_->held, held_id) && file_id(loaded, loaded_id) && held_id == loaded_id;
    CloseHandle(loaded);
    return same;
}

} // namespace rdpmedic::plugins
