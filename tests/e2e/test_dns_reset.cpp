// dns-reset against a real stale cache (see stale_dns_cache.h): the DNS record of the
// server's name moved, this machine's nscd still answers with the old address, by name the
// real xfreerdp is refused there, the probe sees the cached answer differ from what the DNS
// server says now, dns-reset ranks first, its flush (through the real helper, journaled) is
// what makes the retry connect, and without it the retry fails. Each case builds a network
// namespace and runs its hidden twin inside, where each installed FreeRDP generation meets the
// same stale cache and lab. Needs root, iproute2, dnsmasq and nscd.
#include "e2e_support.h"
#include "freerdp_clients.h"
#include "stale_dns_cache.h"
#include "strategy_rig.h"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <fstream>
#include <sstream>

using namespace rdpmedic;
using namespace rdpmedic::e2e;
using S = SupervisorState;

namespace {

void require_inside() {
    if (std::getenv(kStaleCacheVariable) == nullptr) {
        FAIL("this case runs inside the namespace its [e2e] twin sets up, not on its own");
    }
}

RunOptions by_name(const FreeRdpClient& client) {
    RunOptions options;
    options.client_path = client.path;
    options.host = kCachedName;
    options.max_attempts = 2;
    options.backoff = std::chrono::milliseconds(50);
    return options;
}

lab::LabOptions server_options() {
    lab::LabOptions options;
    options.server_name = kCachedName;
    return options;
}

} // namespace

TEST_CASE("dns-reset: the server's DNS record moved while nscd still answers with the old address",
          "[e2e][strategies]") {
    ensure_display(); // found through its socket file, which the namespace shares
    const lab::NetworkNamespace ns(dns_cache_namespace());
    const CommandResult inside = run_self_in_namespace(ns, std::string(kStaleCacheVariable) + "=1",
                                                       {"dns-reset inside: a stale nscd entry"});
    INFO(inside.output);
    CHECK(inside.exit_code == 0);
    CHECK_THAT(inside.output, Catch::Contains("All tests passed") && Catch::Contains("in 1 test case"));
}

TEST_CASE("dns-reset inside: a stale nscd entry", "[.][dns-reset-inside]") {
    require_inside();
    StaleDnsCache cache;
    const lab::Lab lab(server_options());

    const auto others = all_strategies_but("rdpmedic.dns-reset");
    // Each generation starts from the stale cache: the one the constructor made, then the one
    // the previous generation's last run left.
    for (const auto& client : freerdp_clients()) {
        INFO(describe(client));
        // The fault is real: this machine's answer is the cached old address.
        CHECK(StaleDnsCache::system_answer() == std::vector<std::string>{kOldAddress});

        StrategyRig rig(all_strategies());
        const auto run = supervise_with_strategies(lab, &rig, by_name(client));
        INFO(joined(rig.notices));

        // By name xfreerdp goes to the cached address, where nothing listens.
        const auto* failed = run.first(S::Failed);
        REQUIRE(failed);
        CHECK(failed->failure->codes.exit_code == 147);
        // The probe: the system's answer (through nscd) is not what the DNS server says now.
        const auto* diagnosing = run.first(S::Diagnosing);
        REQUIRE(diagnosing);
        REQUIRE(diagnosing->diagnosis);
        CHECK(diagnosing->diagnosis->addresses == std::vector<std::string>{kOldAddress});
        bool stale_found = false;
        for (const auto& finding : diagnosing->diagnosis->findings) {
            stale_found = stale_found || finding.id == "dns.stale-cache";
        }
        CHECK(stale_found);
        CHECK(diagnosing->diagnosis->verdict.cause == "dns-stale");

        // dns-reset ranks first and its flush, made by the helper and journaled, is what the retry
        // needed.
        REQUIRE_FALSE(rig.stage().last_ranking().empty());
        CHECK(rig.stage().last_ranking().front().plugin == "rdpmedic.dns-reset");
        CHECK_THAT(rig.stage().last_ranking().front().reason,
                   Catch::Contains("not what the DNS server says now") && Catch::Contains("nscd"));
        CHECK(rig.stage().last_applied() == "rdpmedic.dns-reset");
        CHECK(run.result.connected);
        CHECK(run.result.attempts == 2);
        CHECK(StaleDnsCache::system_answer() == std::vector<std::string>{kNewAddress});
        CHECK_THAT(text_of(rig.sandbox().journal()), Catch::Contains("dns.flush"));

        // Stale again, and every other strategy without dns-reset: none of them reaches the server.
        cache.go_stale();
        StrategyRig wrong(others);
        const auto miss = supervise_with_strategies(lab, &wrong, by_name(client));
        INFO(joined(wrong.notices));
        CHECK_FALSE(miss.result.connected);
        REQUIRE(miss.result.last_failure);
        CHECK(miss.result.last_failure->codes.exit_code == 147);
    }
}
