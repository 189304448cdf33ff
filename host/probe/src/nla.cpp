#include "rdpmedic/probe/nla.h"

#include "rdpmedic/core/ascii.h"
#include "rdpmedic/core/composed_texts.h"
#include "rdpmedic/core/join.h"
#include "rdpmedic/core/json.h"
#include "rdpmedic/i18n/filled.h"
#include "rdpmedic/probe/certificate.h"

#include <algorithm>
#include <ctime>

namespace rdpmedic::probe {

namespace {

std::string lower_name(std::string_view name) {
    std::string out = ascii_lowercase(name);
    if (!out.empty() && out.back() == '.') {
        out.pop_back();
    }
    return out;
}

/// Names that say nothing about which machine answers: addresses, and "localhost", which
/// every machine is.
bool names_no_machine(const std::string& name) {
    const bool address = name.find(':') != std::string::npos ||
                         name.find_first_not_of("0123456789.") == std::string::npos;
    const bool local = name == "localhost" ||
                       (name.size() > 10 && name.compare(name.size() - 10, 10, ".localhost") == 0);
    return name.empty() || address || local;
}

std::string first_label(const std::string& name) {
    return name.substr(0, name.find('.'));
}

/// Whether `name` (lower case) stands for the machine `server` calls itself: the same name,
/// or a short name and a full one of the same host, which is how users dial inside a domain.
bool same_machine(const std::string& name, const std::string& server) {
    if (name == server) {
        return true;
    }
    const bool name_short = name.find('.') == std::string::npos;
    const bool server_short = server.find('.') == std::string::npos;
    return (name_short || server_short) && first_label(name) == first_label(server);
}

bool certificate_name_covers(const std::string& name, const std::string& server) {
    if (name.rfind("*.", 0) == 0) {
        const auto dot = server.find('.');
        return dot != std::string::npos && server.substr(dot + 1) == name.substr(2);
    }
    return same_machine(name, server);
}

std::string duration_text(std::int64_t seconds) {
    const std::int64_t h = seconds / 3600;
    const std::int64_t m = seconds / 60 % 60;
    const std::int64_t s = seconds % 60;
    std::string out;
    if (h > 0) {
        out = std::to_string(h) + " h " + std::to_string(m) + " min ";
    } else if (m > 0) {
        out = std::to_string(m) + " min ";
    }
    return out + std::to_string(s) + " s";
}

/// The identity summary: the name, and the domain and version where the challenge gave them.
std::string server_identity(const std::string& who, const std::string& domain,
                            const std::string& version) {
    if (domain.empty()) {
        return version.empty() ? i18n::filled(texts::kNtlmNames, {who})
                               : i18n::filled(texts::kNtlmNamesVersion, {who, version});
    }
    return version.empty() ? i18n::filled(texts::kNtlmNamesInDomain, {who, domain})
                           : i18n::filled(texts::kNtlmNamesInDomainVersion, {who, domain, version});
}

std::string outcome_id(NlaAnswer::Kind kind) {
    switch (kind) {
    case NlaAnswer::Kind::NotTried:
        return "not tried";
    case NlaAnswer::Kind::Challenge:
        return "challenge";
    case NlaAnswer::Kind::NoAnswer:
        return "no answer";
    case NlaAnswer::Kind::Closed:
        return "closed";
    case NlaAnswer::Kind::Refused:
        return "refused";
    case NlaAnswer::Kind::NotChallenge:
        return "not a challenge";
    }
    return "not tried";
}

void add(NlaAssessment& out, std::string id, Severity severity, std::string summary,
         std::map<std::string, std::string> evidence) {
    out.findings.push_back({std::move(id), severity, std::move(summary), std::move(evidence)});
}

void check_clock(NlaAssessment& out, const NlaAnswer& answer) {
    auto& detail = out.layer.detail;
    const NtlmChallenge& c = answer.challenge;
    detail["local_time"] = utc_text(answer.local_unix_seconds);
    if (!c.timestamp) {
        detail["server_time"] = "not sent";
        return;
    }
    const std::int64_t server = filetime_to_unix_seconds(*c.timestamp);
    const std::int64_t difference = server - answer.local_unix_seconds;
    const std::int64_t magnitude = difference < 0 ? -difference : difference;
    const std::string signed_seconds = (difference >= 0 ? "+" : "") + std::to_string(difference);
    detail["server_time"] = utc_text(server);
    detail["clock_difference_s"] = signed_seconds;
    if (magnitude <= kMaxClockSkewSeconds) {
        return;
    }
    const std::string how = "the server's clock is " + duration_text(magnitude) +
                            (difference > 0 ? " ahead of" : " behind") + " this machine's";
    add(out, "nla.clock-skew", Severity::Error,
        i18n::filled(difference > 0 ? texts::kClockAhead : texts::kClockBehind,
                     {duration_text(magnitude)}),
        {{"server_time", utc_text(server)},
         {"local_time", utc_text(answer.local_unix_seconds)},
         {"difference_s", signed_seconds},
         {"difference", how}});
}

void check_names(NlaAssessment& out, const NtlmChallenge& c, std::string_view dialled,
                 std::string_view expected_name,
                 const std::vector<std::string>& certificate_names) {
    const std::string server =
        lower_name(c.dns_computer_name.empty() ? c.nb_computer_name : c.dns_computer_name);
    auto& detail = out.layer.detail;
    if (server.empty()) {
        detail["name_check"] = "the server sent no computer name";
        return;
    }
    std::vector<std::string> client_names;
    for (const std::string_view name : {dialled, expected_name}) {
        const std::string lower = lower_name(name);
        if (!names_no_machine(lower) &&
            std::find(client_names.begin(), client_names.end(), lower) == client_names.end()) {
            client_names.push_back(lower);
        }
    }
    std::vector<std::string> cert_names;
    for (const std::string& name : certificate_names) {
        const std::string lower = lower_name(name);
        if (!names_no_machine(lower)) {
            cert_names.push_back(lower);
        }
    }
    if (client_names.empty() && cert_names.empty()) {
        detail["name_check"] =
            "nothing to compare: dialled by address (or localhost), and the certificate names "
            "no host";
        return;
    }
    for (const std::string& name : client_names) {
        if (same_machine(name, server)) {
            detail["name_check"] = (name == lower_name(dialled) ? "matches the dialled name "
                                                                : "matches the expected name ") +
                                   name;
            return;
        }
    }
    for (const std::string& name : cert_names) {
        if (certificate_name_covers(name, server)) {
            detail["name_check"] = "matches the certificate's name " + name;
            return;
        }
    }
    detail["name_check"] = "mismatch";
    // A warning, not an error: aliases, farm names and port forwards are legitimate, and NTLM
    // signs in regardless. But the machine answering calls itself something else than every
    // name the client knows it by: a DNS record or forward may lead to the wrong machine, and
    // Kerberos, which asks for a ticket to the dialled name, fails or falls back to NTLM.
    add(out, "nla.name-mismatch", Severity::Warning,
        i18n::filled(texts::kServerCallsItself, {server}),
        {{"server_dns_name", server},
         {"dialled", std::string(dialled)},
         {"expected_name", std::string(expected_name)},
         {"certificate_names", join(certificate_names)}});
}

} // namespace

NlaAssessment assess_nla(const NlaAnswer& answer, std::string_view dialled,
                         std::string_view expected_name,
                         const std::vector<std::string>& certificate_names) {
    NlaAssessment out;
    out.layer = {"nla", LayerStatus::Fail, answer.elapsed, {}};
    auto& detail = out.layer.detail;
    detail["outcome"] = outcome_id(answer.kind);
    if (!answer.problem.empty()) {
        detail["problem"] = answer.problem;
    }
    if (answer.error_code) {
        detail["error_code"] = to_hex8(*answer.error_code);
    }
    if (answer.kind == NlaAnswer::Kind::NotTried) {
        out.layer.status = LayerStatus::Skipped;
        return out;
    }
    if (answer.kind != NlaAnswer::Kind::Challenge) {
        std::map<std::string, std::string> evidence = {{"outcome", detail["outcome"]}};
        for (const char* key : {"problem", "error_code"}) {
            if (detail.contains(key)) {
                evidence[key] = detail[key];
            }
        }
        add(out, "nla.no-challenge", Severity::Warning,
            i18n::filled(texts::kNoNtlmChallenge, {detail["outcome"]}), evidence);
        return out;
    }
    out.layer.status = LayerStatus::Ok;
    const NtlmChallenge& c = answer.challenge;
    const std::pair<const char*, const std::string*> names[] = {
        {"target_name", &c.target_name},         {"nb_computer_name", &c.nb_computer_name},
        {"nb_domain_name", &c.nb_domain_name},   {"dns_computer_name", &c.dns_computer_name},
        {"dns_domain_name", &c.dns_domain_name}, {"dns_tree_name", &c.dns_tree_name},
    };
    std::map<std::string, std::string> identity;
    for (const auto& [key, value] : names) {
        if (!value->empty()) {
            detail[key] = *value;
            identity[key] = *value;
        }
    }
    if (c.version) {
        detail["product_version"] = c.version->text();
        identity["product_version"] = c.version->text();
    }
    if (c.timestamp) {
        identity["server_time"] = utc_text(filetime_to_unix_seconds(*c.timestamp));
    }
    const std::string who = c.dns_computer_name.empty() ? c.nb_computer_name : c.dns_computer_name;
    add(out, "nla.server-identity", Severity::Info,
        server_identity(who.empty() ? std::string(N_("(no name)")) : who, c.dns_domain_name,
                        c.version ? c.version->text() : std::string()),
        identity);
    check_clock(out, answer);
    check_names(out, c, dialled, expected_name, certificate_names);
    return out;
}

std::vector<std::string> names_in_certificate(std::span<const std::uint8_t> der) {
    if (der.empty()) {
        return {};
    }
    const CertificateFacts facts = certificate_facts(der, "", std::time(nullptr));
    if (!facts.parsed || !facts.dns_names.empty()) {
        return facts.dns_names;
    }
    // RFC 2253: "CN=host,O=…", the attributes in any order, a ',' inside a value escaped.
    const std::string& subject = facts.subject;
    for (std::size_t at = 0; at < subject.size();) {
        if (subject.compare(at, 3, "CN=") == 0) {
            std::string cn;
            for (std::size_t i = at + 3; i < subject.size() && subject[i] != ','; ++i) {
                if (subject[i] == '\\' && i + 1 < subject.size()) {
                    ++i;
                }
                cn += subject[i];
            }
            return {cn};
        }
        std::size_t next = at;
        while (next < subject.size() && subject[next] != ',') {
            next += subject[next] == '\\' ? 2 : 1;
        }
        at = next + 1;
    }
    return {};
}

} // namespace rdpmedic::probe
