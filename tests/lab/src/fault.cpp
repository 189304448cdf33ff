#include "rdpmedic/lab/lab.h"

#include <array>
#include <charconv>
#include <utility>

namespace rdpmedic::lab {

namespace {

constexpr std::array<std::pair<Fault, std::string_view>, 9> ids{{
    {Fault::Healthy, "healthy"},
    {Fault::PortClosed, "port-closed"},
    {Fault::AcceptThenClose, "accept-close"},
    {Fault::AcceptThenStall, "accept-stall"},
    {Fault::NegoFailure, "nego-failure"},
    {Fault::TlsExpiredCert, "tls-expired"},
    {Fault::TlsWrongName, "tls-wrong-name"},
    {Fault::TlsSelfSigned, "tls-self-signed"},
    {Fault::TlsVersionMismatch, "tls-version-mismatch"},
}};

constexpr int first_nego_code = 1;
constexpr int last_nego_code = 6;

} // namespace

std::string_view to_id(Fault fault) {
    for (const auto& [f, id] : ids) {
        if (f == fault) {
            return id;
        }
    }
    return "unknown";
}

std::string to_id(const FaultSpec& spec) {
    std::string id(to_id(spec.fault));
    if (spec.fault == Fault::NegoFailure && spec.nego_failure_code >= first_nego_code &&
        spec.nego_failure_code <= last_nego_code) {
        id += '-' + std::to_string(spec.nego_failure_code);
    }
    return id;
}

std::optional<FaultSpec> parse_fault(std::string_view id) {
    constexpr std::string_view nego_prefix = "nego-failure-";
    if (id.starts_with(nego_prefix)) {
        const std::string_view digits = id.substr(nego_prefix.size());
        int code = 0;
        const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), code);
        if (ec != std::errc{} || end != digits.data() + digits.size() || code < first_nego_code ||
            code > last_nego_code) {
            return std::nullopt;
        }
        return FaultSpec{Fault::NegoFailure, code};
    }
    for (const auto& [fault, name] : ids) {
        if (name == id && fault != Fault::NegoFailure) {
            return FaultSpec{fault, 0};
        }
    }
    return std::nullopt;
}

std::vector<FaultSpec> all_faults() {
    std::vector<FaultSpec> faults;
    for (const auto& [fault, name] : ids) {
        if (fault == Fault::NegoFailure) {
            for (int code = first_nego_code; code <= last_nego_code; ++code) {
                faults.push_back(FaultSpec{fault, code});
            }
        } else {
            faults.push_back(FaultSpec{fault, 0});
        }
    }
    return faults;
}

} // namespace rdpmedic::lab
