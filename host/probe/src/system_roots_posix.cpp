#include "system_roots.h"

namespace rdpmedic::probe::tls {

void use_system_roots(X509_STORE* store) {
    X509_STORE_set_default_paths(store);
}

} // namespace rdpmedic::probe::tls
