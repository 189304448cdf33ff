// The project's strategies, signed by the build, against real faults: the real xfreerdp under
// Xvfb, the lab's real xrdp, the real probe and the real worker. Each scenario checks that
// the first attempt fails, the diagnosis ranks the right strategy first, its change is what
// makes the retry connect, a wrong strategy alone does not, and nothing outlives the
// connection. Each scenario runs with every installed FreeRDP generation against one lab and
// expects the same outcome from each. Strategies with no honest Linux fault are shown to say so.
#include "e2e_support.h"
#include "freerdp_clients.h"
#include "strategy_rig.h"

#include "rdpmedic/plugins/system_values.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <fstream>

using namespace rdpmedic;
using namespace rdpmedic::e2e;
using S = SupervisorState;

namespace {

struct Scenario {
    lab::LabOptions lab;
    std::vector<std::string> client_args; ///< what the user's connection asks for
};

lab::LabOptions xrdp(std::string security) {
    lab::LabOptions options;
    options.xrdp_security_layer = std::move(security);
    return options;
}

SupervisedRun run_with(const lab::Lab& lab, const FreeRdpClient& client, const std::vector<std::string>& client_args,
                       StrategyRig* rig, int attempts) {
    RunOptions options;
    options.max_attempts = attempts;
    options.launcher_args = client_args;
    options.backoff = std::chrono::milliseconds(50);
    options.client_path = client.path;
    return supervise_with_strategies(lab, rig, options);
}

} // namespace

TEST_CASE("strategies: the build signed them and they load without the developer setting", "[e2e][strategies]") {
    StrategyRig rig(all_strategies());
    for (const auto& id : all_strategies()) {
        CHECK(rig.worker().load(StrategyRig::folder(id)).id == id);
    }
    CHECK_FALSE(std::filesystem::exists(rig.sandbox().root() / "config/rdpmedic/developer.json"));
}

TEST_CASE("security-negotiation: xrdp requires TLS, the connection asks /sec:rdp (0x904)", "[e2e][strategies]") {
    const lab::Lab lab(xrdp("tls"));
    for (const auto& client : freerdp_clients()) {
        INFO(describe(client));
        StrategyRig rig(all_strategies(), {"/sec:rdp"});
        const auto run = run_with(lab, client, {"/sec:rdp"}, &rig, 2);
        INFO(joined(rig.notices));

        // The first attempt fails exactly like mstsc's 0x904: the server closes the socket.
        const auto* failed = run.first(S::Failed);
        REQUIRE(failed);
        CHECK(failed->failure->kind == FailureKind::SocketClosed);
        CHECK(failed->failure->codes.exit_code == 147);
        // The diagnosis ranks the strategy first, its change is what the retry uses, and it connects.
        REQUIRE_FALSE(rig.stage().last_ranking().empty());
        CHECK(rig.stage().last_ranking().front().plugin == "rdpmedic.security-negotiation");
        CHECK_THAT(rig.stage().last_ranking().front().reason, Catch::Contains("/sec:tls"));
        CHECK(rig.stage().last_applied() == "rdpmedic.security-negotiation");
        CHECK(run.result.connected);
        CHECK(run.result.attempts == 2);
        // Raising security needs nobody's consent; nothing system-wide was touched.
        CHECK_FALSE(std::filesystem::exists(rig.sandbox().journal()));

        // A wrong strategy alone does not fix it.
        StrategyRig wrong({"rdpmedic.ip-direct"}, {"/sec:rdp"});
        wrong.stage().set_order(plugins::PluginFixStage::Order::LoadOrder);
        const auto miss = run_with(lab, client, {"/sec:rdp"}, &wrong, 2);
        CHECK(wrong.stage().last_applied() == "rdpmedic.ip-direct");
        CHECK_FALSE(miss.result.connected);
        REQUIRE(miss.result.last_failure);
        CHECK(miss.result.last_failure->codes.exit_code == 147);

        // The override was for that connection only: the next one starts as the user asked.
        const auto next = run_with(lab, client, {"/sec:rdp"}, nullptr, 1);
        CHECK_FALSE(next.result.connected);
        REQUIRE(next.result.last_failure);
        CHECK(next.result.last_failure->codes.exit_code == 147);
    }
}

