#ifndef RDPMEDIC_PLUGIN_HPP
#define RDPMEDIC_PLUGIN_HPP
/*
 * Header-only C++ convenience over rdpmedic/plugin.h (C++17 or later). An author writes an
 * ordinary class and one macro:
 *
 *   class MyFix {
 *     public:
 *       rdpmedic::sdk::Assessment assess(const rdpmedic::sdk::Host& host);
 *       rdpmedic_status_t apply(rdpmedic::sdk::Host& host);
 *       rdpmedic_status_t verify(const rdpmedic::sdk::Host& host); // optional
 *   };
 *   RDPMEDIC_PLUGIN(MyFix, "vendor.my-fix", "My fix", "What it does", "1.0.0",
 *                   RDPMEDIC_PLATFORM_LINUX, RDPMEDIC_FLAG_REVERSIBLE)
 *
 * The class is default-constructed once, on first use. Exceptions never cross the C ABI:
 * an exception from assess() becomes the score -1 with its message as the reason, one from
 * apply()/verify() becomes RDPMEDIC_FAILED with the message logged.
 */

#include "rdpmedic/plugin.h"

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <exception>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

namespace rdpmedic::sdk {

struct Assessment {
    int score = 0;      ///< 0 (no use) … 100 (certain fix)
    std::string reason; ///< one line for the user
};

/// The host services of one call, with C++ types.
class Host {
  public:
    explicit Host(const rdpmedic_host_t* host) : host_(host) {}

    void log(rdpmedic_log_level_t level, const std::string& message) const {
        host_->log(host_, level, message.c_str());
    }
    std::string target_host() const { return text(host_->target_host(host_)); }
    std::uint16_t target_port() const { return host_->target_port(host_); }
    std::string failure_kind() const { return text(host_->failure_kind(host_)); }
    std::string verdict_cause() const { return text(host_->verdict_cause(host_)); }
    bool has_finding(const std::string& id) const { return host_->has_finding(host_, id.c_str()) != 0; }
    std::string diagnosis_json() const { return text(host_->diagnosis_json(host_)); }
    std::vector<std::string> addresses() const { return list(host_->address); }

    /// The client making the connection; "" from a host older than ABI 1.1.
    std::string client_name() const {
        return RDPMEDIC_HOST_HAS(host_, client_name) ? text(host_->client_name(host_)) : std::string();
    }
    /// The connection's client arguments in order; empty from a host older than ABI 1.1.
    std::vector<std::string> client_arguments() const {
        return RDPMEDIC_HOST_HAS(host_, client_argument) ? list(host_->client_argument) : std::vector<std::string>();
    }

    /// The RD Gateway the connection goes through; "" without one or from a host older than ABI 1.2.
    std::string gateway() const { return RDPMEDIC_HOST_HAS(host_, gateway) ? text(host_->gateway(host_)) : std::string(); }
    /// Which attempt just failed (1 for the first); 0 from a host older than ABI 1.2.
    std::uint32_t attempt() const { return RDPMEDIC_HOST_HAS(host_, attempt) ? host_->attempt(host_) : 0; }
    /// The other clients installed here that the host can hand the connection to, in the
    /// platform's order of preference; empty from a host older than ABI 1.2.
    std::vector<std::string> installed_clients() const {
        return RDPMEDIC_HOST_HAS(host_, installed_client) ? list(host_->installed_client) : std::vector<std::string>();
    }

