#pragma once
// Which MTU to set and for the route to which address, from the probe's path.mtu-blackhole
// finding. No SDK calls: unit-testable on its own.
#include <rdpmedic/plugin_json.hpp>

#include <string>

namespace mtu_clamp {

/// What the host accepts for a new MTU (see RDPMEDIC_CHANGE_INTERFACE_MTU).
constexpr int kLowestMtu = 576;
constexpr int kHighestMtu = 1500;

struct Clamp {
    std::string address; ///< the server's address, whose route picks the interface
    int mtu = 0;         ///< 0: nothing to do; `why` says why
    std::string why;
};

/// The MTU the finding's evidence names (`path_mtu`) and its `address`; an MTU that is not a
/// number within kLowestMtu … kHighestMtu is not acted on.
inline Clamp read_clamp(const std::string& diagnosis_json) {
    using rdpmedic::sdk::json::member;
    using rdpmedic::sdk::json::text_of;
    Clamp out;
    const auto diagnosis = nlohmann::json::parse(diagnosis_json, nullptr, false);
    if (!diagnosis.is_object()) {
        out.why = "the diagnosis cannot be read";
        return out;
    }
    for (const auto& finding : member(diagnosis, "findings", nlohmann::json::array())) {
        if (!finding.is_object() || text_of(finding, "id") != "path.mtu-blackhole") {
            continue;
        }
        const auto evidence = member(finding, "evidence", nlohmann::json::object());
        const std::string mtu = text_of(evidence, "path_mtu");
        out.address = text_of(evidence, "address");
        if (mtu.empty() || mtu.size() > 5 || mtu.find_first_not_of("0123456789") != std::string::npos ||
            std::stoi(mtu) < kLowestMtu || std::stoi(mtu) > kHighestMtu) {
            out.why = "the path MTU the probe found (\"" + mtu.substr(0, 20) + "\") is not one from " +
                      std::to_string(kLowestMtu) + " to " + std::to_string(kHighestMtu);
            return out;
        }
        if (out.address.empty()) {
            out.why = "the finding does not say which address it is about";
            return out;
        }
        out.mtu = std::stoi(mtu);
        return out;
    }
    out.why = "no path-MTU black hole was found";
    return out;
}

} // namespace mtu_clamp
