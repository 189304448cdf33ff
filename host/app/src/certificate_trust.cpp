#include "rdpmedic/app/certificate_trust.h"

#include "rdpmedic/core/stored_file.h"
#include "rdpmedic/platform/state_dirs.h"

#include <spdlog/spdlog.h>

#include <chrono>
#include <cstdio>

namespace rdpmedic::app {

namespace {

std::string utc_now() {
    using namespace std::chrono;
    const auto now = floor<seconds>(system_clock::now());
    const auto day = floor<days>(now);
    const year_month_day date{day};
    const hh_mm_ss time{now - day};
    char text[32];
    std::snprintf(text, sizeof text, "%04d-%02u-%02uT%02d:%02d:%02dZ", static_cast<int>(date.year()),
                  static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()),
                  static_cast<int>(time.hours().count()), static_cast<int>(time.minutes().count()),
                  static_cast<int>(time.seconds().count()));
    return text;
}

} // namespace

std::filesystem::path certificate_store_file() { return state_directory() / "certificates.json"; }

std::string changed_certificate_warning(const CertificateQuestion& question) {
    return "the certificate of " + question.server.to_string() +
           " has CHANGED since it was accepted on " + question.previous->accepted_at +
           ": accepted SHA-256 " + question.previous->sha256 + ", now presented SHA-256 " +
           question.certificate.sha256 +
           ". Someone may be intercepting the connection; do not trust the new certificate "
           "unless the server's administrator confirms it was replaced";
}

CertificateTrust::CertificateTrust(CertificateTrustOptions options) : options_(std::move(options)) {
    const CertificateStore store(options_.store_file);
    problem_ = store.problem();
}

std::optional<std::string> CertificateTrust::accepted_fingerprint(const Target& server) {
    try {
        const CertificateStore store(options_.store_file);
        const TrustedCertificate* entry = store.find(server);
        return entry ? std::optional<std::string>(entry->sha256) : std::nullopt;
    } catch (const StoredFileError& error) {
        // The client then asks nothing and refuses the certificate; decide() says why.
        spdlog::warn("{}", error.what());
        return std::nullopt;
    }
}

CertificateDecision CertificateTrust::decide(const Target& server, const PresentedCertificate& certificate) {
    // Read again: another connection may have decided about this server in the meantime.
    std::optional<CertificateStore> loaded;
    try {
        loaded.emplace(options_.store_file);
    } catch (const StoredFileError& error) {
        // Without the store a changed certificate could not be told from a new one.
        CertificateDecision refused;
        refused.verdict = CertificateVerdict::Refused;
        refused.note = std::string("not connecting: the certificate store cannot be read: ") + error.what();
        return refused;
    }
    CertificateStore& store = *loaded;
    CertificateQuestion question{server, certificate, std::nullopt};
    if (const TrustedCertificate* entry = store.find(server)) {
        if (entry->sha256 == certificate.sha256) {
            return {};
        }
        question.previous = *entry;
    }
    const std::string hint =
        options_.how_to_accept ? "; " + options_.how_to_accept(server, certificate.sha256) : std::string();
    if (!options_.ask || !options_.ask(question)) {
        CertificateDecision refused;
        refused.verdict = CertificateVerdict::Refused;
        refused.note = question.previous
                           ? "not connecting: " + changed_certificate_warning(question) + hint
                           : "not connecting: the certificate of " + server.to_string() +
                                 " (SHA-256 " + certificate.sha256 + ") is not trusted by this machine and was not accepted" + hint;
        return refused;
    }
    CertificateDecision accepted;
    accepted.verdict = CertificateVerdict::Accepted;
    accepted.sha256 = certificate.sha256;
    accepted.note = "trusting the certificate of " + server.to_string() + " (SHA-256 " + certificate.sha256 +
                    ") as decided; connecting again";
    TrustedCertificate entry{server,         certificate.sha256,   certificate.subject, certificate.issuer,
                             certificate.not_before, certificate.not_after, utc_now()};
    try {
        store.remember(std::move(entry));
    } catch (const std::runtime_error& error) {
        // The decision still holds for this connection; it is only not remembered.
        spdlog::warn("{}", error.what());
        accepted.note += " (it could not be remembered: " + std::string(error.what()) + ")";
    }
    return accepted;
}

} // namespace rdpmedic::app
