#include "rdpmedic/plugins/system_values.h"

#include "rdpmedic/core/path_text.h"
#include "rdpmedic/platform/descriptor_linux.h"
#include "rdpmedic/platform/dns_cache.h"
#include "rdpmedic/platform/privileges.h"
#include "rdpmedic/platform/trusted_folders_linux.h"

#include <cerrno>
#include <cstdlib>
#include <fcntl.h>
#include <random>
#include <stdexcept>
#include <sys/fsuid.h>
#include <unistd.h>

namespace rdpmedic::plugins {

namespace {

/// Larger than any value the allowlist lets through (4096 bytes and a type).
constexpr off_t kLargestValueFile = 8192;

/// An elevated helper works on the user's journal with the user's rights (setfsuid); the
/// values are the administrator's, so they are reached with the process's own rights.
class OwnFileRights {
  public:
    OwnFileRights()
        : previous_uid_(::setfsuid(::geteuid())), previous_gid_(::setfsgid(::getegid())) {}
    ~OwnFileRights() {
        ::setfsgid(static_cast<gid_t>(previous_gid_));
        ::setfsuid(static_cast<uid_t>(previous_uid_));
    }
    OwnFileRights(const OwnFileRights&) = delete;
    OwnFileRights& operator=(const OwnFileRights&) = delete;

  private:
    int previous_uid_;
    int previous_gid_;
};

std::string random_suffix() {
    static std::mt19937_64 generator{std::random_device{}()};
    static constexpr char kDigits[] = "0123456789abcdefghijklmnopqrstuvwxyz";
    std::string suffix;
    for (int i = 0; i < 12; ++i) {
        suffix.push_back(kDigits[generator() % (sizeof kDigits - 1)]);
    }
    return suffix;
}

/// Values live in files KEY/NAME.value under a root folder that only root (and, for a helper
/// running as an ordinary user, that user) can change; nothing on the way is followed.
class FileValues final : public SystemValues {
  public:
    explicit FileValues(std::filesystem::path root) : root_(std::move(root)) {}

    std::optional<StoredValue> read(const std::string& key, const std::string& name) override {
        const OwnFileRights rights;
        const Descriptor dir(open_existing_key(key));
        if (dir.get() < 0) {
            return std::nullopt;
        }
        const std::string file_name = name + ".value";
        const Descriptor file(::openat(dir.get(), file_name.c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC));
        const auto shown = utf8_text(key_folder(key) / file_name);
        if (file.get() < 0) {
            if (errno == ENOENT) {
                return std::nullopt;
            }
            throw std::runtime_error(shown + (errno == ELOOP ? " is a symbolic link: refused, nothing was read"
                                                             : " cannot be read"));
        }
        struct stat info {};
        if (::fstat(file.get(), &info) != 0 || !S_ISREG(info.st_mode)) {
            throw std::runtime_error(shown + " is not a plain file: refused, nothing was read");
        }
        if (const std::string why = why_untrusted(shown, info, trusted_owner()); !why.empty()) {
            throw std::runtime_error(why + ": refused, nothing was read");
        }
        if (info.st_size > kLargestValueFile) {
            throw std::runtime_error(shown + " is larger than any allowed value: refused, nothing was read");
        }
        std::string content(static_cast<std::size_t>(info.st_size), '\0');
        if (::read(file.get(), content.data(), content.size()) != static_cast<ssize_t>(content.size())) {
            throw std::runtime_error(shown + " cannot be read");
        }
        const auto colon = content.find(':');
        if (colon == std::string::npos) {
            throw std::runtime_error(shown + ": damaged value file");
        }
        return StoredValue{content.substr(0, colon), content.substr(colon + 1)};
    }

    void write(const std::string& key, const std::string& name, const StoredValue& value) override {
        const OwnFileRights rights;
        const Descriptor dir(open_trusted_folder(key_folder(key), trusted_owner(), true));
        // A fresh name each time, created exclusively: a planted NAME.value.new (or any other
        // name) is never opened, so it cannot redirect the write.
        std::string temporary;
        int fd = -1;
        for (int attempt = 0; attempt < 16 && fd < 0; ++attempt) {
            temporary = name + ".value.new-" + random_suffix();
            fd = ::openat(dir.get(), temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
            if (fd < 0 && errno != EEXIST) {
                break;
            }
        }
        const auto shown = utf8_text(key_folder(key) / (name + ".value"));
        if (fd < 0) {
            throw std::runtime_error(shown + ": a new value file cannot be created");
        }
        const std::string content = value.type + ":" + value.data;
        const bool ok = ::write(fd, content.data(), content.size()) == static_cast<ssize_t>(content.size()) &&
                        ::fsync(fd) == 0;
        ::close(fd);
        const std::string target = name + ".value";
        if (!ok || ::renameat(dir.get(), temporary.c_str(), dir.get(), target.c_str()) != 0) {
            ::unlinkat(dir.get(), temporary.c_str(), 0);
            throw std::runtime_error(shown + " cannot be written");
        }
        ::fsync(dir.get());
    }

    void remove(const std::string& key, const std::string& name) override {
        const OwnFileRights rights;
        const Descriptor dir(open_existing_key(key));
        if (dir.get() < 0) {
            return; // nothing there to remove
        }
        // unlinkat removes a link itself, never what it points to.
        const std::string target = name + ".value";
        if (::unlinkat(dir.get(), target.c_str(), 0) != 0 && errno != ENOENT) {
            throw std::runtime_error(utf8_text(key_folder(key) / target) + " cannot be removed");
        }
        ::fsync(dir.get());
    }

    RouteInterface route_interface(const std::string& address) override { return rdpmedic::route_interface(address); }

    void set_interface_mtu(const std::string& device, std::uint32_t mtu, bool ipv6) override {
        rdpmedic::set_interface_mtu(device, mtu, ipv6);
    }

    std::string run_action(const std::string& action) override {
        if (action == "dns.flush") {
            return flush_dns_cache();
        }
        throw std::runtime_error("the system action " + action + " exists on Windows only");
    }

  private:
    /// The key's folder, or -1 when it does not exist yet.
    int open_existing_key(const std::string& key) const {
        try {
            return open_trusted_folder(key_folder(key), trusted_owner(), false);
        } catch (const std::filesystem::filesystem_error& error) {
            if (error.code() == std::errc::no_such_file_or_directory) {
                return -1;
            }
            throw std::runtime_error(utf8_text(error.path1()) + ": " + error.code().message());
        }
    }

    std::filesystem::path key_folder(const std::string& key) const {
        std::filesystem::path folder = root_;
        std::string part;
        for (const char c : key + "\\") {
            if (c != '\\' && c != '/') {
                part.push_back(c);
                continue;
            }
            if (part.empty() || part == "." || part == "..") {
                throw UntrustedPlace("registry key \"" + key + "\" has an empty, . or .. part");
            }
            folder /= part;
            part.clear();
        }
        return folder;
    }

    std::filesystem::path root_;
};

} // namespace

std::unique_ptr<SystemValues> make_system_values() {
    static constexpr const char* kSystemRoot = "/var/lib/rdpmedic/registry";
    // A helper elevated for another user takes nothing from the environment; any other caller
    // may move the root, but the walk above still refuses what root (or, unelevated, the
    // user) does not own.
    const char* root = elevated_for_another_user() ? nullptr : std::getenv("RDPMEDIC_REGISTRY_ROOT");
    return std::make_unique<FileValues>(root != nullptr && root[0] == '/' ? root : kSystemRoot);
}

} // namespace rdpmedic::plugins
