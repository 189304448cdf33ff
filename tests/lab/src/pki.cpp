#include "pki.h"

#include <fcntl.h>
#include "rdpmedic/openssl/free.h"

#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <stdexcept>
#include <string>
#include <sys/stat.h>
#include <vector>

namespace rdpmedic::lab::detail {

namespace fs = std::filesystem;

namespace {

using PkeyDeleter = openssl::Free<EVP_PKEY_free>;
using PkeyCtxDeleter = openssl::Free<EVP_PKEY_CTX_free>;
using X509Deleter = openssl::Free<X509_free>;
using X509ExtDeleter = openssl::Free<X509_EXTENSION_free>;
using BioDeleter = openssl::Free<BIO_free>;
using BnDeleter = openssl::Free<BN_free>;
using PkeyPtr = std::unique_ptr<EVP_PKEY, PkeyDeleter>;
using X509Ptr = std::unique_ptr<X509, X509Deleter>;

constexpr long one_day = 24L * 60 * 60;

[[noreturn]] void fail(const std::string& what) {
    std::string message = "lab: " + what;
    if (const unsigned long err = ERR_get_error(); err != 0) {
        char text[256];
        ERR_error_string_n(err, text, sizeof text);
        message += std::string(": ") + text;
    }
    ERR_clear_error();
    throw std::runtime_error(message);
}

PkeyPtr generate_rsa_key() {
    std::unique_ptr<EVP_PKEY_CTX, PkeyCtxDeleter> ctx(
        EVP_PKEY_CTX_new_from_name(nullptr, "RSA", nullptr));
    if (!ctx || EVP_PKEY_keygen_init(ctx.get()) <= 0 ||
        EVP_PKEY_CTX_set_rsa_keygen_bits(ctx.get(), 2048) <= 0) {
        fail("cannot set up RSA key generation");
    }
    EVP_PKEY* key = nullptr;
    if (EVP_PKEY_generate(ctx.get(), &key) <= 0) {
        fail("cannot generate an RSA key");
    }
    return PkeyPtr(key);
}

struct CertSpec {
    std::string common_name;
    std::string subject_alt_names; // "DNS:a,IP:b"; empty for none
    long not_before = -one_day;    // seconds from now
    long not_after = 30 * one_day;
    bool is_ca = false;
};

void add_extension(X509* cert, X509V3_CTX* ctx, int nid, const std::string& value) {
    std::unique_ptr<X509_EXTENSION, X509ExtDeleter> ext(
        X509V3_EXT_conf_nid(nullptr, ctx, nid, value.c_str()));
    if (!ext || X509_add_ext(cert, ext.get(), -1) != 1) {
        fail("cannot add certificate extension " + value);
    }
}

/// issuer == nullptr makes a self-signed certificate (signed with key).
X509Ptr make_certificate(const CertSpec& spec, EVP_PKEY* key, X509* issuer, EVP_PKEY* issuer_key) {
    X509Ptr cert(X509_new());
    if (!cert || X509_set_version(cert.get(), X509_VERSION_3) != 1) {
        fail("cannot create a certificate");
    }
    unsigned char serial_bytes[16];
    if (RAND_bytes(serial_bytes, sizeof serial_bytes) != 1) {
        fail("cannot make a serial number");
    }
    serial_bytes[0] &= 0x7F; // positive
    std::unique_ptr<BIGNUM, BnDeleter> serial(
        BN_bin2bn(serial_bytes, sizeof serial_bytes, nullptr));
    if (!serial || !BN_to_ASN1_INTEGER(serial.get(), X509_get_serialNumber(cert.get()))) {
        fail("cannot set the serial number");
    }
    if (!X509_gmtime_adj(X509_getm_notBefore(cert.get()), spec.not_before) ||
        !X509_gmtime_adj(X509_getm_notAfter(cert.get()), spec.not_after)) {
        fail("cannot set the validity period");
    }
    X509_NAME* name = X509_get_subject_name(cert.get());
    const auto text = [](const char* s) { return reinterpret_cast<const unsigned char*>(s); };
    if (X509_NAME_add_entry_by_txt(name, "O", MBSTRING_ASC, text("rdpmedic lab"), -1, -1, 0) != 1 ||
        X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, text(spec.common_name.c_str()), -1, -1,
                                   0) != 1) {
        fail("cannot set the subject name");
    }
    X509* signer = issuer != nullptr ? issuer : cert.get();
    EVP_PKEY* signer_key = issuer != nullptr ? issuer_key : key;
    if (X509_set_issuer_name(cert.get(), X509_get_subject_name(signer)) != 1 ||
        X509_set_pubkey(cert.get(), key) != 1) {
        fail("cannot set issuer or public key");
    }

