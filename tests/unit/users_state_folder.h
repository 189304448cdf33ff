#pragma once
/// The state folder of the user running the tests: the one rdpmedic-helper.exe keeps the
/// journal in when the administrator prompt starts it, whatever the request names.
#include "rdpmedic/platform/state_dirs.h"
#include "rdpmedic/plugins/journal.h"

#include <filesystem>
#include <system_error>

namespace rdpmedic::test {

/// The current user's own state folder, the one the helper picks, with its journal moved aside
/// for the test and put back after it.
class UsersStateFolder {
  public:
    UsersStateFolder() {
        std::filesystem::create_directories(folder);
        if (std::filesystem::exists(journal)) {
            std::filesystem::rename(journal, saved_);
        }
    }
    ~UsersStateFolder() {
        std::error_code ignored;
        for (const auto& file : {journal, request, answer}) {
            std::filesystem::remove(file, ignored);
        }
        if (std::filesystem::exists(saved_, ignored)) {
            std::filesystem::rename(saved_, journal, ignored);
        }
    }
    UsersStateFolder(const UsersStateFolder&) = delete;
    UsersStateFolder& operator=(const UsersStateFolder&) = delete;

    std::size_t entries() const { return plugins::Journal(journal).entries().size(); }

    const std::filesystem::path folder = state_directory();
    const std::filesystem::path journal = folder / "journal.jsonl";
    const std::filesystem::path request = folder / "helper-test-request.json";
    const std::filesystem::path answer = folder / "helper-test-answer.json";

  private:
    const std::filesystem::path saved_ = folder.parent_path() / "rdpmedic-journal-before-test.jsonl";
};

} // namespace rdpmedic::test
