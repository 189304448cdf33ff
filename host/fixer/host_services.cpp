#include "host_services.h"

#include "rdpmedic/plugins/change.h"

#include <algorithm>
#include <cstddef>

namespace rdpmedic::fixer {

HostServices::HostServices(std::string plugin_id, const nlohmann::json& context, bool changes_allowed)
    : plugin_id_(std::move(plugin_id)), changes_allowed_(changes_allowed) {
    table_.abi = RDPMEDIC_ABI_VERSION_INIT;
    table_.struct_size = sizeof(rdpmedic_host_t);
    table_.host_data = this;
    table_.log = &do_log;
    table_.target_host = &HostServices::target_host;
    table_.target_port = &HostServices::target_port;
    table_.failure_kind = &HostServices::failure_kind;
    table_.verdict_cause = &HostServices::verdict_cause;
    table_.has_finding = &HostServices::has_finding;
    table_.address = &HostServices::address;
    table_.diagnosis_json = &HostServices::diagnosis_json;
    table_.request_change = &request_change;
    table_.client_name = &HostServices::client_name;
    table_.client_argument = &HostServices::client_argument;
    table_.gateway = &HostServices::gateway;
    table_.attempt = &HostServices::attempt;
    table_.installed_client = &HostServices::installed_client;

    const nlohmann::json target = context.value("target", nlohmann::json::object());
    host_ = target.value("host", "");
    port_ = target.value("port", static_cast<uint16_t>(3389));
    const nlohmann::json client = context.value("client", nlohmann::json::object());
    if (client.is_object()) {
        const nlohmann::json name = client.value("name", nlohmann::json());
        client_name_ = name.is_string() ? name.get<std::string>() : "";
        client_args_ = strings(client.value("args", nlohmann::json::array()));
        installed_clients_ = strings(client.value("installed", nlohmann::json::array()));
    }
    const nlohmann::json gateway = context.value("gateway", nlohmann::json());
    gateway_ = gateway.is_string() ? gateway.get<std::string>() : "";
    const nlohmann::json attempt = context.value("attempt", nlohmann::json());
    attempt_ = attempt.is_number_unsigned() ? attempt.get<uint32_t>() : 0;
    const nlohmann::json failure = context.value("failure", nlohmann::json());
    if (failure.is_object()) {
        failure_kind_ = failure.value("kind", "");
    }
    const nlohmann::json diagnosis = context.value("diagnosis", nlohmann::json());
    diagnosis_json_ = diagnosis.is_object() ? diagnosis.dump() : "{}";
    if (diagnosis.is_object()) {
        verdict_cause_ = diagnosis.value("verdict", nlohmann::json::object()).value("cause", "");
        for (const auto& finding : diagnosis.value("findings", nlohmann::json::array())) {
            findings_.push_back(finding.value("id", ""));
        }
        addresses_ = strings(diagnosis.value("addresses", nlohmann::json::array()));
    }
}

std::vector<std::string> HostServices::strings(const nlohmann::json& array) {
    std::vector<std::string> result;
    for (const auto& item : array) {
        if (item.is_string()) {
            result.push_back(item.get<std::string>());
        }
    }
    return result;
}

HostServices& HostServices::self(const rdpmedic_host_t* host) { return *static_cast<HostServices*>(host->host_data); }

void HostServices::do_log(const rdpmedic_host_t* host, rdpmedic_log_level_t level, const char* message) {
    static const char* const names[] = {"debug", "info", "warning", "error"};
    const int index = std::clamp(static_cast<int>(level), 0, 3);
    auto& log = self(host).log_;
    if (log.size() < 100) { // a chatty plugin must not flood the pipe
        log.push_back({{"level", names[index]}, {"message", std::string(message ? message : "").substr(0, 1000)}});
    }
}

const char* HostServices::target_host(const rdpmedic_host_t* host) { return self(host).host_.c_str(); }
uint16_t HostServices::target_port(const rdpmedic_host_t* host) { return self(host).port_; }
const char* HostServices::failure_kind(const rdpmedic_host_t* host) { return self(host).failure_kind_.c_str(); }
const char* HostServices::verdict_cause(const rdpmedic_host_t* host) { return self(host).verdict_cause_.c_str(); }

int HostServices::has_finding(const rdpmedic_host_t* host, const char* id) {
    if (id == nullptr) {
        return 0;
    }
    const auto& findings = self(host).findings_;
    return std::find(findings.begin(), findings.end(), id) != findings.end() ? 1 : 0;
}

const char* HostServices::address(const rdpmedic_host_t* host, uint32_t index) {
    return entry(self(host).addresses_, index);
}

const char* HostServices::diagnosis_json(const rdpmedic_host_t* host) { return self(host).diagnosis_json_.c_str(); }

const char* HostServices::client_name(const rdpmedic_host_t* host) { return self(host).client_name_.c_str(); }

const char* HostServices::client_argument(const rdpmedic_host_t* host, uint32_t index) {
    return entry(self(host).client_args_, index);
}

const char* HostServices::gateway(const rdpmedic_host_t* host) { return self(host).gateway_.c_str(); }
uint32_t HostServices::attempt(const rdpmedic_host_t* host) { return self(host).attempt_; }

const char* HostServices::installed_client(const rdpmedic_host_t* host, uint32_t index) {
    return entry(self(host).installed_clients_, index);
}

const char* HostServices::entry(const std::vector<std::string>& list, uint32_t index) {
    return index < list.size() ? list[index].c_str() : nullptr;
}

int HostServices::request_change(const rdpmedic_host_t* host, const rdpmedic_change_t* change) {
    HostServices& services = self(host);
    const auto refuse = [&services](const std::string& why) {
        services.refused_.push_back(why);
        return 0;
    };
    if (!services.changes_allowed_) {
        return refuse("changes may only be requested during apply()");
    }
    // A plugin built against an older minor ABI hands in the shorter struct of its time.
    if (change == nullptr || change->struct_size < RDPMEDIC_CHANGE_SIZE_1_0 || change->abi.major != RDPMEDIC_ABI_MAJOR) {
        return refuse("a change request with an unknown layout");
    }
    static const char* const kinds[] = {"",       "registry-set",  "registry-delete", "target-address",
                                        "client-argument", "client", "system-action",   "override",
                                        "interface-mtu"};
    if (change->kind < 1 || change->kind > 8) {
        return refuse("unknown change kind " + std::to_string(change->kind));
    }
    nlohmann::json json = {{"kind", kinds[change->kind]}, {"value", change->value ? change->value : ""}};
    if (change->key != nullptr) {
        json["key"] = change->key;
    }
    if (change->name != nullptr) {
        json["name"] = change->name;
    }
    if (change->kind == RDPMEDIC_CHANGE_REGISTRY_SET) {
        json["type"] = change->value_type == RDPMEDIC_VALUE_DWORD ? "dword" : "string";
    }
    if (change->struct_size >= offsetof(rdpmedic_change_t, note) + sizeof(change->note)) {
        if ((change->flags & RDPMEDIC_CHANGE_NEEDS_CONSENT) != 0) {
            json["needs_consent"] = true;
        }
        if (change->note != nullptr) {
            json["note"] = std::string(change->note).substr(0, 2000);
        }
    }
    try {
        const plugins::Change checked = plugins::change_from_json(json);
        plugins::check_allowlisted(checked);
        services.changes_.push_back(plugins::to_json(checked));
        return 1;
    } catch (const plugins::ChangeError& error) {
        return refuse(error.what());
    }
}

} // namespace rdpmedic::fixer
