// mtu-clamp against a real path-MTU black hole (see mtu_black_hole.h): the real xfreerdp
// stalls in the TLS handshake and fails, the probe finds path.mtu-blackhole with the largest
// segment size that passes, mtu-clamp ranks first and, with consent, lowers the client's
// interface through the real helper (journaled), the retry connects, and undo puts the old
// MTU back. Without consent nothing changes. The case builds the client namespace and runs its
// hidden twin inside. Needs root, iproute2, nftables and sysctl.
#include "e2e_support.h"
#include "mtu_black_hole.h"
#include "strategy_rig.h"

#include <catch2/catch.hpp>

#include <cstdlib>

using namespace rdpmedic;
using namespace rdpmedic::e2e;
using S = SupervisorState;

namespace {

void require_inside() {
    if (std::getenv(kMtuBlackHoleVariable) == nullptr) {
        FAIL("this case runs inside the namespace its [e2e] twin sets up, not on its own");
    }
}

/// The lab's certificate is issued for localhost, not the server's address here; what is under
/// test is whether the handshake gets through at all.
RunOptions to_server(int attempts) {
    RunOptions options;
    options.host = kServerAddress;
    options.client_args = {"/cert:ignore"};
    options.max_attempts = attempts;
    options.connect_timeout = std::chrono::milliseconds(8000);
    options.backoff = std::chrono::milliseconds(50);
    return options;
}

const Finding* black_hole_of(const Diagnosis& diagnosis) { return diagnosis.find("path.mtu-blackhole"); }

} // namespace

TEST_CASE("mtu-clamp: a router with a 1280-byte link drops ICMP fragmentation needed", "[e2e][strategies]") {
    ensure_display(); // found through its socket file, which the namespace shares
    const lab::NetworkNamespace client({});
    const MtuBlackHole hole(client);
    const CommandResult inside = run_self_in_namespace(client, std::string(kMtuBlackHoleVariable) + "=1",
                                                       {"mtu-clamp inside: a path-MTU black hole"});
    INFO(inside.output);
    CHECK(inside.exit_code == 0);
    CHECK_THAT(inside.output, Catch::Contains("All tests passed") && Catch::Contains("in 1 test case"));
}

TEST_CASE("mtu-clamp inside: a path-MTU black hole", "[.][mtu-clamp-inside]") {
    require_inside();
    REQUIRE(client_interface_mtu() == kClientMtu);

    // The hole is real: the real client does not get through.
    const auto stalled = supervise(kServerPort, to_server(1));
    CHECK_FALSE(stalled.result.connected);
    REQUIRE(stalled.first(S::Failed));

    // The probe: TCP and X.224 pass, the TLS flight only arrives in smaller segments. Within
    // its overall timeout, the search included.
    probe::Probe probe;
    DiagnoseOptions options;
    const auto started = std::chrono::steady_clock::now();
    const Diagnosis diagnosis = probe.diagnose(Target{kServerAddress, kServerPort}, options);
    const auto took = std::chrono::steady_clock::now() - started;
    CHECK(took < options.timeout + std::chrono::milliseconds(500));
    const Finding* hole = black_hole_of(diagnosis);
    REQUIRE(hole);
    INFO(hole->evidence.at("tried"));
    const int largest = std::stoi(hole->evidence.at("largest_working_segment"));
    CHECK(largest <= kNarrowLinkMtu - 40);
    CHECK(largest >= kNarrowLinkMtu - 40 - 16);
    CHECK(hole->evidence.at("address") == kServerAddress);
    CHECK(diagnosis.verdict.cause == "path-mtu-black-hole");
    REQUIRE(diagnosis.layer("x224"));
    CHECK(diagnosis.layer("x224")->status == LayerStatus::Ok);
    // The certificate is still read, from the handshake that passed.
    REQUIRE(diagnosis.layer("cert"));
    CHECK(diagnosis.layer("cert")->status != LayerStatus::Skipped);

    {
        // Without consent nothing is changed and the retry stalls the same way.
        StrategyRig refused(all_strategies());
        auto no_consent = to_server(2);
        no_consent.fixes = &refused.stage();
        no_consent.diagnoser = &probe;
        const auto miss = supervise(kServerPort, no_consent);
        INFO(joined(refused.notices));
        CHECK_FALSE(miss.result.connected);
        CHECK_THAT(joined(refused.notices), Catch::Contains("not done without your consent"));
        CHECK(client_interface_mtu() == kClientMtu);
    }

    // mtu-clamp ranks first; with consent the helper lowers the interface and the retry connects.
    StrategyRig rig(all_strategies());
    std::vector<std::string> asked;
    rig.stage().set_consent([&](const std::string& plugin, const plugins::Change& change) {
        asked.push_back(plugin + ": " + plugins::describe(change));
        return plugin == "rdpmedic.mtu-clamp";
    });
    auto with_fixes = to_server(2);
    with_fixes.fixes = &rig.stage();
    with_fixes.diagnoser = &probe;
    const auto run = supervise(kServerPort, with_fixes);
    INFO(joined(rig.notices));
    REQUIRE_FALSE(rig.stage().last_ranking().empty());
    CHECK(rig.stage().last_ranking().front().plugin == "rdpmedic.mtu-clamp");
    CHECK(rig.stage().last_applied() == "rdpmedic.mtu-clamp");
    CHECK_THAT(joined(asked), Catch::Contains("rdpmedic.mtu-clamp: set the MTU of the interface (the route to 10.77.2.2)"));
    CHECK(run.result.connected);
    CHECK(run.result.attempts == 2);
    const int clamped = client_interface_mtu();
    CHECK(clamped <= kNarrowLinkMtu);
    CHECK(clamped >= kNarrowLinkMtu - 16);
    const std::string journal = text_of(rig.sandbox().journal());
    CHECK_THAT(journal, Catch::Contains("interface-mtu") && Catch::Contains(kClientInterface) &&
                            Catch::Contains("ip link set dev " + std::string(kClientInterface) + " mtu " +
                                            std::to_string(clamped)) &&
                            Catch::Contains("\"data\":\"1500\""));

    // Undo puts the old MTU back on that interface, and the hole is back.
    const auto undone = run_command({RDPMEDIC_CLI, "undo", "--all"});
    INFO(undone.output);
    CHECK(undone.exit_code == 0);
    CHECK(client_interface_mtu() == kClientMtu);
    CHECK_THAT(text_of(rig.sandbox().journal()), Catch::Contains("undone"));
    const Diagnosis again = probe.diagnose(Target{kServerAddress, kServerPort}, options);
    CHECK(black_hole_of(again));
}
