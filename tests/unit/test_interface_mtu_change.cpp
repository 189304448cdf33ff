// The interface-mtu change as the host and the helper handle it: what the allowlist lets
// through, that it is always asked for, and that the executor journals the interface it found
// with its old MTU and the command, and undo sets that MTU back on that interface. The
// interface is scripted here (the real one is changed in tests/e2e/test_mtu_clamp.cpp).
#include "rdpmedic/plugins/change_executor.h"
#include "temp_dir.h"

#include <mtu-clamp/clamp_choice.h>

#include <catch2/catch.hpp>

#include <map>

using namespace rdpmedic;
using namespace rdpmedic::plugins;

namespace {

Change mtu_change(const std::string& address, const std::string& mtu) {
    return change_from_json({{"kind", "interface-mtu"}, {"key", address}, {"value", mtu}});
}

/// One interface, "tun0", carrying every route; set_interface_mtu() records what it is asked.
class ScriptedInterfaces final : public SystemValues {
  public:
    std::map<std::string, std::uint32_t> mtus{{"tun0", 1500}};
    std::optional<StoredValue> read(const std::string&, const std::string&) override { return std::nullopt; }
    void write(const std::string&, const std::string&, const StoredValue&) override {}
    void remove(const std::string&, const std::string&) override {}
    std::string run_action(const std::string&) override { return {}; }
    RouteInterface route_interface(const std::string&) override { return {"tun0", mtus.at("tun0")}; }
    void set_interface_mtu(const std::string& device, std::uint32_t mtu, bool) override { mtus[device] = mtu; }
};

} // namespace

TEST_CASE("interface-mtu: an address and an MTU from 576 to 1500, always asked", "[plugins][interface-mtu]") {
    const Change change = mtu_change("10.0.0.5", "1280");
    CHECK_NOTHROW(check_allowlisted(change));
    CHECK(change.needs_consent);
    CHECK_THAT(change.note, Catch::Contains("whole machine"));
    CHECK(is_system_change(change));
    CHECK(needs_elevation(change));
    CHECK(is_reversible(change));
    CHECK(change_from_json(to_json(change)) == change);
    CHECK_NOTHROW(check_allowlisted(mtu_change("2001:db8::5", "1400")));
    for (const char* mtu : {"575", "1501", "9000", "-1", "12a", ""}) {
        INFO(mtu);
        CHECK_THROWS_AS(check_allowlisted(mtu_change("10.0.0.5", mtu)), ChangeError);
    }
    for (const char* address : {"server.example.com", "10.0.0.5; rm", ""}) {
        INFO(address);
        CHECK_THROWS_AS(check_allowlisted(mtu_change(address, "1280")), ChangeError);
    }
    Change named = change;
    named.name = "../etc";
    CHECK_THROWS_AS(check_allowlisted(named), ChangeError);
}

TEST_CASE("interface-mtu: journaled with the interface, its old MTU and the command, and undone there",
          "[plugins][interface-mtu]") {
    const test::TempDir dir;
    Journal journal(dir.path() / "journal.jsonl");
    ScriptedInterfaces interfaces;
    const ApplyOutcome applied = apply_journaled("rdpmedic.mtu-clamp", mtu_change("10.0.0.5", "1280"), journal, interfaces);
    INFO(applied.message);
    REQUIRE(applied.ok);
    CHECK(interfaces.mtus.at("tun0") == 1280);
    const auto entries = journal.entries();
    REQUIRE(entries.size() == 1);
    CHECK(entries[0].change.name == "tun0");
    REQUIRE(entries[0].prior);
    CHECK(entries[0].prior->data == "1500");
    CHECK_THAT(entries[0].change.note, Catch::Contains("tun0") && Catch::Contains("1280"));

    const UndoOutcome undone = undo_journaled({}, journal, interfaces);
    CHECK(undone.undone == std::vector<std::string>{applied.id});
    CHECK(interfaces.mtus.at("tun0") == 1500);
}

TEST_CASE("interface-mtu: a forged journal entry without a sane old MTU is not restored", "[plugins][interface-mtu]") {
    const test::TempDir dir;
    Journal journal(dir.path() / "journal.jsonl");
    ScriptedInterfaces interfaces;
    Change change = mtu_change("10.0.0.5", "1280");
    change.name = "tun0";
    const std::string id = journal.begin("rdpmedic.mtu-clamp", change, StoredValue{"dword", "70000"});
    journal.mark(id, JournalState::Done);
    interfaces.mtus["tun0"] = 1280;
    const UndoOutcome undone = undo_journaled({}, journal, interfaces);
    REQUIRE(undone.failed.size() == 1);
    CHECK_THAT(undone.failed[0], Catch::Contains("refused"));
    CHECK(interfaces.mtus.at("tun0") == 1280);
}

TEST_CASE("mtu-clamp reads the path MTU and the address from the finding, and nothing absurd",
          "[plugins][interface-mtu]") {
    const auto diagnosis = [](const std::string& mtu, const std::string& address) {
        return nlohmann::json{{"findings",
                               {{{"id", "path.mtu-blackhole"},
                                 {"evidence", {{"path_mtu", mtu}, {"address", address}}}}}}}
            .dump();
    };
    const auto good = mtu_clamp::read_clamp(diagnosis("1280", "10.0.0.5"));
    CHECK(good.mtu == 1280);
    CHECK(good.address == "10.0.0.5");
    for (const char* absurd : {"0", "100", "65536", "99999999999999", "1280.5", "", "-1280"}) {
        INFO(absurd);
        const auto clamp = mtu_clamp::read_clamp(diagnosis(absurd, "10.0.0.5"));
        CHECK(clamp.mtu == 0);
        CHECK_FALSE(clamp.why.empty());
    }
    CHECK(mtu_clamp::read_clamp(diagnosis("1280", "")).mtu == 0);
    CHECK(mtu_clamp::read_clamp("not json").mtu == 0);
    CHECK(mtu_clamp::read_clamp(R"({"findings":[{"id":"path.mtu-blackhole","evidence":7}]})").mtu == 0);
}
