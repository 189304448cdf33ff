// Settings by policy: which value wins, and that a bad policy value costs only itself.
#include "rdpmedic/core/policy.h"

#include <catch2/catch.hpp>

using namespace rdpmedic;

namespace {

PolicyLayer layer(PolicyScope scope, nlohmann::json values) {
    PolicyLayer l;
    l.scope = scope;
    l.origin = scope == PolicyScope::Machine ? "machine-store" : "user-store";
    l.values = std::move(values);
    return l;
}

bool mentions(const EffectiveSettings& effective, const std::string& text) {
    for (const auto& notice : effective.notices) {
        if (notice.find(text) != std::string::npos) {
            return true;
        }
    }
    return false;
}

} // namespace

TEST_CASE("policy: without policy the user's values hold, and each is told apart from a default", "[policy]") {
    Settings user;
    user.max_attempts = 7;
    user.recent.push_back({"host", "alice"});
    const auto effective = effective_settings(user, {}, std::nullopt);
    CHECK(effective.settings == user);
    CHECK(effective.source("max_attempts") == SettingSource::User);
    CHECK(effective.source("backoff_ms") == SettingSource::Default);
    CHECK_FALSE(effective.set_by_policy("max_attempts"));
    CHECK(effective.notices.empty());
    CHECK(effective.sources.size() == policy_settings().size());
}

TEST_CASE("policy: a machine's value wins over the user's and over a user's policy", "[policy]") {
    Settings user;
    user.max_attempts = 7;
    user.diagnose_after_failure = false;
    const auto effective = effective_settings(
        user,
        {layer(PolicyScope::User, {{"max_attempts", 5}, {"client_path", "/opt/rdp"}}),
         layer(PolicyScope::Machine, {{"max_attempts", 1}, {"diagnose_after_failure", true}})},
        std::nullopt);
    CHECK(effective.settings.max_attempts == 1);
    CHECK(effective.source("max_attempts") == SettingSource::PolicyMachine);
    CHECK(effective.policy_origins.at("max_attempts") == "machine-store");
    // Equal to the default, but set by policy: the user cannot change it.
    CHECK(effective.settings.diagnose_after_failure);
    CHECK(effective.source("diagnose_after_failure") == SettingSource::PolicyMachine);
    CHECK(effective.settings.client_path == "/opt/rdp");
    CHECK(effective.source("client_path") == SettingSource::PolicyUser);
    CHECK(effective.notices.empty());
}

TEST_CASE("policy: wrong types, out-of-range values and unknown keys are ignored one by one", "[policy]") {
    Settings user;
    user.backoff_ms = 250;
    const auto effective = effective_settings(user,
                                              {layer(PolicyScope::Machine, {{"auto_retry", "yes"},
                                                                            {"max_attempts", 0},
                                                                            {"backoff_ms", 1.5},
                                                                            {"connect_timeout_ms", 5000},
                                                                            {"client_path", 42},
                                                                            {"maximum_attempts", 2},
                                                                            {"version", 1}})},
                                              std::nullopt);
    CHECK(effective.settings.auto_retry);
    CHECK(effective.source("auto_retry") == SettingSource::Default);
    CHECK(effective.settings.max_attempts == 3);
    CHECK(effective.settings.backoff_ms == 250);
    CHECK(effective.source("backoff_ms") == SettingSource::User);
    CHECK(effective.settings.client_path.empty());
    // The one good value in the layer still counts.
    CHECK(effective.settings.connect_timeout_ms == 5000);
    CHECK(effective.source("connect_timeout_ms") == SettingSource::PolicyMachine);
    CHECK(mentions(effective, "machine-store: auto_retry is \"yes\", not true or false"));
    CHECK(mentions(effective, "max_attempts is 0, outside 1..100; ignored"));
    CHECK(mentions(effective, "backoff_ms is 1.5, not a whole number"));
    CHECK(mentions(effective, "client_path is 42, not text"));
    CHECK(mentions(effective, "maximum_attempts is not a setting"));
    CHECK_FALSE(mentions(effective, "version"));
    CHECK(effective.notices.size() == 5);
}

