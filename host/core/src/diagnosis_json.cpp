#include "rdpmedic/core/json.h"

#include <stdexcept>

namespace rdpmedic {

namespace {

nlohmann::json string_map(const std::map<std::string, std::string>& map) {
    nlohmann::json out = nlohmann::json::object();
    for (const auto& [key, value] : map) {
        out[key] = value;
    }
    return out;
}

[[noreturn]] void bad(const std::string& where, const char* what) {
    throw std::invalid_argument("diagnosis JSON: " + where + " " + what);
}

const nlohmann::json& field(const nlohmann::json& object, const char* key,
                            const std::string& where) {
    if (!object.is_object()) {
        bad(where, "is not an object");
    }
    const auto it = object.find(key);
    if (it == object.end()) {
        bad(where + "." + key, "is missing");
    }
    return *it;
}

std::string text(const nlohmann::json& object, const char* key, const std::string& where) {
    const auto& value = field(object, key, where);
    if (!value.is_string()) {
        bad(where + "." + key, "is not a string");
    }
    return value.get<std::string>();
}

std::map<std::string, std::string> read_string_map(const nlohmann::json& object, const char* key,
                                                   const std::string& where) {
    const auto& value = field(object, key, where);
    if (!value.is_object()) {
        bad(where + "." + key, "is not an object");
    }
    std::map<std::string, std::string> out;
    for (const auto& [k, v] : value.items()) {
        if (!v.is_string()) {
            bad(where + "." + key + "." + k, "is not a string");
        }
        out[k] = v.get<std::string>();
    }
    return out;
}

const nlohmann::json& array(const nlohmann::json& object, const char* key,
                            const std::string& where) {
    const auto& value = field(object, key, where);
    if (!value.is_array()) {
        bad(where + "." + key, "is not an array");
    }
    return value;
}

} // namespace

nlohmann::json to_json(const Diagnosis& diagnosis) {
    nlohmann::json layers = nlohmann::json::array();
    for (const Layer& layer : diagnosis.layers) {
        layers.push_back({{"name", layer.name},
                          {"status", to_id(layer.status)},
                          {"elapsed_ms", layer.elapsed.count()},
                          {"detail", string_map(layer.detail)}});
    }
    nlohmann::json findings = nlohmann::json::array();
    for (const Finding& finding : diagnosis.findings) {
        findings.push_back({{"id", finding.id},
                            {"severity", to_id(finding.severity)},
                            {"summary", finding.summary},
                            {"evidence", string_map(finding.evidence)}});
    }
    return {{"target", diagnosis.target},
            {"port", diagnosis.port},
            {"addresses", diagnosis.addresses},
            {"layers", layers},
            {"findings", findings},
            {"verdict", {{"cause", diagnosis.verdict.cause}, {"fix", diagnosis.verdict.fix}}}};
}

Diagnosis diagnosis_from_json(const nlohmann::json& json) {
    Diagnosis out;
    out.target = text(json, "target", "$");
    const auto& port = field(json, "port", "$");
    if (!port.is_number_unsigned() || port.get<unsigned long long>() > 65535) {
        bad("$.port", "is not a port number");
    }
    out.port = static_cast<std::uint16_t>(port.get<unsigned long long>());
    for (const auto& address : array(json, "addresses", "$")) {
        if (!address.is_string()) {
            bad("$.addresses[]", "is not a string");
        }
        out.addresses.push_back(address.get<std::string>());
    }
    for (const auto& item : array(json, "layers", "$")) {
        Layer layer;
        layer.name = text(item, "name", "$.layers[]");
        const auto status = layer_status_from_id(text(item, "status", "$.layers[]"));
        if (!status) {
            bad("$.layers[].status", "is not ok, fail or skipped");
        }
        layer.status = *status;
        const auto& elapsed = field(item, "elapsed_ms", "$.layers[]");
        if (!elapsed.is_number_integer()) {
            bad("$.layers[].elapsed_ms", "is not a whole number");
        }
        layer.elapsed = std::chrono::milliseconds(elapsed.get<long long>());
        layer.detail = read_string_map(item, "detail", "$.layers[]");
        out.layers.push_back(std::move(layer));
    }
    for (const auto& item : array(json, "findings", "$")) {
        Finding finding;
        finding.id = text(item, "id", "$.findings[]");
        const auto severity = severity_from_id(text(item, "severity", "$.findings[]"));
        if (!severity) {
            bad("$.findings[].severity", "is not info, warning or error");
        }
        finding.severity = *severity;
        finding.summary = text(item, "summary", "$.findings[]");
        finding.evidence = read_string_map(item, "evidence", "$.findings[]");
        out.findings.push_back(std::move(finding));
    }
    const auto& verdict = field(json, "verdict", "$");
    out.verdict.cause = text(verdict, "cause", "$.verdict");
    out.verdict.fix = text(verdict, "fix", "$.verdict");
    return out;
}

} // namespace rdpmedic
