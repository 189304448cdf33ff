#include "unprivileged.h"

#include <grp.h>
#include <sys/prctl.h>
#include <unistd.h>

namespace rdpmedic::fixer {

namespace {

constexpr uid_t kNobody = 65534;

} // namespace

std::optional<int> rerun_without_admin_rights(const std::vector<std::string>& /*arguments*/) { return std::nullopt; }

std::string drop_admin_rights() {
    if (::geteuid() == 0) {
        const bool dropped = ::setgroups(0, nullptr) == 0 && ::setgid(kNobody) == 0 && ::setuid(kNobody) == 0 &&
                             ::setuid(0) != 0 && ::geteuid() != 0;
        if (!dropped) {
            return "rdpmedic-fixer cannot drop administrator rights and will not run plugin code with them";
        }
    }
    ::prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
    return {};
}

} // namespace rdpmedic::fixer
