#include "rdpmedic/platform/policy_source.h"

#include "rdpmedic/platform/descriptor_linux.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace rdpmedic {

namespace {

/// A policy larger than this is no policy anyone wrote by hand or by a management tool.
constexpr off_t kLargestPolicy = 1 << 20;

/// Why the file's folder lets someone else replace the policy, or empty.
std::string folder_problem(const std::filesystem::path& file) {
    struct stat info {};
    const auto folder = file.parent_path();
    if (::stat(folder.c_str(), &info) != 0) {
        return {};
    }
    if ((info.st_mode & (S_IWGRP | S_IWOTH)) != 0 && (info.st_mode & S_ISVTX) == 0) {
        return "its folder " + folder.string() + " can be written by other users, who could replace it; run chmod go-w on it";
    }
    return {};
}

/// The file's text, or why it is refused.
std::string read_policy_text(const std::filesystem::path& file, std::string& problem) {
    const Descriptor fd(::open(file.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK));
    if (fd.get() < 0) {
        problem = errno == ELOOP ? "is a symbolic link; refused (put the policy itself there)"
                                 : std::string("cannot be opened (") + std::strerror(errno) + ")";
        return {};
    }
    struct stat info {};
    if (::fstat(fd.get(), &info) != 0 || !S_ISREG(info.st_mode)) {
        problem = "is not a plain file; refused";
        return {};
    }
    if ((info.st_mode & (S_IWGRP | S_IWOTH)) != 0) {
        problem = "can be written by other users; refused (run chmod go-w on it)";
        return {};
    }
    if (info.st_uid != 0 && info.st_uid != ::geteuid()) {
        problem = "belongs to user id " + std::to_string(info.st_uid) + ", not root; refused";
        return {};
    }
    if (info.st_size > kLargestPolicy) {
        problem = "is larger than 1 MiB; refused";
        return {};
    }
    if (problem = folder_problem(file); !problem.empty()) {
        return {};
    }
    std::string text(static_cast<std::size_t>(info.st_size), '\0');
    std::size_t done = 0;
    while (done < text.size()) {
        const ssize_t got = ::read(fd.get(), text.data() + done, text.size() - done);
        if (got < 0 && errno == EINTR) {
            continue;
        }
        if (got <= 0) {
            break;
        }
        done += static_cast<std::size_t>(got);
    }
    text.resize(done);
    return text;
}

class PolicyFile final : public PolicySource {
  public:
    explicit PolicyFile(std::filesystem::path file) : file_(std::move(file)) {}

    std::vector<PolicyLayer> read() const override {
        if (file_.empty()) {
            return {};
        }
        struct stat info {};
        if (::lstat(file_.c_str(), &info) != 0 && errno == ENOENT) {
            return {}; // no policy: the usual case
        }
        PolicyLayer layer;
        layer.scope = PolicyScope::Machine;
        layer.origin = file_.string();
        std::string problem;
        const std::string text = read_policy_text(file_, problem);
        if (!problem.empty()) {
            layer.problems.push_back(problem);
            return {layer};
        }
        try {
            layer.values = nlohmann::json::parse(text);
        } catch (const nlohmann::json::exception& error) {
            layer.values = nlohmann::json::object();
            layer.problems.push_back(std::string("is not valid JSON (") + error.what() + "); every value in it is ignored");
            return {layer};
        }
        if (!layer.values.is_object()) {
            layer.values = nlohmann::json::object();
            layer.problems.push_back("is not a JSON object; every value in it is ignored");
        }
        return {layer};
    }

  private:
    std::filesystem::path file_;
};

} // namespace

std::unique_ptr<PolicySource> make_policy_source(const std::filesystem::path& policy_file) {
    return std::make_unique<PolicyFile>(policy_file);
}

} // namespace rdpmedic
