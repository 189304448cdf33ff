// The plugin host's pure parts: ABI rules, manifests, the change allowlist, the journal.
#include "rdpmedic/plugins/change.h"
#include "rdpmedic/plugins/journal.h"
#include "rdpmedic/plugins/manifest.h"
#include "rdpmedic/plugins/worker_client.h"
#include "temp_dir.h"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <fstream>

using namespace rdpmedic::plugins;
namespace test = rdpmedic::test;

TEST_CASE("plugin ABI: newer majors and minors refused, older minors accepted, patch ignored", "[plugins]") {
    const AbiVersion host{1, 3, 0};
    CHECK(abi_incompatibility({1, 3, 0}, host).empty());
    CHECK(abi_incompatibility({1, 1, 0}, host).empty());
    CHECK(abi_incompatibility({1, 3, 9}, host).empty());
    CHECK_THAT(abi_incompatibility({2, 0, 0}, host), Catch::Contains("2.0.0") && Catch::Contains("1.3.0") &&
                                                         Catch::Contains("newer major"));
    CHECK_THAT(abi_incompatibility({1, 4, 0}, host), Catch::Contains("newer minor"));
    CHECK_THAT(abi_incompatibility({0, 9, 0}, host), Catch::Contains("older major"));
    CHECK(parse_abi_version("1.2.3") == AbiVersion{1, 2, 3});
    CHECK_THROWS_AS(parse_abi_version("1.2"), std::invalid_argument);
    CHECK_THROWS_AS(parse_abi_version("1.2.3x"), std::invalid_argument);
}

TEST_CASE("plugin manifests: required fields, ids and library names", "[plugins]") {
    const std::string good = R"({"id":"acme.udp-off","version":"1.0.0","abi":"1.0.0","platforms":["linux"],
                                 "library":"libudp.so","flags":{"scope":"system","needs_elevation":true}})";
    const Manifest manifest = parse_manifest(good, "plugin.json");
    CHECK(manifest.id == "acme.udp-off");
    CHECK(manifest.needs_elevation);
    CHECK(manifest.scope == "system");
    CHECK(parse_manifest(manifest_to_json(manifest), "again").library == "libudp.so");
    CHECK_THROWS_WITH(parse_manifest(R"({"id":"noveNdor"})", "m.json"), Catch::Contains("m.json") && Catch::Contains("vendor.name"));
    CHECK_THROWS_WITH(parse_manifest(R"({"id":"a.b","version":"1","abi":"1.0.0","platforms":[],"library":"../x.so"})", "m"),
                      Catch::Contains("plain file name"));
    CHECK_THROWS_WITH(parse_manifest("{", "m"), Catch::Contains("not valid JSON"));
    CHECK_FALSE(is_valid_plugin_id("a..b"));
    CHECK_FALSE(is_valid_plugin_id("Acme.x"));
}

TEST_CASE("typed changes: only the allowlist passes", "[plugins]") {
    const std::string key = "HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows NT\\Terminal Services\\Client";
    const nlohmann::json udp = {{"kind", "registry-set"}, {"key", key}, {"name", "fClientDisableUDP"},
                                {"type", "dword"}, {"value", "1"}};
    const Change change = change_from_json(udp);
    CHECK(needs_elevation(change));
    CHECK(is_system_change(change));
    CHECK(change_from_json(to_json(change)) == change);
    auto other = udp;
    other["key"] = "HKLM\\SYSTEM\\CurrentControlSet\\Services";
    CHECK_THROWS_WITH(change_from_json(other), Catch::Contains("not one of the Remote Desktop client's keys"));
    other = udp;
    other["value"] = "4294967296";
    CHECK_THROWS_AS(change_from_json(other), ChangeError);
    CHECK_THROWS_WITH(change_from_json({{"kind", "system-action"}, {"value", "rm -rf"}}), Catch::Contains("not allowlisted"));
    CHECK_FALSE(is_system_change(change_from_json({{"kind", "client-argument"}, {"value", "/sec:tls"}})));
    CHECK_THROWS_AS(change_from_json({{"kind", "client-argument"}, {"value", "a\nb"}}), ChangeError);
}