    X509V3_CTX ctx;
    X509V3_set_ctx(&ctx, signer, cert.get(), nullptr, nullptr, 0);
    if (spec.is_ca) {
        add_extension(cert.get(), &ctx, NID_basic_constraints, "critical,CA:TRUE");
        add_extension(cert.get(), &ctx, NID_key_usage, "critical,keyCertSign,cRLSign");
    } else {
        add_extension(cert.get(), &ctx, NID_basic_constraints, "critical,CA:FALSE");
        add_extension(cert.get(), &ctx, NID_key_usage, "critical,digitalSignature,keyEncipherment");
        add_extension(cert.get(), &ctx, NID_ext_key_usage, "serverAuth");
    }
    add_extension(cert.get(), &ctx, NID_subject_key_identifier, "hash");
    if (issuer != nullptr) {
        add_extension(cert.get(), &ctx, NID_authority_key_identifier, "keyid:always");
    }
    if (!spec.subject_alt_names.empty()) {
        add_extension(cert.get(), &ctx, NID_subject_alt_name, spec.subject_alt_names);
    }
    if (X509_sign(cert.get(), signer_key, EVP_sha256()) <= 0) {
        fail("cannot sign the certificate for " + spec.common_name);
    }
    return cert;
}

void write_certificate(const fs::path& file, X509* cert) {
    std::unique_ptr<BIO, BioDeleter> bio(BIO_new_file(file.c_str(), "w"));
    if (!bio || PEM_write_bio_X509(bio.get(), cert) != 1) {
        fail("cannot write " + file.string());
    }
}

void write_key(const fs::path& file, EVP_PKEY* key) {
    // Created 0600 before anything is written, so the key is never readable by others.
    const int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) {
        fail("cannot create " + file.string());
    }
    std::unique_ptr<BIO, BioDeleter> bio(BIO_new_fd(fd, BIO_CLOSE));
    if (!bio ||
        PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr) != 1) {
        fail("cannot write " + file.string());
    }
}

SslCtxPtr server_context(X509* cert, EVP_PKEY* key) {
    SslCtxPtr ctx(SSL_CTX_new(TLS_server_method()));
    if (!ctx || SSL_CTX_use_certificate(ctx.get(), cert) != 1 ||
        SSL_CTX_use_PrivateKey(ctx.get(), key) != 1 || SSL_CTX_check_private_key(ctx.get()) != 1) {
        fail("cannot set up a TLS server context");
    }
    return ctx;
}

} // namespace

Pki::Pki(const fs::path& dir, const std::string& healthy_host) {
    const PkeyPtr ca_key = generate_rsa_key();
    // One key serves every leaf: what differs between the faults is the certificate.
    const PkeyPtr leaf_key = generate_rsa_key();

    const X509Ptr ca =
        make_certificate(CertSpec{"rdpmedic lab CA", "", -one_day, 365 * one_day, true},
                         ca_key.get(), nullptr, nullptr);
    const std::string healthy_names = std::string("DNS:") + healthy_host + ",IP:127.0.0.1";
    const X509Ptr healthy =
        make_certificate(CertSpec{healthy_host, healthy_names, -one_day, 30 * one_day, false},
                         leaf_key.get(), ca.get(), ca_key.get());
    const X509Ptr expired =
        make_certificate(CertSpec{healthy_host, healthy_names, -60 * one_day, -one_day, false},
                         leaf_key.get(), ca.get(), ca_key.get());
    const X509Ptr wrong = make_certificate(
        CertSpec{wrong_host, std::string("DNS:") + wrong_host, -one_day, 30 * one_day, false},
        leaf_key.get(), ca.get(), ca_key.get());
    const X509Ptr self =
        make_certificate(CertSpec{healthy_host, healthy_names, -one_day, 30 * one_day, false},
                         leaf_key.get(), nullptr, nullptr);

    ca_cert_ = dir / "ca.pem";
    server_cert_ = dir / "server.pem";
    server_key_ = dir / "server.key";
    self_signed_cert_ = dir / "server-self-signed.pem";
    write_certificate(ca_cert_, ca.get());
    write_certificate(server_cert_, healthy.get());
    write_certificate(self_signed_cert_, self.get());
    write_key(server_key_, leaf_key.get());

    healthy_ = server_context(healthy.get(), leaf_key.get());
    expired_ = server_context(expired.get(), leaf_key.get());
    wrong_name_ = server_context(wrong.get(), leaf_key.get());
    self_signed_ = server_context(self.get(), leaf_key.get());

    // An old server: TLS 1.0 and nothing else. Security level 0 lets OpenSSL 3 still offer it
    // (and its SHA-1 suites); the client's own settings are what make the handshake fail.
    tls10_only_ = server_context(healthy.get(), leaf_key.get());
    SSL_CTX_set_security_level(tls10_only_.get(), 0);
    if (SSL_CTX_set_min_proto_version(tls10_only_.get(), TLS1_VERSION) != 1 ||
        SSL_CTX_set_max_proto_version(tls10_only_.get(), TLS1_VERSION) != 1 ||
        SSL_CTX_set_cipher_list(tls10_only_.get(), "DEFAULT:@SECLEVEL=0") != 1) {
        fail("cannot limit the server to TLS 1.0");
    }
}

} // namespace rdpmedic::lab::detail
