#include "rdpmedic/core/certificate_gate.h"

#include <array>
#include <string_view>

namespace rdpmedic {

namespace {

// The probe's findings that make a client refuse the certificate (README, "Diagnosis").
constexpr std::array<std::string_view, 5> kDistrustFindings = {
    "cert.self-signed", "cert.untrusted", "cert.expired", "cert.not-yet-valid", "cert.name-mismatch"};

std::string detail(const Layer& layer, const char* key) {
    const auto found = layer.detail.find(key);
    return found == layer.detail.end() ? std::string() : found->second;
}

} // namespace

std::optional<PresentedCertificate> untrusted_certificate(const Diagnosis& diagnosis) {
    const Layer* cert = diagnosis.layer("cert");
    if (!cert || detail(*cert, "sha256").empty()) {
        return std::nullopt;
    }
    PresentedCertificate out;
    for (const auto& finding : diagnosis.findings) {
        for (const auto id : kDistrustFindings) {
            if (finding.id == id) {
                out.problems.push_back(finding.summary);
            }
        }
    }
    if (out.problems.empty()) {
        return std::nullopt;
    }
    out.sha256 = detail(*cert, "sha256");
    out.subject = detail(*cert, "subject");
    out.issuer = detail(*cert, "issuer");
    out.names = detail(*cert, "names");
    out.not_before = detail(*cert, "not_before");
    out.not_after = detail(*cert, "not_after");
    out.self_signed = detail(*cert, "self_signed") == "yes";
    return out;
}

std::vector<std::string> describe_certificate(const PresentedCertificate& certificate) {
    std::vector<std::string> lines = {
        "subject:     " + certificate.subject,
        "issuer:      " + certificate.issuer + (certificate.self_signed ? " (self-signed)" : ""),
        "valid:       " + certificate.not_before + " to " + certificate.not_after,
        "names:       " + certificate.names,
        "SHA-256:     " + certificate.sha256,
    };
    for (const auto& problem : certificate.problems) {
        lines.push_back("not trusted: " + problem);
    }
    return lines;
}

} // namespace rdpmedic
