#include "rdpmedic/plugins/trust_store.h"

#include "new_key_file.h"
#include "rdpmedic/core/path_text.h"
#include "rdpmedic/platform/file_permissions.h"

#include <random>
#include <system_error>

namespace rdpmedic::plugins {

TrustStore TrustStore::load(const std::vector<std::filesystem::path>& dirs) {
    TrustStore store;
    for (const auto& dir : dirs) {
        std::error_code error;
        if (!std::filesystem::exists(dir, error)) {
            continue;
        }
        // Anyone who can add a key here chooses which code runs: a folder or key file that
        // another user can write, or a link to one, counts for nothing.
        if (std::filesystem::is_symlink(dir, error) || writable_by_others(dir)) {
            store.refused_.push_back(utf8_text(dir) + (std::filesystem::is_symlink(dir, error)
                                                           ? " is a symbolic link: its keys are not trusted"
                                                           : ": " + how_to_restrict(dir) + "; its keys are not trusted"));
            continue;
        }
        for (std::filesystem::directory_iterator it(dir, error), end; !error && it != end; it.increment(error)) {
            if (it->path().extension() != ".pem") {
                continue;
            }
            if (it->is_symlink(error) || !it->is_regular_file(error) || writable_by_others(it->path())) {
                store.refused_.push_back(utf8_text(it->path()) +
                                         " is a symbolic link, not a plain file, or writable by other users: "
                                         "not trusted");
                continue;
            }
            try {
                store.add(read_public_key(it->path()), it->path());
            } catch (const SigningError&) {
                // A foreign file in the folder must not stop the others from counting.
            }
        }
    }
    return store;
}

void TrustStore::add(const PublicKey& key, const std::filesystem::path& source) {
    entries_.emplace(key.id, Entry{key, source});
}

const PublicKey* TrustStore::find(const std::string& id) const {
    const auto it = entries_.find(id);
    return it == entries_.end() ? nullptr : &it->second.key;
}

PublicKey trust_key(const std::filesystem::path& key_file, const std::filesystem::path& user_trust_dir) {
    if (user_trust_dir.empty()) {
        throw SigningError("a process with administrator rights keeps no per-user trusted keys; "
                           "put the key in the system's trusted-keys folder instead");
    }
    const PublicKey key = read_public_key(key_file);
    std::filesystem::create_directories(user_trust_dir);
    std::filesystem::permissions(user_trust_dir, std::filesystem::perms::owner_all |
                                                     std::filesystem::perms::group_read |
                                                     std::filesystem::perms::group_exec |
                                                     std::filesystem::perms::others_read |
                                                     std::filesystem::perms::others_exec);
    const std::filesystem::path target = user_trust_dir / (key.id + ".pem");
    // A fresh name created exclusively, so a planted KEY_ID.pem.new cannot redirect the write.
    std::filesystem::path temporary = target;
    temporary += ".new-" + std::to_string(std::random_device{}());
    write_new_key_file(temporary, key.pem, Readers::Everyone);
    std::error_code error;
    std::filesystem::rename(temporary, target, error);
    if (error) {
        std::filesystem::remove(temporary, error);
        throw SigningError(utf8_text(target) + ": cannot be written");
    }
    return key;
}

bool untrust_key(const std::string& id, const std::filesystem::path& user_trust_dir) {
    if (id.empty() || id.find_first_of("/\\") != std::string::npos || id.find("..") != std::string::npos) {
        return false;
    }
    std::error_code error;
    return std::filesystem::remove(user_trust_dir / (id + ".pem"), error);
}

} // namespace rdpmedic::plugins
