#include "rdpmedic/plugins/trust_store.h"
#include "rdpmedic/plugins/path_text.h"

#include <fstream>
#include <system_error>

namespace rdpmedic::plugins {

TrustStore TrustStore::load(const std::vector<std::filesystem::path>& dirs) {
    TrustStore store;
    for (const auto& dir : dirs) {
        std::error_code error;
        for (std::filesystem::directory_iterator it(dir, error), end; !error && it != end; it.increment(error)) {
            if (it->path().extension() != ".pem") {
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
    const PublicKey key = read_public_key(key_file);
    std::filesystem::create_directories(user_trust_dir);
    std::filesystem::permissions(user_trust_dir, std::filesystem::perms::owner_all |
                                                     std::filesystem::perms::group_read |
                                                     std::filesystem::perms::group_exec |
                                                     std::filesystem::perms::others_read |
                                                     std::filesystem::perms::others_exec);
    const std::filesystem::path target = user_trust_dir / (key.id + ".pem");
    std::filesystem::path temporary = target;
    temporary += ".new";
    {
        std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
        out << key.pem;
        if (!out.flush()) {
            throw SigningError(utf8_text(temporary) + ": cannot be written");
        }
    }
    std::filesystem::rename(temporary, target);
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
