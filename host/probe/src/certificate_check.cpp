#include "certificate_check.h"

#include "rdpmedic/core/join.h"
#include "rdpmedic/i18n/filled.h"
#include "rdpmedic/probe/certificate.h"

#include <chrono>
#include <ctime>
#include <openssl/x509_vfy.h>

namespace rdpmedic::probe {

namespace {

bool chain_problem_is_other(long code) {
    return code != X509_V_OK && code != X509_V_ERR_CERT_HAS_EXPIRED &&
           code != X509_V_ERR_CERT_NOT_YET_VALID &&
           code != X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT &&
           code != X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN;
}

} // namespace

void check_certificate(const tls::Outcome& tls, const std::string& expected,
                       const CertificateRole& role, std::vector<Layer>& layers,
                       std::vector<Finding>& findings) {
    using Steady = std::chrono::steady_clock;
    const auto start = Steady::now();
    const auto add = [&](const char* suffix, Severity severity, std::string summary,
                         std::map<std::string, std::string> evidence) {
        findings.push_back({role.id_prefix + std::string(suffix), severity, std::move(summary),
                            std::move(evidence)});
    };
    const CertificateFacts facts =
        tls.parsed_certificate ? parsed_certificate_facts(tls.parsed_certificate.get(), expected, std::time(nullptr))
                               : certificate_facts(tls.certificate, expected, std::time(nullptr));
    layers.push_back({role.layer, LayerStatus::Ok, std::chrono::milliseconds(0), {}});
    Layer& layer = layers.back();
    const auto finish = [&] {
        layer.elapsed =
            std::chrono::duration_cast<std::chrono::milliseconds>(Steady::now() - start);
    };
    if (!facts.parsed) {
        layer.status = LayerStatus::Fail;
        layer.detail["error"] = facts.error;
        add("unreadable", Severity::Warning, role.texts.unreadable,
            {{"error", facts.error}});
        finish();
        return;
    }
    const std::string names =
        join(facts.dns_names.empty() && facts.ip_addresses.empty()
                 ? std::vector<std::string>{facts.subject}
                 : [&] {
                       auto all = facts.dns_names;
                       all.insert(all.end(), facts.ip_addresses.begin(), facts.ip_addresses.end());
                       return all;
                   }());
    const std::string key = facts.key_type + " " + std::to_string(facts.key_bits);
    layer.detail = {{"subject", facts.subject},
                    {"issuer", facts.issuer},
                    {"names", names},
                    {"not_before", facts.not_before},
                    {"not_after", facts.not_after},
                    {"key", key},
                    {"signature", facts.signature_algorithm},
                    {"self_signed", facts.self_signed ? "yes" : "no"},
                    {"sha256", facts.sha256_fingerprint},
                    {"chain", tls.verify_text}};
    if (facts.expired) {
        add("expired", Severity::Error, i18n::filled(role.texts.expired, {facts.not_after}),
            {{"not_after", facts.not_after}, {"subject", facts.subject}});
    }
    if (facts.not_yet_valid) {
        add("not-yet-valid", Severity::Error,
            i18n::filled(role.texts.not_yet_valid, {facts.not_before}),
            {{"not_before", facts.not_before}, {"subject", facts.subject}});
    }
    if (!expected.empty() && !facts.name_matches) {
        add("name-mismatch", Severity::Error, i18n::filled(role.texts.not_issued_for, {expected}),
            {{"expected", expected}, {"certificate_names", names}});
    }
    if (facts.self_signed) {
        add("self-signed", role.untrusted, role.texts.self_signed,
            {{"subject", facts.subject}, {"sha256", facts.sha256_fingerprint}});
    } else if (chain_problem_is_other(tls.verify_code)) {
        add("untrusted", role.untrusted,
            role.texts.untrusted,
            {{"issuer", facts.issuer}, {"reason", tls.verify_text}});
    }
    if (facts.weak) {
        add("weak-key", Severity::Warning,
            i18n::filled(role.texts.weak, {key, facts.signature_algorithm}),
            {{"key", key},
             {"key_security_bits", std::to_string(facts.key_security_bits)},
             {"signature", facts.signature_algorithm},
             {"signature_security_bits", std::to_string(facts.signature_security_bits)}});
    }
    const bool refused_untrusted = role.untrusted == Severity::Error &&
                                   (facts.self_signed || chain_problem_is_other(tls.verify_code));
    if (facts.expired || facts.not_yet_valid || (!expected.empty() && !facts.name_matches) ||
        refused_untrusted) {
        layer.status = LayerStatus::Fail;
    }
    finish();
}

} // namespace rdpmedic::probe
