#pragma once
/// Where an organization's policy for rdpmedic is read from: a JSON file on Linux, the
/// registry's Policies keys on Windows. What the values mean and how they win over the user's
/// settings is core's (rdpmedic/core/policy.h).

#include "rdpmedic/core/policy.h"

#include <filesystem>
#include <memory>
#include <vector>

namespace rdpmedic {

class PolicySource {
  public:
    virtual ~PolicySource() = default;
    /// Every policy store that exists, the machine's before the user's; none when no policy
    /// is set. Never throws: what cannot be used is a problem of its layer.
    virtual std::vector<PolicyLayer> read() const = 0;
};

/// Linux: the machine's policy in `policy_file` (normally /etc/rdpmedic/policy.json), refused
/// when it is a symbolic link, not a plain file, writable by other users, owned by someone
/// other than root or this process's user, or in a folder others can write.
/// Windows: HKLM\Software\Policies\rdpmedic (machine) and HKCU\Software\Policies\rdpmedic
/// (user); `policy_file` is not used.
std::unique_ptr<PolicySource> make_policy_source(const std::filesystem::path& policy_file);

} // namespace rdpmedic
