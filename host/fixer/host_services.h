#pragma once
/// The rdpmedic_host_t table handed to a plugin for one call: read access to the connection,
/// failure and diagnosis of the request, logging, and change requests collected for the host.

#include "rdpmedic/plugin.h"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace rdpmedic::fixer {

class HostServices {
  public:
    /// `context` is the request's {"target":{"host","port"},"failure":{…}|null,"diagnosis":{…}|null,
    /// "client":{"name","args":[…],"installed":[…]},"gateway":"…"|null,"attempt":N} (the parts
    /// after "diagnosis" are optional).
    HostServices(std::string plugin_id, const nlohmann::json& context, bool changes_allowed);
    HostServices(const HostServices&) = delete;
    HostServices& operator=(const HostServices&) = delete;

    const rdpmedic_host_t* table() const { return &table_; }
    nlohmann::json log() const { return log_; }
    nlohmann::json changes() const { return changes_; }
    nlohmann::json refused() const { return refused_; }

  private:
    static HostServices& self(const rdpmedic_host_t* host);
    /// The strings of a JSON array; other members are skipped.
    static std::vector<std::string> strings(const nlohmann::json& array);
    /// list[index], NULL past the end.
    static const char* entry(const std::vector<std::string>& list, uint32_t index);
    static void do_log(const rdpmedic_host_t* host, rdpmedic_log_level_t level, const char* message);
    static const char* target_host(const rdpmedic_host_t* host);
    static uint16_t target_port(const rdpmedic_host_t* host);
    static const char* failure_kind(const rdpmedic_host_t* host);
    static const char* verdict_cause(const rdpmedic_host_t* host);
    static int has_finding(const rdpmedic_host_t* host, const char* id);
    static const char* address(const rdpmedic_host_t* host, uint32_t index);
    static const char* diagnosis_json(const rdpmedic_host_t* host);
    static int request_change(const rdpmedic_host_t* host, const rdpmedic_change_t* change);
    static const char* client_name(const rdpmedic_host_t* host);
    static const char* client_argument(const rdpmedic_host_t* host, uint32_t index);
    static const char* gateway(const rdpmedic_host_t* host);
    static uint32_t attempt(const rdpmedic_host_t* host);
    static const char* installed_client(const rdpmedic_host_t* host, uint32_t index);

    std::string plugin_id_;
    bool changes_allowed_;
    rdpmedic_host_t table_{};
    std::string host_;
    uint16_t port_ = 3389;
    std::string failure_kind_;
    std::string verdict_cause_;
    std::vector<std::string> findings_;
    std::vector<std::string> addresses_;
    std::string diagnosis_json_;
    std::string client_name_;
    std::vector<std::string> client_args_;
    std::vector<std::string> installed_clients_;
    std::string gateway_;
    uint32_t attempt_ = 0;
    nlohmann::json log_ = nlohmann::json::array();
    nlohmann::json changes_ = nlohmann::json::array();
    nlohmann::json refused_ = nlohmann::json::array();
};

} // namespace rdpmedic::fixer
