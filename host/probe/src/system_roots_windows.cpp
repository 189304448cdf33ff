// wincrypt.h needs windows.h before it, and defines X509_NAME and other OpenSSL names as
// macros; nothing below uses those names. The order matters, so it is kept by hand.
#include "system_roots.h"

#include <openssl/x509.h>

// clang-format off
#ifndef NOMINMAX
#define NOMINMAX
#endif
#include <windows.h>
#include <wincrypt.h>
// clang-format on

namespace rdpmedic::probe::tls {

void use_system_roots(X509_STORE* store) {
    HCERTSTORE roots = CertOpenSystemStoreW(0, L"ROOT");
    if (roots == nullptr) {
        return; // then nothing is trusted, and the probe says the certificate is not
    }
    for (PCCERT_CONTEXT certificate = CertEnumCertificatesInStore(roots, nullptr);
         certificate != nullptr; certificate = CertEnumCertificatesInStore(roots, certificate)) {
        const unsigned char* der = certificate->pbCertEncoded;
        if (X509* parsed = d2i_X509(nullptr, &der, static_cast<long>(certificate->cbCertEncoded))) {
            X509_STORE_add_cert(store, parsed); // a duplicate is refused, which is fine
            X509_free(parsed);
        }
    }
    CertCloseStore(roots, 0);
}

} // namespace rdpmedic::probe::tls
