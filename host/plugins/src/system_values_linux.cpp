#include "rdpmedic/platform/dns_cache.h"
#include "rdpmedic/plugins/system_values.h"

#include <cstdlib>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <unistd.h>

namespace rdpmedic::plugins {

namespace {

void sync_path(const std::filesystem::path& path, int flags) {
    const int fd = ::open(path.c_str(), flags | O_CLOEXEC);
    if (fd >= 0) {
        ::fsync(fd);
        ::close(fd);
    }
}

class FileValues final : public SystemValues {
  public:
    explicit FileValues(std::filesystem::path root) : root_(std::move(root)) {}

    std::optional<StoredValue> read(const std::string& key, const std::string& name) override {
        std::ifstream in(file(key, name), std::ios::binary);
        if (!in) {
            return std::nullopt;
        }
        std::ostringstream text;
        text << in.rdbuf();
        const std::string content = text.str();
        const auto colon = content.find(':');
        if (colon == std::string::npos) {
            throw std::runtime_error(file(key, name).string() + ": damaged value file");
        }
        return StoredValue{content.substr(0, colon), content.substr(colon + 1)};
    }

    void write(const std::string& key, const std::string& name, const StoredValue& value) override {
        const auto target = file(key, name);
        std::filesystem::create_directories(target.parent_path());
        const auto temporary = target.string() + ".new";
        const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
        if (fd < 0) {
            throw std::runtime_error(temporary + ": cannot be written");
        }
        const std::string content = value.type + ":" + value.data;
        const bool ok = ::write(fd, content.data(), content.size()) == static_cast<ssize_t>(content.size()) &&
                        ::fsync(fd) == 0;
        ::close(fd);
        if (!ok) {
            throw std::runtime_error(temporary + ": cannot be written");
        }
        std::filesystem::rename(temporary, target);
        sync_path(target.parent_path(), O_RDONLY | O_DIRECTORY);
    }

    void remove(const std::string& key, const std::string& name) override {
        const auto target = file(key, name);
        std::error_code error;
        std::filesystem::remove(target, error);
        sync_path(target.parent_path(), O_RDONLY | O_DIRECTORY);
    }

    std::string run_action(const std::string& action) override {
        if (action == "dns.flush") {
            return flush_dns_cache();
        }
        throw std::runtime_error("the system action " + action + " exists on Windows only");
    }

  private:
    std::filesystem::path file(const std::string& key, const std::string& name) const {
        std::string relative;
        for (const char c : key) {
            relative.push_back(c == '\\' ? '/' : c);
        }
        return root_ / relative / (name + ".value");
    }

    std::filesystem::path root_;
};

} // namespace

std::unique_ptr<SystemValues> make_system_values() {
    const char* root = std::getenv("RDPMEDIC_REGISTRY_ROOT");
    return std::make_unique<FileValues>(root != nullptr && root[0] == '/' ? root : "/var/lib/rdpmedic/registry");
}

} // namespace rdpmedic::plugins
