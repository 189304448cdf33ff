#include "tls.h"

#include "no_pipe_signal.h"

#include "rdpmedic/openssl/free.h"
#include "system_roots.h"
#include "tls_channel.h"

#include <future>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <stdexcept>

namespace rdpmedic::probe::tls {

namespace {

using CtxFree = openssl::Free<SSL_CTX_free>;
using SslFree = openssl::Free<SSL_free>;
using X509Free = openssl::Free<X509_free>;

std::string openssl_reason() {
    std::string out;
    while (const unsigned long err = ERR_get_error()) {
        const char* reason = ERR_reason_error_string(err);
        if (out.empty() && reason != nullptr) {
            out = reason;
        }
    }
    return out;
}

using StoreFree = openssl::Free<X509_STORE_free>;

// `ca_file`'s certificates, for both contexts; the system's roots join them later.
std::unique_ptr<X509_STORE, StoreFree> make_trust_store(const std::filesystem::path& ca_file) {
    std::unique_ptr<X509_STORE, StoreFree> store(X509_STORE_new());
    if (!store) {
        throw std::runtime_error("OpenSSL cannot create a certificate store: " + openssl_reason());
    }
    // OpenSSL takes file names as UTF-8 on every OS (on Windows it widens them itself).
    const std::u8string ca_utf8 = ca_file.u8string();
    const std::string ca_name(ca_utf8.begin(), ca_utf8.end());
    if (!ca_file.empty() && X509_STORE_load_file(store.get(), ca_name.c_str()) != 1) {
        throw std::runtime_error("cannot load CA certificates from " + ca_name + ": " +
                                 openssl_reason());
    }
    ERR_clear_error();
    return store;
}

std::unique_ptr<SSL_CTX, CtxFree> make_context(bool lenient, X509_STORE* trusted) {
    std::unique_ptr<SSL_CTX, CtxFree> ctx(SSL_CTX_new(TLS_client_method()));
    if (!ctx) {
        throw std::runtime_error("OpenSSL cannot create a TLS context: " + openssl_reason());
    }
    // Verification runs and is recorded but never aborts the handshake: the certificate is
    // what the probe wants to look at, trusted or not.
    SSL_CTX_set_verify(ctx.get(), SSL_VERIFY_NONE, nullptr);
    SSL_CTX_set1_cert_store(ctx.get(), trusted);
    SSL_CTX_set_session_cache_mode(ctx.get(), SSL_SESS_CACHE_OFF);
    if (lenient) {
        SSL_CTX_set_security_level(ctx.get(), 0);
        SSL_CTX_set_min_proto_version(ctx.get(), TLS1_VERSION);
        SSL_CTX_set_cipher_list(ctx.get(), "ALL:@SECLEVEL=0");
        SSL_CTX_set_options(ctx.get(), SSL_OP_LEGACY_SERVER_CONNECT);
    }
    ERR_clear_error();
    return ctx;
}

bool looks_like_ip(const std::string& name) {
    return name.find(':') != std::string::npos ||
           name.find_first_not_of("0123456789.") == std::string::npos;
}

} // namespace

struct Contexts::Impl {
    std::unique_ptr<SSL_CTX, CtxFree> strict;
    std::unique_ptr<SSL_CTX, CtxFree> lenient;
    /// Ready once the system's roots are in the contexts' store. Last, so that it is destroyed
    /// first: its destructor waits for the loading to end before the store can go.
    std::shared_future<void> system_roots;
};

Contexts::Contexts(const std::filesystem::path& ca_file) : impl_(std::make_unique<Impl>()) {
    const auto trusted = make_trust_store(ca_file);
    impl_->strict = make_context(false, trusted.get());
    impl_->lenient = make_context(true, trusted.get());
    // Parsing every root takes tens of milliseconds; the first diagnoses look up names and
    // connect meanwhile, and their handshakes wait for it (the contexts keep the store alive).
    impl_->system_roots = std::async(std::launch::async, [store = trusted.get()] {
                              use_system_roots(store);
                              ERR_clear_error();
                          }).share();
}

Contexts::~Contexts() = default;

int Contexts::default_security_level() const {
    return SSL_CTX_get_security_level(impl_->strict.get());
}

Outcome Contexts::handshake(bool lenient, net::Connection& connection,
                            const std::string& server_name, net::Deadline deadline,
                            std::unique_ptr<Channel>* keep) const {
    Outcome out;
    impl_->system_roots.wait();
    ERR_clear_error();
    std::unique_ptr<SSL, SslFree> ssl(
        SSL_new(lenient ? impl_->lenient.get() : impl_->strict.get()));
    if (!ssl || SSL_set_fd(ssl.get(), connection.native()) != 1) {
        out.error = "OpenSSL cannot set up the connection: " + openssl_reason();
        return out;
    }
    if (!server_name.empty() && !looks_like_ip(server_name)) {
        // SSL_set_tlsext_host_name is a macro with a C cast; this is the call it stands for.
        SSL_ctrl(ssl.get(), SSL_CTRL_SET_TLSEXT_HOSTNAME, TLSEXT_NAMETYPE_host_name,
                 const_cast<char*>(server_name.c_str()));
    }
    for (;;) {
        int rc = 0;
        {
            // The handshake writes too: a server that closes mid-handshake is an error, not SIGPIPE.
            const NoPipeSignal no_pipe_signal;
            rc = SSL_connect(ssl.get());
        }
        if (rc == 1) {
            break;
        }
        const int error = SSL_get_error(ssl.get(), rc);
        if (error == SSL_ERROR_WANT_READ || error == SSL_ERROR_WANT_WRITE) {
            if (!connection.wait(error == SSL_ERROR_WANT_WRITE, deadline)) {
                out.error = "no TLS answer from the server in time";
                out.stalled = true;
                ERR_clear_error();
                return out;
            }
            continue;
        }
        out.error = openssl_reason();
        if (out.error.empty()) {
            out.error = error == SSL_ERROR_SYSCALL || error == SSL_ERROR_ZERO_RETURN
                            ? "the server closed the connection during the TLS handshake"
                            : "TLS handshake failed (SSL error " + std::to_string(error) + ")";
        }
        return out;
    }
    out.ok = true;
    out.version = SSL_get_version(ssl.get());
    out.cipher = SSL_get_cipher_name(ssl.get());
    if (std::shared_ptr<X509> peer{SSL_get1_peer_certificate(ssl.get()), X509Free()}) {
        unsigned char* der = nullptr;
        const int size = i2d_X509(peer.get(), &der);
        if (size > 0 && der != nullptr) {
            out.certificate.assign(der, der + size);
            out.parsed_certificate = std::move(peer);
        }
        OPENSSL_free(der);
    }
    out.verify_code = SSL_get_verify_result(ssl.get());
    out.verify_text = X509_verify_cert_error_string(out.verify_code);
    ERR_clear_error();
    if (keep != nullptr) {
        *keep = std::make_unique<Channel>(ssl.release(), connection);
    }
    return out;
}

bool is_outdated_version(const std::string& version) {
    return version == "SSLv3" || version == "TLSv1" || version == "TLSv1.1";
}

} // namespace rdpmedic::probe::tls