TEST_CASE("security-negotiation: lowering security to match an RDP-only xrdp waits for consent",
          "[e2e][strategies]") {
    const lab::Lab lab(xrdp("rdp"));
    for (const auto& client : freerdp_clients()) {
        INFO(describe(client));
        // Without consent nothing is lowered and the retry fails the same way.
        StrategyRig refused(all_strategies(), {"/sec:tls"});
        const auto unchanged = run_with(lab, client, {"/sec:tls"}, &refused, 2);
        INFO(joined(refused.notices));
        REQUIRE_FALSE(refused.stage().last_ranking().empty());
        CHECK(refused.stage().last_ranking().front().plugin == "rdpmedic.security-negotiation");
        CHECK_THAT(refused.stage().last_ranking().front().reason, Catch::Contains("consent"));
        CHECK_FALSE(unchanged.result.connected);
        CHECK_THAT(joined(refused.notices), Catch::Contains("not done without your consent") &&
                                                Catch::Contains("/sec:rdp") && Catch::Contains("server"));

        // With consent the retry asks for /sec:rdp and gets past the negotiation.
        StrategyRig rig(all_strategies(), {"/sec:tls"});
        std::vector<std::string> asked;
        rig.stage().set_consent([&](const std::string& plugin, const plugins::Change& change) {
            asked.push_back(plugin + " " + change.value.data);
            return true;
        });
        const auto run = run_with(lab, client, {"/sec:tls"}, &rig, 2);
        INFO(joined(rig.notices));
        CHECK(asked == std::vector<std::string>{"rdpmedic.security-negotiation rdp"});
        REQUIRE(run.first(S::Failed));
        CHECK(run.first(S::Failed)->failure->codes.exit_code == 133);
        // Debian's xrdp 0.9 ends a standard-RDP-security session of FreeRDP 2.11 and 3.10 alike
        // with a logoff after the negotiation, so this scenario cannot show a connected retry.
        REQUIRE(run.result.last_failure);
        CHECK(run.result.last_failure->codes.exit_code != 133);
    }
}

namespace {

/// All strategies against a lab serving `fault` twice: cert-advice must rank first, never
/// suggest ignoring the certificate, and the client must still refuse it. Returns what the
/// strategies told the user.
std::string cert_advice_for(lab::Fault fault) {
    lab::LabOptions options;
    options.initial = {fault};
    const lab::Lab lab(options);
    std::vector<std::string> advice;
    for (const auto& client : freerdp_clients()) {
        INFO(describe(client));
        StrategyRig rig(all_strategies());
        const auto run = run_with(lab, client, {}, &rig, 2);
        advice.push_back(joined(rig.notices));
        INFO(advice.back());
        REQUIRE_FALSE(rig.stage().last_ranking().empty());
        CHECK(rig.stage().last_ranking().front().plugin == "rdpmedic.cert-advice");
        CHECK_THAT(advice.back(), !Catch::Contains("/cert:ignore") && !Catch::Contains("/cert:tofu"));
        // Only the server or the user's decision can fix it: the client's retry still refuses it.
        CHECK_FALSE(run.result.connected);
        REQUIRE(run.result.last_failure);
        CHECK(run.result.last_failure->kind == FailureKind::TlsFailed);
    }
    // The same advice whichever generation was refused.
    for (const auto& notices : advice) {
        CHECK(notices == advice.front());
    }
    return advice.front();
}

} // namespace

TEST_CASE("cert-advice: an expired certificate gets the server-side steps and is never ignored",
          "[e2e][strategies]") {
    CHECK_THAT(cert_advice_for(lab::Fault::TlsExpiredCert),
               Catch::Contains("renew it on the server") && Catch::Contains("Remote Desktop"));
}

TEST_CASE("cert-advice: a self-signed certificate is to be accepted after checking it, not fixed with a CA",
          "[e2e][strategies][certificates]") {
    const std::string notices = cert_advice_for(lab::Fault::TlsSelfSigned);
    CHECK_THAT(notices, Catch::Contains("no CA needs installing") && Catch::Contains("--accept-certificate FINGERPRINT"));
    CHECK_THAT(notices, !Catch::Contains("install the issuing CA"));
}

