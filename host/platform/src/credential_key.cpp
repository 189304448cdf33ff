#include "rdpmedic/platform/credential_store.h"

namespace rdpmedic {

std::string describe(const CredentialKey& key) {
    const std::string where = Target{key.host, key.port}.to_string();
    return key.user.empty() ? where : key.user + "@" + where;
}

} // namespace rdpmedic