    bool set_registry_dword(const std::string& key, const std::string& name, std::uint32_t value) {
        const std::string number = std::to_string(value);
        return request(RDPMEDIC_CHANGE_REGISTRY_SET, key.c_str(), name.c_str(), RDPMEDIC_VALUE_DWORD,
                       number.c_str());
    }
    bool set_registry_string(const std::string& key, const std::string& name, const std::string& value) {
        return request(RDPMEDIC_CHANGE_REGISTRY_SET, key.c_str(), name.c_str(), RDPMEDIC_VALUE_STRING,
                       value.c_str());
    }
    bool delete_registry_value(const std::string& key, const std::string& name) {
        return request(RDPMEDIC_CHANGE_REGISTRY_DELETE, key.c_str(), name.c_str(), RDPMEDIC_VALUE_NONE, nullptr);
    }
    bool use_target_address(const std::string& address) {
        return request(RDPMEDIC_CHANGE_TARGET_ADDRESS, nullptr, nullptr, RDPMEDIC_VALUE_STRING, address.c_str());
    }
    /// A harmless FreeRDP option from the allowlist (rdpmedic/plugin.h); prefer the typed
    /// calls below, which every client understands.
    bool add_client_argument(const std::string& argument) {
        return request(RDPMEDIC_CHANGE_CLIENT_ARGUMENT, nullptr, nullptr, RDPMEDIC_VALUE_STRING, argument.c_str());
    }
    /// An argument the host carries out only after the user agreed; `note` is what they are asked.
    bool add_client_argument_with_consent(const std::string& argument, const std::string& note) {
        return request(RDPMEDIC_CHANGE_CLIENT_ARGUMENT, nullptr, nullptr, RDPMEDIC_VALUE_STRING, argument.c_str(),
                       RDPMEDIC_CHANGE_NEEDS_CONSENT, note.c_str());
    }
    /// ABI 1.3: typed per-connection choices, spelled by the host for the client in use. `note`
    /// is what the user reads when the host asks them (it does for "rdp", "tls" and levels
    /// below 2, whatever the plugin says). An older host refuses them (returns false).
    bool set_security_layer(const std::string& layer, const std::string& note = {}) {
        return request_override(RDPMEDIC_OVERRIDE_SECURITY_LAYER, layer, note);
    }
    bool set_tls_security_level(int level, const std::string& note = {}) {
        return request_override(RDPMEDIC_OVERRIDE_TLS_SECURITY_LEVEL, std::to_string(level), note);
    }
    bool set_gateway_transport(const std::string& transport, const std::string& note = {}) {
        return request_override(RDPMEDIC_OVERRIDE_GATEWAY_TRANSPORT, transport, note);
    }
    /// The name the server's certificate must carry: only the name the user connects to,
    /// after use_target_address() moved the connection to one of its addresses.
    bool set_certificate_name(const std::string& name, const std::string& note = {}) {
        return request_override(RDPMEDIC_OVERRIDE_CERTIFICATE_NAME, name, note);
    }
    /// Hands the connection to `client`, one of installed_clients(); `note` tells the user what
    /// to expect from it.
    bool use_client(const std::string& client, const std::string& note = {}) {
        return request(RDPMEDIC_CHANGE_CLIENT, nullptr, nullptr, RDPMEDIC_VALUE_STRING, client.c_str(), 0,
                       note.empty() ? nullptr : note.c_str());
    }
    bool run_system_action(const std::string& action) {
        return request(RDPMEDIC_CHANGE_SYSTEM_ACTION, nullptr, nullptr, RDPMEDIC_VALUE_STRING, action.c_str());
    }

    /// Sets the MTU of the interface that carries the route to `address` (one the diagnosis
    /// resolved), for the whole machine until undone; the host always asks the user first.
    bool set_route_mtu(const std::string& address, int mtu, const std::string& note = {}) {
        const std::string value = std::to_string(mtu);
        return request(RDPMEDIC_CHANGE_INTERFACE_MTU, address.c_str(), nullptr, RDPMEDIC_VALUE_STRING, value.c_str(),
                       RDPMEDIC_CHANGE_NEEDS_CONSENT, note.empty() ? nullptr : note.c_str());
    }

    const rdpmedic_host_t* raw() const { return host_; }

  private:
    bool request_override(const char* which, const std::string& value, const std::string& note) {
        return request(RDPMEDIC_CHANGE_OVERRIDE, nullptr, which, RDPMEDIC_VALUE_STRING, value.c_str(), 0,
                       note.empty() ? nullptr : note.c_str());
    }
    static std::string text(const char* value) { return value ? std::string(value) : std::string(); }
    /// Entries 0, 1, … of an indexed host service, up to the first NULL.
    std::vector<std::string> list(const char* (*entry)(const rdpmedic_host_t*, std::uint32_t)) const {
        std::vector<std::string> result;
        for (std::uint32_t i = 0;; ++i) {
            const char* value = entry(host_, i);
            if (value == nullptr) {
                return result;
            }
            result.emplace_back(value);
        }
    }
    bool request(rdpmedic_change_kind_t kind, const char* key, const char* name, rdpmedic_value_type_t type,
                 const char* value, std::uint32_t flags = 0, const char* note = nullptr) {
        const rdpmedic_change_t change = {RDPMEDIC_ABI_VERSION_INIT, sizeof(rdpmedic_change_t),
                                          static_cast<std::uint32_t>(kind), key, name,
                                          static_cast<std::uint32_t>(type), value, flags, note};
        return host_->request_change(host_, &change) != 0;
    }

