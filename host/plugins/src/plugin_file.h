#pragma once
// A plugin's files read the way a check must read them: one open that never follows a
// symbolic link (or, on Windows, a reparse point), everything read from that one handle, and
// for the library the very bytes that were checked handed to the loader.

#include <filesystem>
#include <memory>
#include <string>

namespace rdpmedic::plugins {

/// The whole file, read through one handle opened without following a link. Throws
/// SigningError naming the file when it cannot be opened, is a link or is not a regular file.
std::string read_plugin_file(const std::filesystem::path& file);

/// A plugin library held open from the check to the load. Linux: the bytes read for the check
/// are copied into a sealed memfd that dlopen() reads through /proc/self/fd/N, so nothing done
/// to the file afterwards can change what loads. Windows: the file is held open without write
/// or delete sharing, so it cannot be changed or replaced while held, and the loaded module's
/// file id is compared with the held one.
class PluginLibraryFile {
  public:
    /// Throws SigningError as read_plugin_file() does.
    static std::shared_ptr<PluginLibraryFile> open(const std::filesystem::path& file);
    ~PluginLibraryFile();
    PluginLibraryFile(const PluginLibraryFile&) = delete;
    PluginLibraryFile& operator=(const PluginLibraryFile&) = delete;

    const std::filesystem::path& path() const { return path_; }
    /// What was read, and what the signature is checked against.
    const std::string& bytes() const { return bytes_; }
    /// The path the loader is given for exactly bytes(); empty with `error` set when there is
    /// none. Linux: "/proc/self/fd/N" of the sealed copy; Windows: the held file's own path.
    std::filesystem::path load_path(std::string& error);
    /// After loading from load_path(): whether `module_file` (the path the loader reports for
    /// the module) is the file held. Linux always true: the copy cannot be anything else.
    bool is_held_file(const std::filesystem::path& module_file) const;

  private:
    PluginLibraryFile() = default;
    struct Handles;
    std::filesystem::path path_;
    std::string bytes_;
    std::unique_ptr<Handles> handles_;
};

} // namespace rdpmedic::plugins
