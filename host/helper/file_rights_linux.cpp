#include "file_rights.h"

#include "rdpmedic/platform/privileges.h"

#include <charconv>
#include <cstdlib>
#include <cstring>
#include <grp.h>
#include <pwd.h>
#include <sys/fsuid.h>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

namespace rdpmedic::helper {

void keep_new_files_private() { ::umask(077); }

std::optional<UsersJournal> take_invoking_users_file_rights(bool /*through_prompt*/, std::string& error) {
    if (!elevated_for_another_user()) {
        return std::nullopt;
    }
    uid_t uid = ::getuid();
    if (const char* text = std::getenv("PKEXEC_UID"); text != nullptr) {
        const char* end = text + std::strlen(text);
        const auto [next, failure] = std::from_chars(text, end, uid);
        if (failure != std::errc{} || next != end || end == text) {
            error = "PKEXEC_UID \"" + std::string(text) + "\" is not a user id";
            return std::nullopt;
        }
    }
    if (uid == 0) {
        return std::nullopt; // root asked through pkexec: nobody to work for but root
    }
    const passwd* user = ::getpwuid(uid);
    if (user == nullptr || user->pw_dir == nullptr || user->pw_dir[0] != '/') {
        error = "user id " + std::to_string(uid) + " has no home folder in the password database";
        return std::nullopt;
    }
    std::vector<gid_t> groups(64);
    int count = static_cast<int>(groups.size());
    if (::getgrouplist(user->pw_name, user->pw_gid, groups.data(), &count) < 0) {
        groups.resize(static_cast<std::size_t>(count));
        ::getgrouplist(user->pw_name, user->pw_gid, groups.data(), &count);
    }
    groups.resize(static_cast<std::size_t>(count));
    const std::filesystem::path home = user->pw_dir;
    const gid_t gid = user->pw_gid;
    // setfsuid reports the previous value, not failure: read it back to be sure.
    if (::setgroups(groups.size(), groups.data()) != 0 || (::setfsgid(gid), ::setfsgid(gid)) != static_cast<int>(gid) ||
        (::setfsuid(uid), ::setfsuid(uid)) != static_cast<int>(uid)) {
        error = "cannot take on the file rights of user id " + std::to_string(uid);
        return std::nullopt;
    }
    return UsersJournal{home, home / ".local" / "state" / "rdpmedic" / "journal.jsonl"};
}

bool with_users_rights(const std::function<void()>& work) {
    work();
    return true;
}

} // namespace rdpmedic::helper
