#include "system_roots.h"

namespace rdpmedic::probe::tls {

void use_system_roots(SSL_CTX* context) {
    SSL_CTX_set_default_verify_paths(context);
}

} // namespace rdpmedic::probe::tls
