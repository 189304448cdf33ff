#pragma once
// The user's .rdp file in a form FreeRDP reads: FreeRDP 2.11 and 3.10 read a connection file
// only as UTF-8 without a byte order mark or as UTF-16LE with one, and only when its name ends
// in ".rdp"; with anything else they find no "full address" and give up.

#include <filesystem>
#include <memory>

namespace rdpmedic {

/// A private copy of an .rdp file (mode 0600), removed when this goes away.
class PrivateRdpCopy {
  public:
    explicit PrivateRdpCopy(std::filesystem::path path) : path_(std::move(path)) {}
    ~PrivateRdpCopy();
    PrivateRdpCopy(const PrivateRdpCopy&) = delete;
    PrivateRdpCopy& operator=(const PrivateRdpCopy&) = delete;
    const std::filesystem::path& path() const { return path_; }
    /// Leaves the copy on disk: a client that outlives this process may still read it.
    void keep() { path_.clear(); }

  private:
    std::filesystem::path path_;
};

struct FreeRdpFile {
    /// What FreeRDP is given: the user's file itself, or `copy`'s path.
    std::filesystem::path path;
    /// Set when the file had to be converted; keep it until the client has exited.
    std::unique_ptr<PrivateRdpCopy> copy;
};

/// Reads and checks the file again (it may have changed since the connection was set up) and
/// returns it as FreeRDP can read it: the file itself when it can, otherwise a UTF-8 copy of
/// every line in a private temporary file ($XDG_RUNTIME_DIR when set, else the temporary
/// folder), logged as such. Throws LaunchError naming the file and the problem.
FreeRdpFile freerdp_readable_file(const std::filesystem::path& file);

} // namespace rdpmedic
