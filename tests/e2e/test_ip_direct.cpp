// ip-direct against a real stale address (see stale_address.h): by name the real xfreerdp
// fails, the diagnosis ranks ip-direct first, its change (the address that answered, the
// name kept for the certificate check) is what makes the retry connect, the other
// strategies alone do not, and the next connection starts by name again. Each case builds a
// network namespace and runs its hidden twin inside it: xfreerdp, the probe, the worker and
// the lab's xrdp all live there; each installed FreeRDP generation runs against the same
// namespace and lab. Needs root, iproute2 and nftables.
#include "e2e_support.h"
#include "freerdp_clients.h"
#include "stale_address.h"
#include "strategy_rig.h"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <string_view>

using namespace rdpmedic;
using namespace rdpmedic::e2e;
using S = SupervisorState;

namespace {

void run_inside(StaleAddress kind, const std::string& hidden_case) {
    ensure_display(); // found through its socket file, which the namespace shares
    const lab::NetworkNamespace ns(stale_first_namespace(kind));
    const CommandResult inside = run_self_inside(ns, kind, {hidden_case});
    INFO(inside.output);
    CHECK(inside.exit_code == 0);
    CHECK_THAT(inside.output, Catch::Contains("All tests passed") && Catch::Contains("in 1 test case"));
}

StaleAddress kind_inside() {
    const char* id = std::getenv(kStaleVariable);
    if (id == nullptr || (std::string_view(id) != "dropped" && std::string_view(id) != "refused")) {
        FAIL("this case runs inside the namespace its [e2e] twin sets up, not on its own");
    }
    return std::string_view(id) == "dropped" ? StaleAddress::Dropped : StaleAddress::Refused;
}

lab::LabOptions server_options() {
    lab::LabOptions options;
    options.server_name = kStaleName;
    return options;
}

RunOptions by_name(const FreeRdpClient& client, int attempts) {
    RunOptions options;
    options.client_path = client.path;
    options.host = kStaleName;
    options.max_attempts = attempts;
    options.backoff = std::chrono::milliseconds(50);
    return options;
}

std::string fixing_notes(const SupervisedRun& run) {
    std::string out;
    for (const auto& event : run.events) {
        out += event.state == S::Fixing ? event.note + "\n" : "";
    }
    return out;
}

/// Exit code of xfreerdp by name, and how the probe saw the stale address.
struct Expected {
    int exit_code;
    const char* stale_outcome;
};

Expected expected(StaleAddress kind) {
    return kind == StaleAddress::Dropped ? Expected{141, "timed out"} : Expected{147, "refused"};
}

// The recovery every variant must show.
void check_recovery(const lab::Lab& lab, StaleAddress kind, const FreeRdpClient& client) {
    StrategyRig rig(all_strategies());
    // Another address takes the credentials there: the host asks, whatever the plugin says.
    std::vector<std::string> asked;
    rig.stage().set_consent([&](const std::string& plugin, const plugins::Change& change) {
        asked.push_back(plugin + ": " + plugins::describe(change));
        return true;
    });
    const auto run = supervise_with_strategies(lab, &rig, by_name(client, 2));
    INFO(joined(rig.notices) + fixing_notes(run));
    const Expected want = expected(kind);

    // By name xfreerdp tries the stale address only and fails.
    const auto* failed = run.first(S::Failed);
    REQUIRE(failed);
    CHECK(failed->failure->kind == FailureKind::ConnectFailed);
    CHECK(failed->failure->codes.exit_code == want.exit_code);
    if (kind == StaleAddress::Dropped) {
        // FreeRDP's own connect timeout ran out: no answer ever came from the stale address.
        CHECK(failed->since_start >= std::chrono::seconds(14));
    }
    // The probe saw the stale address fail and the lab's answer, in the resolver's order.
    const auto* diagnosing = run.first(S::Diagnosing);
    REQUIRE(diagnosing);
    REQUIRE(diagnosing->diagnosis);
    CHECK(diagnosing->diagnosis->addresses == std::vector<std::string>{kStaleAddress, kServerAddress});
    const Layer* tcp = nullptr;
    for (const auto& layer : diagnosing->diagnosis->layers) {
        tcp = layer.name == "tcp" ? &layer : tcp;
    }
    REQUIRE(tcp);
    CHECK_THAT(tcp->detail.at(kStaleAddress), Catch::StartsWith(want.stale_outcome));
    CHECK_THAT(tcp->detail.at(kServerAddress), Catch::StartsWith("open"));

    // ip-direct ranks first, for the reason that is true here, and its change is the retry's.
    REQUIRE_FALSE(rig.stage().last_ranking().empty());
    CHECK(rig.stage().last_ranking().front().plugin == "rdpmedic.ip-direct");
    CHECK_THAT(rig.stage().last_ranking().front().reason,
               Catch::Contains(std::string("xfreerdp tries only ") + kStaleAddress + " of " + kStaleName) &&
                   Catch::Contains(want.stale_outcome) && Catch::Contains(std::string(kServerAddress) + " answered"));
    CHECK(rig.stage().last_applied() == "rdpmedic.ip-direct");
    CHECK_THAT(fixing_notes(run), Catch::Contains(kServerAddress) &&
                                      Catch::Contains(std::string("certificate-name ") + kStaleName));
    CHECK(asked == std::vector<std::string>{std::string("rdpmedic.ip-direct: connect to ") + kServerAddress + ":" +
                                            std::to_string(lab.port()) + " instead"});
    CHECK(run.result.connected);
    CHECK(run.result.attempts == 2);
    const SupervisorEvent* retry = nullptr;
    for (const auto& event : run.events) {
        retry = event.state == S::Launching && event.attempt == 2 ? &event : retry;
    }
    REQUIRE(retry);
    CHECK(retry->target.host == kServerAddress);
    // A per-connection override: nothing system-wide was journaled.
    CHECK_FALSE(std::filesystem::exists(rig.sandbox().journal()));
}

} // namespace