TEST_CASE("typed changes: HKLM in any case elevates, and a winsock reset always asks first", "[plugins]") {
    nlohmann::json lower = {{"kind", "registry-delete"},
                            {"key", "hklm\\software\\policies\\microsoft\\windows nt\\terminal services\\client"},
                            {"name", "fClientDisableUDP"}};
    CHECK(needs_elevation(change_from_json(lower)));
    lower["key"] = "hkcu\\software\\microsoft\\terminal server client";
    CHECK_FALSE(needs_elevation(change_from_json(lower)));
    const Change reset = change_from_json({{"kind", "system-action"}, {"value", "winsock.reset"}, {"needs_consent", false}});
    CHECK(reset.needs_consent);
    CHECK_THAT(reset.note, Catch::Contains("restarted"));
    CHECK_FALSE(change_from_json({{"kind", "system-action"}, {"value", "dns.flush"}}).needs_consent);
}

TEST_CASE("journal: states replay in order and a torn last line is skipped", "[plugins][journal]") {
    const test::TempDir dir("rdpmedic-journal-");
    const std::filesystem::path file = dir / "journal.jsonl";
    Journal journal(file);
    const Change change{ChangeKind::RegistryDelete, "HKCU\\Software\\Microsoft\\Terminal Server Client", "X", {}};
    const std::string first = journal.begin("acme.x", change, StoredValue{"string", "old"});
    journal.mark(first, JournalState::Done);
    const std::string second = journal.begin("acme.x", change, std::nullopt);
    std::ofstream(file, std::ios::app) << R"({"op":"done","id":")" << second; // crash mid-write
    const auto entries = journal.entries();
    REQUIRE(entries.size() == 2);
    CHECK(entries[0].state == JournalState::Done);
    CHECK(entries[0].prior == StoredValue{"string", "old"});
    CHECK(entries[1].state == JournalState::Pending);
    CHECK(entries[1].needs_undo());
    journal.mark(second, JournalState::Undone); // written after the torn line, not into it
    CHECK(journal.entries().at(1).state == JournalState::Undone);
}

TEST_CASE("typed changes: client arguments pass only on the allowlist, typed spellings become overrides",
          "[plugins][boundary]") {
    const auto argument = [](const std::string& value) {
        return change_from_json({{"kind", "client-argument"}, {"value", value}});
    };
    for (const char* attack : {"/action-script:/tmp/x.sh", "/drive:x,/", "/cert:ignore", "/cert-ignore", "/p:secret",
                               "/v:evil.example", "/g:evil", "/u:someone", "+clipboard", "/network:evil",
                               "/timeout:5", "/sec:rdp,/drive:x", "/tls-seclevel:-1", "/gt:smb"}) {
        INFO(attack);
        CHECK_THROWS_AS(argument(attack), ChangeError);
    }
    CHECK_THROWS_WITH(argument("/action-script:x"), Catch::Contains("not on the allowlist"));
    CHECK(argument("/network:lan").kind == ChangeKind::ClientArgument);
    CHECK(argument("/timeout:15000").kind == ChangeKind::ClientArgument);
    const Change layer = argument("/sec:tls");
    CHECK(layer.kind == ChangeKind::Override);
    CHECK(layer.name == kOverrideSecurityLayer);
    CHECK(layer.value.data == "tls");
    CHECK(argument("/tls:seclevel:0").name == kOverrideTlsSecurityLevel);
    CHECK(argument("/gt:rpc").value.data == "rpc");
    CHECK(argument("/cert:name:host.example").name == kOverrideCertificateName);
    CHECK_THROWS_WITH(argument("/cert:name:a/b"), Catch::Contains("is not a host name"));
    CHECK_THROWS_WITH(change_from_json({{"kind", "override"}, {"name", "command-line"}, {"value", "x"}}),
                      Catch::Contains("unknown override"));
    CHECK(change_from_json(to_json(layer)) == layer);
}

