#pragma once
/// A fresh folder under the system's temporary directory, removed with everything in it when
/// the test ends. Portable (no mkdtemp): the Windows unit tests run under wine. Shared by the
/// unit tests and the lab.
#include <filesystem>
#include <random>
#include <stdexcept>
#include <string>
#include <system_error>

namespace rdpmedic::test {

class TempDir {
  public:
    explicit TempDir(const std::string& prefix = "rdpmedic-unit-") {
        std::random_device seed;
        std::mt19937_64 random(seed());
        for (int attempt = 0; attempt < 100; ++attempt) {
            auto candidate = std::filesystem::temp_directory_path() / (prefix + std::to_string(random()));
            if (std::filesystem::create_directory(candidate)) {
                path_ = std::move(candidate);
                return;
            }
        }
        throw std::runtime_error("no new temporary folder could be made");
    }
    ~TempDir() {
        std::error_code ignored;
        std::filesystem::remove_all(path_, ignored);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    const std::filesystem::path& path() const { return path_; }
    std::filesystem::path operator/(const std::filesystem::path& name) const { return path_ / name; }

  private:
    std::filesystem::path path_;
};

} // namespace rdpmedic::test