TEST_CASE("ip-direct: the name's first address drops every packet (a stale record behind a firewall)",
          "[e2e][strategies]") {
    run_inside(StaleAddress::Dropped, "ip-direct inside: the stale address drops every packet");
}

TEST_CASE("ip-direct: the name's first address refuses (a stale record, the address now another host's)",
          "[e2e][strategies]") {
    run_inside(StaleAddress::Refused, "ip-direct inside: the stale address refuses");
}

// The dropped variant costs FreeRDP's 15 s connect timeout per failed attempt, so it shows
// the recovery only, and with the newest generation only; the refused one, seconds long, also
// shows what does not fix it, with every generation.
TEST_CASE("ip-direct inside: the stale address drops every packet", "[.][ip-direct-inside]") {
    REQUIRE(kind_inside() == StaleAddress::Dropped);
    const lab::Lab lab(server_options());
    const auto& newest = freerdp_clients().front();
    INFO(describe(newest));
    check_recovery(lab, StaleAddress::Dropped, newest);
}

TEST_CASE("ip-direct inside: the stale address refuses", "[.][ip-direct-inside]") {
    REQUIRE(kind_inside() == StaleAddress::Refused);
    const lab::Lab lab(server_options());
    const auto others = all_strategies_but("rdpmedic.ip-direct");
    for (const auto& client : freerdp_clients()) {
        INFO(describe(client));
        check_recovery(lab, StaleAddress::Refused, client);

        // Every other strategy, ranked, without ip-direct: nothing they do reaches the server.
        StrategyRig wrong(others);
        const auto miss = supervise_with_strategies(lab, &wrong, by_name(client, 2));
        INFO(joined(wrong.notices) + fixing_notes(miss));
        CHECK_FALSE(miss.result.connected);
        CHECK(miss.result.attempts == 2);
        REQUIRE(miss.result.last_failure);
        CHECK(miss.result.last_failure->codes.exit_code == 147);

        // By address alone the certificate check fails: FreeRDP matches the certificate's DNS
        // names only, not its IP address entries, so /cert:name is part of the fix.
        RunOptions by_address = by_name(client, 1);
        by_address.host = kServerAddress;
        const auto bare = supervise_with_strategies(lab, nullptr, by_address);
        CHECK_FALSE(bare.result.connected);
        REQUIRE(bare.result.last_failure);
        CHECK(bare.result.last_failure->kind == FailureKind::TlsFailed);
        CHECK(bare.result.last_failure->codes.exit_code == 143);

        // The override was for that connection only: the next one goes by name and fails again.
        const auto next = supervise_with_strategies(lab, nullptr, by_name(client, 1));
        CHECK_FALSE(next.result.connected);
        REQUIRE(next.result.last_failure);
        CHECK(next.result.last_failure->codes.exit_code == 147);
    }
}