TEST_CASE("typed changes: registry values are checked by value, not only by key", "[plugins][boundary]") {
    const std::string user = "HKCU\\Software\\Microsoft\\Terminal Server Client";
    const std::string machine = "HKLM\\SOFTWARE\\Microsoft\\Terminal Server Client";
    for (const auto& key : {user, machine}) {
        CHECK_THROWS_WITH(check_registry_value(key, "AuthenticationLevelOverride", StoredValue{"dword", "0"}),
                          Catch::Contains("may only be 1 or 2"));
        CHECK_NOTHROW(check_registry_value(key, "AuthenticationLevelOverride", StoredValue{"dword", "2"}));
    }
    CHECK_THROWS_WITH(check_registry_value(user, "RDGClientTransport", StoredValue{"string", "1"}),
                      Catch::Contains("must be a DWORD"));
    CHECK_THROWS_WITH(check_registry_value(user, "fClientDisableUDP", StoredValue{"dword", "7"}),
                      Catch::Contains("0 or 1"));
    CHECK_THROWS_WITH(check_registry_value(user, "DisableCredSspFallback", std::nullopt),
                      Catch::Contains("not one rdpmedic knows the meaning of"));
    CHECK_NOTHROW(check_registry_value(user, "rdgclienttransport", std::nullopt)); // names, like keys, in any case
    CHECK_THROWS_AS(check_value_shape(StoredValue{"binary", "x"}), ChangeError);
    CHECK_THROWS_AS(check_value_shape(StoredValue{"dword", "-1"}), ChangeError);
    CHECK_NOTHROW(check_value_shape(StoredValue{"string", std::string(4096, 'x')}));
}

TEST_CASE("worker protocol: nesting is limited before parsing and every answer is checked by schema",
          "[plugins][boundary]") {
    CHECK(json_nesting_exceeds(std::string(400000, '['), 32));
    CHECK_FALSE(json_nesting_exceeds(std::string(32, '[') + std::string(32, ']'), 32));
    CHECK(json_nesting_exceeds(std::string(33, '{'), 32));
    CHECK_FALSE(json_nesting_exceeds("{\"a\":\"" + std::string(100, '[') + "\"}", 32)); // inside a string
    CHECK_FALSE(json_nesting_exceeds(R"({"a":"\"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["})", 32));

    const auto code = [](const std::string& op, const nlohmann::json& answer) {
        try {
            check_worker_answer(op, answer, "acme.x");
        } catch (const PluginFailure& failure) {
            CHECK_THAT(failure.what(), Catch::StartsWith("plugin acme.x"));
            return failure.code();
        }
        return std::string("ok");
    };
    CHECK(code("assess", {{"ok", true}, {"id", 1}, {"score", 50}, {"reason", "r"}}) == "ok");
    CHECK(code("assess", {{"ok", true}, {"id", 1}, {"score", "high"}, {"reason", "r"}}) == "garbage");
    CHECK(code("assess", {{"ok", true}, {"id", 1}, {"score", 50}}) == "garbage");
    CHECK(code("assess", {{"ok", true}, {"id", 1}, {"score", 50}, {"reason", "r"}, {"extra", 1}}) == "garbage");
    CHECK(code("assess", {{"ok", true}, {"id", 1}, {"score", 50}, {"reason", "r"}, {"log", {{{"level", 3}}}}}) ==
          "garbage");
    CHECK(code("assess", {{"ok", "yes"}, {"id", 1}}) == "garbage");
    CHECK(code("assess", nlohmann::json::array()) == "garbage");
    CHECK(code("apply", {{"ok", true}, {"id", 2}, {"status", "ok"}, {"changes", {1}}, {"refused", nlohmann::json::array()}}) ==
          "garbage");
    CHECK(code("apply", {{"ok", true}, {"id", 2}, {"status", "ok"}, {"changes", nlohmann::json::array()},
                         {"refused", {{{"nested", true}}}}}) == "garbage");
    CHECK(code("load", {{"ok", true}, {"id", 3}, {"plugin", {{"id", "acme.x"}}}}) == "garbage");
    CHECK(code("verify", {{"ok", false}, {"id", 4}, {"code", "threw"}, {"error", "e"}}) == "ok");
    CHECK(code("verify", {{"ok", false}, {"id", 4}, {"code", 7}, {"error", "e"}}) == "garbage");
}
