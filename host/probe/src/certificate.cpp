#include "rdpmedic/probe/certificate.h"

#include <cstdio>
#include <memory>
#include "rdpmedic/openssl/free.h"

#include <openssl/asn1.h>
#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

namespace rdpmedic::probe {

namespace {

using X509Free = openssl::Free<X509_free>;
using BioFree = openssl::Free<BIO_free>;
using NamesFree = openssl::Free<GENERAL_NAMES_free>;

std::string name_line(const X509_NAME* name) {
    std::unique_ptr<BIO, BioFree> bio(BIO_new(BIO_s_mem()));
    if (!bio || name == nullptr || X509_NAME_print_ex(bio.get(), name, 0, XN_FLAG_RFC2253) < 0) {
        return {};
    }
    char* data = nullptr;
    const long size = BIO_get_mem_data(bio.get(), &data);
    return size > 0 && data != nullptr ? std::string(data, static_cast<std::size_t>(size))
                                       : std::string();
}

std::string iso_time(const ASN1_TIME* time) {
    std::tm tm{};
    if (time == nullptr || ASN1_TIME_to_tm(time, &tm) != 1) {
        return "unreadable";
    }
    char text[96];
    std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02dZ", tm.tm_year + 1900,
                  tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
    return text;
}

std::string ip_text(const ASN1_OCTET_STRING* ip) {
    const int size = ASN1_STRING_length(ip);
    const unsigned char* bytes = ASN1_STRING_get0_data(ip);
    std::string out;
    char part[8];
    if (size == 4) {
        for (int i = 0; i < 4; ++i) {
            std::snprintf(part, sizeof part, i == 0 ? "%u" : ".%u",
                          static_cast<unsigned>(bytes[i]));
            out += part;
        }
    } else if (size == 16) {
        for (int i = 0; i < 16; i += 2) {
            std::snprintf(part, sizeof part, i == 0 ? "%x" : ":%x",
                          (static_cast<unsigned>(bytes[i]) << 8) | bytes[i + 1]);
            out += part;
        }
    } else {
        out = "(malformed IP, " + std::to_string(size) + " bytes)";
    }
    return out;
}

bool is_ip_literal(std::string_view name) {
    if (name.find(':') != std::string_view::npos) {
        return true;
    }
    return !name.empty() && name.find_first_not_of("0123456789.") == std::string_view::npos;
}

} // namespace

CertificateFacts certificate_facts(std::span<const std::uint8_t> der,
                                   std::string_view expected_name, std::time_t now) {
    CertificateFacts facts;
    const unsigned char* cursor = der.data();
    std::unique_ptr<X509, X509Free> cert(d2i_X509(nullptr, &cursor, static_cast<long>(der.size())));
    if (!cert) {
        const unsigned long err = ERR_get_error();
        facts.error =
            err != 0
                ? ERR_reason_error_string(err) != nullptr ? ERR_reason_error_string(err) : "bad DER"
                : "bad DER";
        ERR_clear_error();
        return facts;
    }
    return parsed_certificate_facts(cert.get(), expected_name, now);
}

CertificateFacts parsed_certificate_facts(X509* cert, std::string_view expected_name,
                                          std::time_t now) {
    CertificateFacts facts;
    facts.parsed = true;
    facts.subject = name_line(X509_get_subject_name(cert));
    facts.issuer = name_line(X509_get_issuer_name(cert));

    std::unique_ptr<GENERAL_NAMES, NamesFree> names(static_cast<GENERAL_NAMES*>(
        X509_get_ext_d2i(cert, NID_subject_alt_name, nullptr, nullptr)));
    for (int i = 0; names && i < sk_GENERAL_NAME_num(names.get()); ++i) {
        const GENERAL_NAME* name = sk_GENERAL_NAME_value(names.get(), i);
        if (name->type == GEN_DNS) {
            const unsigned char* data = ASN1_STRING_get0_data(name->d.dNSName);
            facts.dns_names.emplace_back(
                reinterpret_cast<const char*>(data),
                static_cast<std::size_t>(ASN1_STRING_length(name->d.dNSName)));
        } else if (name->type == GEN_IPADD) {
            facts.ip_addresses.push_back(ip_text(name->d.iPAddress));
        }
    }

    const ASN1_TIME* not_before = X509_get0_notBefore(cert);
    const ASN1_TIME* not_after = X509_get0_notAfter(cert);
    facts.not_before = iso_time(not_before);
    facts.not_after = iso_time(not_after);
    std::time_t at = now;
    // X509_cmp_time: -1 when the certificate's time is before `at`, 1 after, 0 on error.
    facts.not_yet_valid = not_before != nullptr && X509_cmp_time(not_before, &at) > 0;
    facts.expired = not_after != nullptr && X509_cmp_time(not_after, &at) < 0;

    facts.self_signed = X509_self_signed(cert, 1) == 1;

    if (!expected_name.empty()) {
        const std::string name(expected_name);
        facts.name_matches = is_ip_literal(name)
                                 ? X509_check_ip_asc(cert, name.c_str(), 0) == 1
                                 : X509_check_host(cert, name.data(), name.size(), 0, nullptr) == 1;
    }

    if (EVP_PKEY* key = X509_get0_pubkey(cert)) {
        const char* type = EVP_PKEY_get0_type_name(key);
        facts.key_type = type != nullptr ? type : OBJ_nid2sn(EVP_PKEY_get_base_id(key));
        facts.key_bits = EVP_PKEY_get_bits(key);
        facts.key_security_bits = EVP_PKEY_get_security_bits(key);
    } else {
        facts.key_type = "unreadable";
    }
    const int signature_nid = X509_get_signature_nid(cert);
    const char* signature_name = OBJ_nid2ln(signature_nid);
    facts.signature_algorithm = signature_name != nullptr ? signature_name : "unknown";
    int digest_nid = 0;
    int key_nid = 0;
    int security_bits = -1;
    std::uint32_t flags = 0;
    if (X509_get_signature_info(cert, &digest_nid, &key_nid, &security_bits, &flags) == 1) {
        facts.signature_security_bits = security_bits;
    }
    facts.weak = facts.key_security_bits < kMinimumSecurityBits ||
                 (facts.signature_security_bits >= 0 &&
                  facts.signature_security_bits < kMinimumSecurityBits);

    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int digest_size = 0;
    if (X509_digest(cert, EVP_sha256(), digest, &digest_size) == 1) {
        char part[4];
        for (unsigned int i = 0; i < digest_size; ++i) {
            std::snprintf(part, sizeof part, i == 0 ? "%02X" : ":%02X",
                          static_cast<unsigned>(digest[i]));
            facts.sha256_fingerprint += part;
        }
    }
    ERR_clear_error();
    return facts;
}

} // namespace rdpmedic::probe