TEST_CASE("tls-compat: xrdp speaks TLS 1.0 only, and with consent the retry lowers the level and connects",
          "[e2e][strategies]") {
    lab::LabOptions options;
    options.xrdp_tls10_only = true;
    const lab::Lab lab(options);
    for (const auto& client : freerdp_clients()) {
        INFO(describe(client));
        // With consent: /tls-seclevel:0 for this connection is what makes the retry connect.
        StrategyRig rig(all_strategies());
        std::vector<std::string> asked;
        rig.stage().set_consent([&](const std::string& plugin, const plugins::Change& change) {
            asked.push_back(plugin + " " + change.value.data);
            return true;
        });
        const auto run = run_with(lab, client, {}, &rig, 2);
        INFO(joined(rig.notices));
        const auto* failed = run.first(S::Failed);
        REQUIRE(failed);
        CHECK(failed->failure->kind == FailureKind::TlsFailed);
        REQUIRE_FALSE(rig.stage().last_ranking().empty());
        CHECK(rig.stage().last_ranking().front().plugin == "rdpmedic.tls-compat");
        CHECK(asked == std::vector<std::string>{"rdpmedic.tls-compat 0"});
        CHECK(rig.stage().last_applied() == "rdpmedic.tls-compat");
        CHECK(run.result.connected);
        CHECK(run.result.attempts == 2);
        CHECK_THAT(joined(rig.notices), Catch::Contains("enable TLS 1.2"));
        CHECK_FALSE(std::filesystem::exists(rig.sandbox().journal()));

        // Without consent nothing is lowered and the retry fails the same way.
        StrategyRig refused(all_strategies());
        const auto unchanged = run_with(lab, client, {}, &refused, 2);
        INFO(joined(refused.notices));
        REQUIRE_FALSE(refused.stage().last_ranking().empty());
        CHECK(refused.stage().last_ranking().front().plugin == "rdpmedic.tls-compat");
        CHECK_THAT(joined(refused.notices), Catch::Contains("tls-security-level 0") && Catch::Contains("consent") &&
                                                Catch::Contains("enable TLS 1.2"));
        CHECK_FALSE(unchanged.result.connected);
        REQUIRE(unchanged.result.last_failure);
        CHECK(unchanged.result.last_failure->kind == FailureKind::TlsFailed);

        // A wrong strategy alone does not fix it.
        StrategyRig wrong({"rdpmedic.ip-direct"});
        wrong.stage().set_order(plugins::PluginFixStage::Order::LoadOrder);
        const auto miss = run_with(lab, client, {}, &wrong, 2);
        CHECK(wrong.stage().last_applied() == "rdpmedic.ip-direct");
        CHECK_FALSE(miss.result.connected);
        REQUIRE(miss.result.last_failure);
        CHECK(miss.result.last_failure->kind == FailureKind::TlsFailed);

        // The lowered level was for that connection only: the next one is refused again.
        const auto next = run_with(lab, client, {}, nullptr, 1);
        CHECK_FALSE(next.result.connected);
        REQUIRE(next.result.last_failure);
        CHECK(next.result.last_failure->kind == FailureKind::TlsFailed);
    }
}

TEST_CASE("udp-disable and dns-reset say when they do not apply on this machine", "[e2e][strategies]") {
    StrategyRig rig(all_strategies());
    auto context = plugins::make_context("rdp.example", 3389, {{"kind", "socket-closed"}},
                                         nlohmann::json{{"findings", nlohmann::json::array({nlohmann::json{{"id", "dns.inconsistent"}}})},
                                                        {"layers", nlohmann::json::array()}});
    context["client"] = {{"name", "xfreerdp"}, {"args", nlohmann::json::array()}};
    rig.worker().load(StrategyRig::folder("rdpmedic.udp-disable"));
    rig.worker().load(StrategyRig::folder("rdpmedic.dns-reset"));
    const auto udp = rig.worker().assess("rdpmedic.udp-disable", context);
    CHECK(udp.score == 0);
    CHECK(udp.reason == "not applicable: FreeRDP 2.x has no UDP transport");
    CHECK(rig.worker().apply("rdpmedic.udp-disable", context).status == "not-applicable");

    const bool resolved = std::filesystem::exists("/run/systemd/resolve/io.systemd.Resolve");
    const bool nscd = std::filesystem::exists("/run/nscd/socket") || std::filesystem::exists("/var/run/nscd/socket");
    const auto dns = rig.worker().assess("rdpmedic.dns-reset", context);
    if (!resolved && !nscd) {
        CHECK(dns.score == 0);
        CHECK_THAT(dns.reason, Catch::Contains("not applicable") && Catch::Contains("systemd-resolved") &&
                                   Catch::Contains("nscd"));
        CHECK(rig.worker().apply("rdpmedic.dns-reset", context).status == "not-applicable");
    } else {
        CHECK(dns.score > 0);
    }
}