    const rdpmedic_host_t* host_;
};

namespace detail {

template <class T, class = void>
struct has_verify : std::false_type {};
template <class T>
struct has_verify<T, std::void_t<decltype(std::declval<T&>().verify(std::declval<const Host&>()))>>
    : std::true_type {};

inline void copy_reason(const std::string& reason, char* out, std::size_t size) {
    if (out == nullptr || size == 0) {
        return;
    }
    const std::size_t n = reason.size() < size - 1 ? reason.size() : size - 1;
    std::memcpy(out, reason.data(), n);
    out[n] = '\0';
}

inline std::string describe_current_exception() {
    try {
        throw;
    } catch (const std::exception& error) {
        return std::string("threw: ") + error.what();
    } catch (...) {
        return "threw a non-standard exception";
    }
}

template <class T>
struct Adapter {
    static T& instance() {
        static T strategy;
        return strategy;
    }
    static int32_t assess(const rdpmedic_host_t* host, char* reason, std::size_t reason_size) noexcept {
        try {
            const Assessment result = instance().assess(Host(host));
            copy_reason(result.reason, reason, reason_size);
            return static_cast<int32_t>(result.score);
        } catch (...) {
            copy_reason(describe_current_exception(), reason, reason_size);
            return -1;
        }
    }
    static rdpmedic_status_t apply(const rdpmedic_host_t* host) noexcept {
        try {
            Host wrapped(host);
            return instance().apply(wrapped);
        } catch (...) {
            host->log(host, RDPMEDIC_LOG_ERROR, ("apply " + describe_current_exception()).c_str());
            return RDPMEDIC_FAILED;
        }
    }
    static rdpmedic_status_t verify(const rdpmedic_host_t* host) noexcept {
        if constexpr (has_verify<T>::value) {
            try {
                return instance().verify(Host(host));
            } catch (...) {
                host->log(host, RDPMEDIC_LOG_ERROR, ("verify " + describe_current_exception()).c_str());
                return RDPMEDIC_FAILED;
            }
        } else {
            (void)host;
            return RDPMEDIC_FAILED;
        }
    }
    static constexpr auto verify_function() noexcept {
        return has_verify<T>::value ? &Adapter::verify : nullptr;
    }
};

} // namespace detail
} // namespace rdpmedic::sdk

/* Defines the plugin's one exported entry symbol for `Class`. Use once per plugin. */
#define RDPMEDIC_PLUGIN(Class, id, display_name, description, version, platforms, flags)              \
    extern "C" RDPMEDIC_EXPORT const rdpmedic_plugin_t* rdpmedic_plugin_entry(void) {                  \
        static const rdpmedic_strategy_info_t info = {RDPMEDIC_ABI_VERSION_INIT,                       \
                                                      sizeof(rdpmedic_strategy_info_t),                \
                                                      id,                                              \
                                                      display_name,                                    \
                                                      description,                                     \
                                                      version,                                         \
                                                      platforms,                                       \
                                                      flags};                                          \
        static const rdpmedic_plugin_t plugin = {RDPMEDIC_ABI_VERSION_INIT,                            \
                                                 sizeof(rdpmedic_plugin_t),                            \
                                                 &info,                                                \
                                                 &::rdpmedic::sdk::detail::Adapter<Class>::assess,     \
                                                 &::rdpmedic::sdk::detail::Adapter<Class>::apply,      \
                                                 ::rdpmedic::sdk::detail::Adapter<Class>::verify_function()}; \
        return &plugin;                                                                                \
    }

#endif /* RDPMEDIC_PLUGIN_HPP */
