// The plugin host's pure parts: ABI rules, manifests, the change allowlist, the journal.
#include "rdpmedic/plugins/change.h"
#include "rdpmedic/plugins/journal.h"
#include "rdpmedic/plugins/manifest.h"
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