TEST_CASE("udp-disable for mstsc: the policy value is journaled and undo restores its absence",
          "[e2e][strategies]") {
    StrategyRig rig({"rdpmedic.udp-disable"});
    rig.stage().set_client("mstsc", {});
    auto values = plugins::make_system_values();
    const std::string key = kUdpKey;
    REQUIRE_FALSE(values->read(key, "fClientDisableUDP"));
    Failure failure;
    failure.kind = FailureKind::SocketClosed;
    ConnectRequest next;
    next.target = {"rdp.example", 3389};
    const FixReport report = rig.stage().on_failure(failure, nullptr, 1, next);
    INFO(joined(rig.notices));
    REQUIRE(report.applied.size() == 1);
    CHECK(values->read(key, "fClientDisableUDP") == plugins::StoredValue{"dword", "1"});
    CHECK(run_command({RDPMEDIC_CLI, "undo", "--all"}).exit_code == 0);
    CHECK_FALSE(values->read(key, "fClientDisableUDP"));
}

TEST_CASE("a mstsc timeout while waiting: the system-wide strategies are left out and nothing is journaled",
          "[e2e][strategies][connect-clock]") {
    Failure failure;
    failure.kind = FailureKind::Timeout;
    failure.no_system_change = "mstsc timed out while waiting";
    ConnectRequest next;
    next.target = {"rdp.example", 3389};
    next.gateway = "gateway.example"; // gateway-transport would apply
    {
        StrategyRig rig(all_strategies());
        rig.stage().set_client("mstsc", {});
        auto values = plugins::make_system_values();
        const std::string key = kUdpKey;
        REQUIRE_FALSE(values->read(key, "fClientDisableUDP"));
        const FixReport report = rig.stage().on_failure(failure, nullptr, 1, next);
        INFO(joined(rig.notices));
        for (const auto& action : report.actions) {
            CHECK_FALSE(action.system_wide);
        }
        for (const auto& candidate : rig.stage().last_ranking()) {
            CHECK(candidate.plugin != "rdpmedic.udp-disable");
            CHECK(candidate.plugin != "rdpmedic.gateway-transport");
            CHECK(candidate.plugin != "rdpmedic.dns-reset");
            CHECK(candidate.plugin != "rdpmedic.mtu-clamp");
        }
        CHECK_FALSE(values->read(key, "fClientDisableUDP"));
        CHECK_FALSE(std::filesystem::exists(rig.sandbox().journal()));
        CHECK(std::find(rig.notices.begin(), rig.notices.end(),
                        "mstsc timed out while waiting; no system-wide change was made (system-wide strategies left "
                        "out: rdpmedic.dns-reset, rdpmedic.gateway-transport, rdpmedic.mtu-clamp, "
                        "rdpmedic.udp-disable)") !=
              rig.notices.end());
    }

    // Unmarked, the same timeout ranks gateway-transport first and it changes a user-wide value.
    StrategyRig unmarked(all_strategies());
    unmarked.stage().set_client("mstsc", {});
    failure.no_system_change.clear();
    const FixReport changed = unmarked.stage().on_failure(failure, nullptr, 1, next);
    INFO(joined(unmarked.notices));
    REQUIRE_FALSE(unmarked.stage().last_ranking().empty());
    CHECK(unmarked.stage().last_ranking().front().plugin == "rdpmedic.gateway-transport");
    REQUIRE(changed.applied.size() == 1);
    CHECK(unmarked.stage().last_applied() == "rdpmedic.gateway-transport");
    CHECK(std::filesystem::exists(unmarked.sandbox().journal()));
    CHECK(run_command({RDPMEDIC_CLI, "undo", "--all"}).exit_code == 0);
}
