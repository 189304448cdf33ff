#pragma once
// Which address to connect to instead of the name, and how sure that is, from the probe's
// diagnosis and the client making the connection. No SDK calls: unit-testable on its own.
//
// FreeRDP 2.x connects to ONE address of a name and never tries another: the resolver's
// first, except that when the first is IPv6 it takes the first IPv4 one (unless /ipv6). A
// name whose chosen address drops or refuses connections therefore fails even when its other
// addresses answer. Other clients (mstsc) go through the addresses in turn, so for them a
// bad address costs time and is only a likely cause.
#include <rdpmedic/plugin_json.hpp>

#include <algorithm>
#include <string>
#include <vector>

namespace ip_direct {

/// What the probe's TCP layer saw, per address, in the resolver's order.
struct Reachability {
    std::vector<std::string> resolved;
    std::vector<std::string> outcomes; ///< "open in 2 ms", "timed out after 1500 ms", ...; "" when not probed

    std::string outcome_of(const std::string& address) const {
        const auto it = std::find(resolved.begin(), resolved.end(), address);
        return it == resolved.end() ? std::string() : outcomes[static_cast<std::size_t>(it - resolved.begin())];
    }
    bool answered(const std::string& address) const { return outcome_of(address).rfind("open", 0) == 0; }
};

inline bool is_ipv6(const std::string& address) {
    return address.find(':') != std::string::npos;
}

inline bool is_literal(const std::string& host) {
    return host.find_first_not_of("0123456789.") == std::string::npos || is_ipv6(host);
}

inline Reachability read_reachability(const std::string& diagnosis_json) {
    using rdpmedic::sdk::json::member;
    using rdpmedic::sdk::json::text_of;
    Reachability out;
    const auto diagnosis = nlohmann::json::parse(diagnosis_json, nullptr, false);
    if (!diagnosis.is_object()) {
        return out;
    }
    nlohmann::json detail = nlohmann::json::object();
    for (const auto& layer : member(diagnosis, "layers", nlohmann::json::array())) {
        if (layer.is_object() && text_of(layer, "name") == "tcp") {
            detail = member(layer, "detail", nlohmann::json::object());
        }
    }
    for (const auto& address : member(diagnosis, "addresses", nlohmann::json::array())) {
        if (address.is_string()) {
            out.resolved.push_back(address.get<std::string>());
            out.outcomes.push_back(text_of(detail, out.resolved.back().c_str()));
        }
    }
    return out;
}

/// The probe's outcome as the end of "…, which ___".
inline std::string as_clause(const std::string& outcome) {
    if (outcome.rfind("refused", 0) == 0) {
        return "refused the connection" + outcome.substr(7);
    }
    if (outcome.rfind("unreachable", 0) == 0) {
        return "is " + outcome;
    }
    return outcome;
}

inline bool is_freerdp(const std::string& client) {
    return client.find("freerdp") != std::string::npos;
}

/// FreeRDP's own option for preferring AAAA records: /ipv6, +ipv6 or the short /6.
inline bool prefers_ipv6(const std::vector<std::string>& args) {
    return std::any_of(args.begin(), args.end(),
                       [](const std::string& a) { return a == "/ipv6" || a == "+ipv6" || a == "/6"; });
}

/// The addresses in the order the client tries them.
inline std::vector<std::string> client_order(const std::vector<std::string>& resolved, const std::string& client,
                                             const std::vector<std::string>& args) {
    std::vector<std::string> order = resolved;
    if (is_freerdp(client) && !order.empty() && is_ipv6(order.front()) && !prefers_ipv6(args)) {
        std::stable_partition(order.begin(), order.end(), [](const std::string& a) { return !is_ipv6(a); });
    }
    return order;
}

struct Choice {
    /// The address the client would have used had the ones that do not answer been gone;
    /// empty when the name is an address already or nothing answered.
    std::string address;
    int score = 0; ///< how likely connecting to `address` fixes the failure
    std::string reason;
};

/// `partial`: the probe found some addresses open and others not (tcp.partial or
/// tcp.family-mismatch); `inconsistent`: two lookups disagreed (dns.inconsistent).
inline Choice choose(const Reachability& reach, const std::string& name, const std::string& client,
                     const std::vector<std::string>& args, bool partial, bool inconsistent) {
    if (is_literal(name)) {
        return {{}, 0, "already connecting by address"};
    }
    const auto order = client_order(reach.resolved, client, args);
    const auto good = std::find_if(order.begin(), order.end(), [&](const std::string& a) { return reach.answered(a); });
    if (good == order.end()) {
        return {{}, 0, "the probe reached no address of the name"};
    }
    if (!partial && !inconsistent) {
        return {*good, 0, "every address of the name behaves the same"};
    }
    const std::string keep = "; the certificate is still checked against " + name;
    if (is_freerdp(client) && partial) {
        const std::string& picked = order.front();
        const std::string seen = reach.outcome_of(picked);
        if (reach.answered(picked)) {
            if (!inconsistent) {
                return {*good, 0,
                        client + " connects to " + picked + ", which answers: connecting by address changes nothing"};
            }
        } else if (!seen.empty() && seen.rfind("not tried", 0) != 0) {
            return {*good, 90,
                    client + " tries only " + picked + " of " + name + ", which " + as_clause(seen) + "; " + *good +
                        " answered: connect to it for this connection" + keep};
        }
    }
    return {*good, partial ? 65 : 45, "connect to " + *good + ", the address that answered, for this connection" + keep};
}

} // namespace ip_direct