TEST_CASE("policy: the registry's DWORD 1 and 0 are booleans, other numbers are not", "[policy]") {
    const auto effective = effective_settings(
        {}, {layer(PolicyScope::Machine, {{"auto_retry", 0}, {"start_at_login", 1}, {"notifications", 2}})},
        std::nullopt);
    CHECK_FALSE(effective.settings.auto_retry);
    CHECK(effective.settings.start_at_login);
    CHECK(effective.settings.notifications);
    CHECK(effective.source("notifications") == SettingSource::Default);
    CHECK(mentions(effective, "notifications is 2"));
}

TEST_CASE("policy: an unknown strategy id leaves the list, the known ones stay in order", "[policy]") {
    const std::vector<std::string> installed = {"tls-compat", "security-negotiation", "client-fallback"};
    const auto effective = effective_settings(
        {},
        {layer(PolicyScope::Machine, {{"plugin_order", {"client-fallback", "no-such-plugin", "tls-compat"}},
                                      {"plugins_disabled", {"typo-strategy"}},
                                      {"client_args", {"/sec:tls", 7}}})},
        installed);
    CHECK(effective.settings.plugin_order == std::vector<std::string>{"client-fallback", "tls-compat"});
    CHECK(effective.source("plugin_order") == SettingSource::PolicyMachine);
    CHECK(mentions(effective, "plugin_order names \"no-such-plugin\", which is no installed strategy"));
    // Nothing usable left: the policy's list does not count, the user's stays.
    CHECK(effective.source("plugins_disabled") == SettingSource::Default);
    CHECK(mentions(effective, "plugins_disabled names \"typo-strategy\""));
    CHECK(effective.settings.client_args == std::vector<std::string>{"/sec:tls"});
    CHECK(mentions(effective, "client_args has 7, not text"));
    // An empty list is a choice: nothing turned off, and the user cannot turn anything off.
    Settings user;
    user.plugins_disabled = {"tls-compat"};
    const auto none_off =
        effective_settings(user, {layer(PolicyScope::Machine, {{"plugins_disabled", nlohmann::json::array()}})}, installed);
    CHECK(none_off.settings.plugins_disabled.empty());
    CHECK(none_off.set_by_policy("plugins_disabled"));
}

TEST_CASE("policy: trusted publisher keys are 16 hex digits, any case", "[policy]") {
    const auto effective = effective_settings(
        {}, {layer(PolicyScope::Machine, {{"trusted_publisher_keys", {"ABCDEF0123456789", "ssh-ed25519 AAAA", "0123"}}})},
        std::nullopt);
    CHECK(effective.settings.trusted_publisher_keys == std::vector<std::string>{"abcdef0123456789"});
    CHECK(mentions(effective, "has \"ssh-ed25519 AAAA\", not a key id"));
    CHECK(mentions(effective, "has \"0123\", not a key id"));
}

TEST_CASE("policy: a layer the reader could not use is reported and changes nothing", "[policy]") {
    PolicyLayer broken = layer(PolicyScope::Machine, nlohmann::json::object());
    broken.problems.push_back("is not valid JSON (at line 1); every value in it is ignored");
    PolicyLayer not_object = layer(PolicyScope::User, nlohmann::json::array({1, 2}));
    Settings user;
    user.max_attempts = 9;
    const auto effective = effective_settings(user, {broken, not_object}, std::nullopt);
    CHECK(effective.settings == user);
    CHECK(mentions(effective, "policy machine-store: is not valid JSON"));
    CHECK(mentions(effective, "policy user-store: not a JSON object; ignored"));
}

TEST_CASE("policy: registry value names map to settings whatever their case", "[policy]") {
    REQUIRE(policy_setting_for_registry_name("MaxAttempts") != nullptr);
    CHECK(std::string(policy_setting_for_registry_name("maxattempts")->key) == "max_attempts");
    CHECK(policy_setting_for_registry_name("Recent") == nullptr);
    for (const auto& setting : policy_settings()) {
        CHECK(policy_setting_for_registry_name(setting.registry_name) == &setting);
    }
}

TEST_CASE("policy: the JSON view names each value's source and where policy set it", "[policy]") {
    Settings user;
    user.backoff_ms = 10;
    const auto json =
        to_json(effective_settings(user, {layer(PolicyScope::User, {{"start_at_login", true}})}, std::nullopt));
    CHECK(json["backoff_ms"] == nlohmann::json({{"value", 10}, {"source", "user"}}));
    CHECK(json["start_at_login"] ==
          nlohmann::json({{"value", true}, {"source", "policy (user)"}, {"origin", "user-store"}}));
    CHECK(json["max_attempts"]["source"] == "default");
}
