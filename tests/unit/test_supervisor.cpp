#include "fake_client.h"

#include "rdpmedic/core/certificate_store.h"
#include "rdpmedic/core/json.h"
#include "rdpmedic/core/supervisor.h"

#include <catch2/catch.hpp>

#include <algorithm>

using namespace rdpmedic;
using namespace rdpmedic::test;
using Action = Script::Action;
using std::chrono::milliseconds;

namespace {

struct Run {
    std::vector<SupervisorEvent> events;
    SupervisorResult result;
    std::vector<SupervisorState> states() const {
        std::vector<SupervisorState> out;
        for (const auto& e : events) {
            out.push_back(e.state);
        }
        return out;
    }
};

Supervisor::Options options(int attempts, bool stop_when_connected = true) {
    Supervisor::Options o;
    o.retry.max_attempts = attempts;
    o.retry.base_delay = milliseconds(1000);
    o.retry.max_delay = milliseconds(30000);
    o.retry.jitter = 0.2;
    o.retry.connect_timeout = milliseconds(5000);
    o.stop_when_connected = stop_when_connected;
    return o;
}

ConnectRequest request() {
    ConnectRequest r;
    r.target = Target{"server.test", 3389};
    return r;
}

Run run(Supervisor& supervisor) {
    Run out;
    supervisor.add_observer([&](const SupervisorEvent& e) { out.events.push_back(e); });
    out.result = supervisor.run();
    return out;
}

using S = SupervisorState;

} // namespace

TEST_CASE("a connection that works at once connects and stops when asked", "[supervisor]") {
    FakeClock clock;
    ScriptedLauncher launcher({{Action::Connect, {}}});
    Supervisor supervisor(request(), options(3), launcher, clock, [] { return 0.5; });
    const Run r = run(supervisor);
    CHECK(r.states() == std::vector<S>{S::Launching, S::Connected});
    CHECK(r.result.final_state == S::Connected);
    CHECK(r.result.connected);
    CHECK(r.result.attempts == 1);
    CHECK(launcher.stops == 1);
    CHECK(clock.waits.empty());
}

TEST_CASE("failures are retried with exponential backoff, then succeed", "[supervisor]") {
    FakeClock clock;
    ScriptedLauncher launcher({{Action::Fail, make_failure(FailureKind::SocketClosed)},
                               {Action::Fail, make_failure(FailureKind::SocketClosed)},
                               {Action::Connect, {}}});
    Supervisor supervisor(request(), options(5), launcher, clock, [] { return 0.5; });
    const Run r = run(supervisor);
    CHECK(r.states() == std::vector<S>{S::Launching, S::Failed, S::Waiting, S::Launching, S::Failed,
                                       S::Waiting, S::Launching, S::Connected});
    // jitter 0.2 with random 0.5 is neutral: 1000 ms, then 2000 ms
    REQUIRE(clock.waits == std::vector<milliseconds>{milliseconds(1000), milliseconds(2000)});
    CHECK(r.events[2].delay == milliseconds(1000));
    CHECK(r.events[5].delay == milliseconds(2000));
    CHECK(r.events[6].attempt == 3);
    CHECK(r.events[7].since_start == milliseconds(3000));
    CHECK(r.result.attempts == 3);
    CHECK(r.result.connected);
    REQUIRE(r.events[1].failure);
    CHECK(r.events[1].failure->kind == FailureKind::SocketClosed);
}

TEST_CASE("attempts are bounded: the supervisor gives up after the last one", "[supervisor]") {
    FakeClock clock;
    ScriptedLauncher launcher({{Action::Fail, make_failure(FailureKind::ConnectFailed)},
                               {Action::Fail, make_failure(FailureKind::ConnectFailed)}});
    Supervisor supervisor(request(), options(2), launcher, clock, [] { return 0.5; });
    const Run r = run(supervisor);
    CHECK(r.states() == std::vector<S>{S::Launching, S::Failed, S::Waiting, S::Launching, S::Failed, S::GaveUp});
    CHECK(r.result.final_state == S::GaveUp);
    CHECK_FALSE(r.result.connected);
    REQUIRE(r.result.last_failure);
    CHECK(r.result.last_failure->kind == FailureKind::ConnectFailed);
    CHECK(launcher.requests.size() == 2);
}

TEST_CASE("an authentication failure is never retried", "[supervisor]") {
    FakeClock clock;
    ScriptedLauncher launcher({{Action::Fail, make_failure(FailureKind::AuthenticationFailed, false)},
                               {Action::Connect, {}}});
    Supervisor supervisor(request(), options(5), launcher, clock, [] { return 0.5; });
    const Run r = run(supervisor);
    CHECK(r.states() == std::vector<S>{S::Launching, S::Failed, S::GaveUp});
    CHECK(launcher.requests.size() == 1);
    CHECK(clock.waits.empty());
}

TEST_CASE("an attempt that neither connects nor fails times out and is stopped", "[supervisor]") {
    FakeClock clock;
    ScriptedLauncher launcher({{Action::Stall, {}}, {Action::Connect, {}}});
    Supervisor supervisor(request(), options(2), launcher, clock, [] { return 0.5; });
    const Run r = run(supervisor);
    CHECK(r.states() == std::vector<S>{S::Launching, S::Failed, S::Waiting, S::Launching, S::Connected});
    REQUIRE(r.events[1].failure);
    CHECK(r.events[1].failure->kind == FailureKind::Timeout);
    CHECK(r.events[1].since_start == milliseconds(5000));
    CHECK(launcher.stops == 2); // the stalled client, and the connected one at the end
}

TEST_CASE("cancel while waiting to retry ends the run at once", "[supervisor]") {
    FakeClock clock;
    ScriptedLauncher launcher({{Action::Fail, make_failure(FailureKind::SocketClosed)}, {Action::Connect, {}}});
    Supervisor supervisor(request(), options(3), launcher, clock, [] { return 0.5; });
    supervisor.add_observer([&](const SupervisorEvent& e) {
        if (e.state == S::Waiting) {
            supervisor.cancel();
        }
    });
    const Run r = run(supervisor);
    CHECK(r.states() == std::vector<S>{S::Launching, S::Failed, S::Waiting, S::Cancelled});
    CHECK(r.result.final_state == S::Cancelled);
    CHECK(launcher.requests.size() == 1);
    CHECK(clock.waits.empty());
}

TEST_CASE("cancel before run launches nothing", "[supervisor]") {
    FakeClock clock;
    ScriptedLauncher launcher({{Action::Connect, {}}});
    Supervisor supervisor(request(), options(3), launcher, clock, [] { return 0.5; });
    supervisor.cancel();
    const Run r = run(supervisor);
    CHECK(r.states() == std::vector<S>{S::Cancelled});
    CHECK(launcher.requests.empty());
}

TEST_CASE("cancel while connecting stops the client", "[supervisor]") {
    FakeClock clock;
    ScriptedLauncher launcher({{Action::Stall, {}}});
    Supervisor supervisor(request(), options(3), launcher, clock, [] { return 0.5; });
    supervisor.add_observer([&](const SupervisorEvent& e) {
        if (e.state == S::Launching) {
            supervisor.cancel();
        }
    });
    const Run r = run(supervisor);
    CHECK(r.states() == std::vector<S>{S::Launching, S::Cancelled});
    CHECK(launcher.stops == 1);
}

TEST_CASE("a session that drops after connecting is reported, not retried", "[supervisor]") {
    FakeClock clock;
    ScriptedLauncher launcher({{Action::ConnectThenFail, make_failure(FailureKind::ServerDenied)}});
    Supervisor supervisor(request(), options(3, false), launcher, clock, [] { return 0.5; });
    const Run r = run(supervisor);
    CHECK(r.states() == std::vector<S>{S::Launching, S::Connected, S::Disconnected});
    REQUIRE(r.events.back().failure);
    CHECK(r.events.back().failure->kind == FailureKind::ServerDenied);
    CHECK(r.result.connected);
}

TEST_CASE("a client that cannot start gives up with a client error", "[supervisor]") {
    FakeClock clock;
    ScriptedLauncher launcher({});
    Supervisor supervisor(request(), options(3), launcher, clock, [] { return 0.5; });
    const Run r = run(supervisor);
    CHECK(r.states() == std::vector<S>{S::Launching, S::Failed, S::GaveUp});
    REQUIRE(r.result.last_failure);
    CHECK(r.result.last_failure->kind == FailureKind::ClientError);
    CHECK(r.result.last_failure->message == "no scripted attempt left");
}

namespace {
class OverrideAddress final : public FixStage {
  public:
    FixReport on_failure(const Failure& failure, const Diagnosis* diagnosis, int attempt,
                         ConnectRequest& next) override {
        seen.push_back(failure.kind);
        diagnoses.push_back(diagnosis ? std::optional<Diagnosis>(*diagnosis) : std::nullopt);
        attempts.push_back(attempt);
        next.target.host = "192.0.2.10";
        next.client_args.push_back("/sec:tls");
        return {{"connect by IP address 192.0.2.10"}, {}};
    }
    void on_connected(const ConnectRequest& request) override { connected_with.push_back(request.target.host); }
    std::vector<std::string> connected_with;
    std::vector<FailureKind> seen;
    std::vector<int> attempts;
    std::vector<std::optional<Diagnosis>> diagnoses;
};

class CannedDiagnoser final : public Diagnoser {
  public:
    Diagnosis diagnose(const Target& target, const DiagnoseOptions& options) override {
        targets.push_back(target);
        timeouts.push_back(options.timeout);
        Diagnosis d;
        d.target = target.host;
        d.port = target.port;
        d.findings = {{"x224.closed", Severity::Error, "closed without answering", {}}};
        d.verdict = decide_verdict(d.findings);
        return d;
    }
    std::vector<Target> targets;
    std::vector<std::chrono::milliseconds> timeouts;
};
} // namespace

TEST_CASE("the fix stage runs between a failure and the retry and changes the next request", "[supervisor]") {
    FakeClock clock;
    ScriptedLauncher launcher({{Action::Fail, make_failure(FailureKind::DnsFailed)}, {Action::Connect, {}}});
    OverrideAddress fixes;
    Supervisor supervisor(request(), options(3), launcher, clock, [] { return 0.5; }, &fixes);
    const Run r = run(supervisor);
    CHECK(r.states() == std::vector<S>{S::Launching, S::Failed, S::Fixing, S::Fixing, S::Waiting,
                                       S::Launching, S::Connected});
    CHECK(r.events[3].note == "connect by IP address 192.0.2.10");
    CHECK(fixes.seen == std::vector<FailureKind>{FailureKind::DnsFailed});
    CHECK(fixes.diagnoses == std::vector<std::optional<Diagnosis>>{std::nullopt}); // no diagnoser
    CHECK(fixes.attempts == std::vector<int>{1});
    REQUIRE(launcher.requests.size() == 2);
    CHECK(launcher.requests[0].target.host == "server.test");
    CHECK(launcher.requests[1].target.host == "192.0.2.10");
    CHECK(launcher.requests[1].client_args == std::vector<std::string>{"/sec:tls"});
    // told which request worked, so it can remember the strategy for next time
    CHECK(fixes.connected_with == std::vector<std::string>{"192.0.2.10"});
}

TEST_CASE("every event carries the target and a timestamp from the injected clock", "[supervisor]") {
    FakeClock clock;
    ScriptedLauncher launcher({{Action::Fail, make_failure(FailureKind::SocketClosed)}, {Action::Connect, {}}});
    Supervisor supervisor(request(), options(2), launcher, clock, [] { return 0.0; });
    const Run r = run(supervisor);
    for (const auto& e : r.events) {
        CHECK(e.target.to_string() == "server.test:3389");
        CHECK(e.max_attempts == 2);
    }
    // random 0.0 with jitter 0.2 gives the low end: 800 ms
    CHECK(clock.waits == std::vector<milliseconds>{milliseconds(800)});
    CHECK(r.events.back().at - r.events.front().at == std::chrono::milliseconds(800));
}

TEST_CASE("with a diagnoser, each failure is diagnosed before the fix stage, which gets the diagnosis", "[supervisor]") {
    FakeClock clock;
    ScriptedLauncher launcher({{Action::Fail, make_failure(FailureKind::SocketClosed)},
                               {Action::Fail, make_failure(FailureKind::AuthenticationFailed, false)}});
    OverrideAddress fixes;
    CannedDiagnoser diagnoser;
    auto o = options(3);
    o.diagnose.timeout = milliseconds(1234);
    Supervisor supervisor(request(), o, launcher, clock, [] { return 0.5; }, &fixes, &diagnoser);
    const Run r = run(supervisor);
    // The authentication failure is not diagnosed: the network evidently worked.
    CHECK(r.states() == std::vector<S>{S::Launching, S::Failed, S::Diagnosing, S::Fixing, S::Fixing,
                                       S::Waiting, S::Launching, S::Failed, S::GaveUp});
    REQUIRE(r.events[2].diagnosis);
    CHECK(r.events[2].diagnosis->verdict.cause == "server-refusing-connections");
    CHECK(r.events[2].note == describe_cause("server-refusing-connections"));
    REQUIRE(diagnoser.targets.size() == 1);
    CHECK(diagnoser.targets[0].host == "server.test");
    CHECK(diagnoser.timeouts[0] == milliseconds(1234));
    REQUIRE(fixes.diagnoses.size() == 1);
    REQUIRE(fixes.diagnoses[0]);
    CHECK(fixes.diagnoses[0]->find("x224.closed") != nullptr);
    REQUIRE(r.result.last_diagnosis);
    CHECK(r.result.last_diagnosis->target == "server.test");
    const auto json = to_json(r.events[2]);
    CHECK(json["event"] == "diagnosing");
    CHECK(json["diagnosis"]["findings"][0]["id"] == "x224.closed");
    CHECK_FALSE(to_json(r.events[1]).contains("diagnosis"));
}

TEST_CASE("the last attempt's failure is diagnosed too, before giving up", "[supervisor]") {
    FakeClock clock;
    ScriptedLauncher launcher({{Action::Fail, make_failure(FailureKind::ConnectFailed)}});
    CannedDiagnoser diagnoser;
    Supervisor supervisor(request(), options(1), launcher, clock, [] { return 0.5; }, nullptr, &diagnoser);
    const Run r = run(supervisor);
    CHECK(r.states() == std::vector<S>{S::Launching, S::Failed, S::Diagnosing, S::GaveUp});
}

namespace {
/// Asks for another client from the second failure on, as client-fallback does.
class SwitchClient final : public FixStage {
  public:
    FixReport on_failure(const Failure&, const Diagnosis*, int attempt, ConnectRequest& next) override {
        if (attempt < 2) {
            return {};
        }
        next.client = "remmina";
        return {{"use the client remmina"}, {}};
    }
};

class RecordingHandoff final : public ClientHandoff {
  public:
    std::vector<std::string> installed() const override { return {"remmina"}; }
    std::vector<ConnectRequest> handed;
    bool refuse = false;

  protected:
    Handoff start(const ConnectRequest& request) override {
        handed.push_back(request);
        if (refuse) {
            throw LaunchError("remmina is broken");
        }
        return {*request.client, 4242, "handed over to Remmina (pid 4242)"};
    }
};
} // namespace

TEST_CASE("a switch to another client hands the connection over at once and stops watching", "[supervisor][handoff]") {
    FakeClock clock;
    ScriptedLauncher launcher({{Action::Fail, make_failure(FailureKind::SocketClosed)},
                               {Action::Fail, make_failure(FailureKind::SocketClosed)}});
    SwitchClient fixes;
    RecordingHandoff handoff;
    Supervisor supervisor(request(), options(4), launcher, clock, [] { return 0.5; }, &fixes, nullptr, &handoff);
    const Run r = run(supervisor);
    CHECK(r.states() == std::vector<S>{S::Launching, S::Failed, S::Fixing, S::Waiting, S::Launching, S::Failed,
                                       S::Fixing, S::Fixing, S::HandedOver});
    CHECK(r.result.final_state == S::HandedOver);
    CHECK_FALSE(r.result.connected);
    CHECK(r.result.attempts == 2);
    REQUIRE(r.result.handoff);
    CHECK(r.result.handoff->client == "remmina");
    CHECK(r.result.handoff->process_id == 4242);
    CHECK(r.events.back().note == "handed over to Remmina (pid 4242)");
    REQUIRE(handoff.handed.size() == 1);
    CHECK(handoff.handed[0].target.host == "server.test");
    CHECK(launcher.requests.size() == 2); // the primary client is not started again
    CHECK(clock.waits.size() == 1);       // no backoff before the handoff
}

TEST_CASE("a handoff that cannot start, or no handoff at all, falls back to retrying the primary client",
          "[supervisor][handoff]") {
    for (const bool with_handoff : {true, false}) {
        FakeClock clock;
        ScriptedLauncher launcher({{Action::Fail, make_failure(FailureKind::SocketClosed)},
                                   {Action::Fail, make_failure(FailureKind::SocketClosed)},
                                   {Action::Connect, {}}});
        SwitchClient fixes;
        RecordingHandoff handoff;
        handoff.refuse = true;
        Supervisor supervisor(request(), options(3), launcher, clock, [] { return 0.5; }, &fixes, nullptr,
                              with_handoff ? &handoff : nullptr);
        const Run r = run(supervisor);
        CHECK(r.result.final_state == S::Connected);
        CHECK_FALSE(r.result.handoff);
        REQUIRE(launcher.requests.size() == 3);
        CHECK_FALSE(launcher.requests[2].client); // the third attempt is the primary client's
        const auto told = std::find_if(r.events.begin(), r.events.end(), [](const SupervisorEvent& e) {
            return e.state == S::Fixing && e.note.find("remmina") != std::string::npos && e.note != "use the client remmina";
        });
        REQUIRE(told != r.events.end());
        CHECK_THAT(told->note, Catch::Contains(with_handoff ? "could not be started" : "not supported here"));
    }
}

namespace {

const std::string kPresented =
    "FC:60:BB:BD:34:F5:64:B1:BD:8B:27:50:60:9A:EB:E7:72:14:44:E3:B0:13:27:76:FF:C6:7A:DB:82:5E:70:BB";

/// Sees a self-signed certificate, as the probe does in front of a default Windows host.
class SelfSignedDiagnoser final : public Diagnoser {
  public:
    Diagnosis diagnose(const Target& target, const DiagnoseOptions&) override {
        Diagnosis d;
        d.target = target.host;
        d.port = target.port;
        d.layers.push_back({"cert", LayerStatus::Ok, milliseconds(0), {{"sha256", kPresented}, {"self_signed", "yes"}}});
        d.findings = {{"cert.self-signed", Severity::Warning, "the server's certificate is self-signed", {}}};
        d.verdict = decide_verdict(d.findings);
        return d;
    }
};

class ScriptedGate final : public CertificateGate {
  public:
    std::optional<std::string> accepted_fingerprint(const Target& server) override {
        looked_up.push_back(server);
        return remembered;
    }
    CertificateDecision decide(const Target& server, const PresentedCertificate& certificate) override {
        decided.push_back({server, certificate.sha256});
        return decision;
    }
    std::optional<std::string> remembered;
    CertificateDecision decision;
    std::vector<Target> looked_up;
    std::vector<std::pair<Target, std::string>> decided;
};

class MstscLikeLauncher final : public ClientLauncher {
  public:
    explicit MstscLikeLauncher(ScriptedLauncher& inner) : inner_(inner) {}
    std::string name() const override { return "mstsc"; }
    std::unique_ptr<ClientSession> launch(const ConnectRequest& request, ClientListener& listener) override {
        return inner_.launch(request, listener);
    }
    bool asks_about_certificates() const override { return true; }

  private:
    ScriptedLauncher& inner_;
};

} // namespace

TEST_CASE("a remembered certificate is handed to the client from the first attempt", "[supervisor][certificates]") {
    FakeClock clock;
    ScriptedLauncher launcher({{Action::Connect, {}}});
    ScriptedGate gate;
    gate.remembered = kPresented;
    Supervisor supervisor(request(), options(3), launcher, clock, [] { return 0.5; }, nullptr, nullptr, nullptr, &gate);
    const Run r = run(supervisor);
    CHECK(r.states() == std::vector<S>{S::Launching, S::Connected});
    REQUIRE(launcher.requests.size() == 1);
    CHECK(launcher.requests[0].overrides.certificate_sha256 ==
          "fc:60:bb:bd:34:f5:64:b1:bd:8b:27:50:60:9a:eb:e7:72:14:44:e3:b0:13:27:76:ff:c6:7a:db:82:5e:70:bb");
    CHECK(gate.looked_up == std::vector<Target>{request().target});
}

TEST_CASE("an untrusted certificate without a decision stops at once: no retry, the way to accept it told", "[supervisor][certificates]") {
    FakeClock clock;
    ScriptedLauncher launcher({{Action::Fail, make_failure(FailureKind::TlsFailed)}, {Action::Connect, {}}});
    SelfSignedDiagnoser diagnoser;
    ScriptedGate gate;
    gate.decision = {CertificateVerdict::Refused, "", "not connecting: run it with --accept-certificate"};
    OverrideAddress fixes;
    Supervisor supervisor(request(), options(3), launcher, clock, [] { return 0.5; }, &fixes, &diagnoser, nullptr, &gate);
    const Run r = run(supervisor);
    CHECK(r.states() == std::vector<S>{S::Launching, S::Failed, S::Diagnosing, S::GaveUp});
    CHECK(r.events.back().note == "not connecting: run it with --accept-certificate");
    CHECK(launcher.requests.size() == 1);
    CHECK(fixes.seen.empty()); // no strategy works around an untrusted certificate
    REQUIRE(gate.decided.size() == 1);
    CHECK(gate.decided[0].second == kPresented);
}

TEST_CASE("an accepted certificate connects again at once with its fingerprint, even after the last planned attempt", "[supervisor][certificates]") {
    FakeClock clock;
    ScriptedLauncher launcher({{Action::Fail, make_failure(FailureKind::TlsFailed)}, {Action::Connect, {}}});
    SelfSignedDiagnoser diagnoser;
    ScriptedGate gate;
    gate.decision = {CertificateVerdict::Accepted, kPresented, "trusting it"};
    Supervisor supervisor(request(), options(1), launcher, clock, [] { return 0.5; }, nullptr, &diagnoser, nullptr, &gate);
    const Run r = run(supervisor);
    CHECK(r.states() == std::vector<S>{S::Launching, S::Failed, S::Diagnosing, S::Fixing, S::Launching, S::Connected});
    CHECK(clock.waits.empty()); // no backoff before the attempt the user asked for
    REQUIRE(launcher.requests.size() == 2);
    CHECK_FALSE(launcher.requests[0].overrides.certificate_sha256);
    CHECK(launcher.requests[1].overrides.certificate_sha256 == freerdp_fingerprint(kPresented));
}

TEST_CASE("an accepted fingerprint the client still fails with is not tried again as a certificate fix", "[supervisor][certificates]") {
    FakeClock clock;
    ScriptedLauncher launcher({{Action::Fail, make_failure(FailureKind::TlsFailed)}});
    SelfSignedDiagnoser diagnoser;
    ScriptedGate gate;
    gate.remembered = kPresented;
    gate.decision = {CertificateVerdict::Accepted, kPresented, "trusting it"};
    Supervisor supervisor(request(), options(1), launcher, clock, [] { return 0.5; }, nullptr, &diagnoser, nullptr, &gate);
    const Run r = run(supervisor);
    CHECK(r.states() == std::vector<S>{S::Launching, S::Failed, S::Diagnosing, S::GaveUp});
    CHECK(launcher.requests.size() == 1);
}

TEST_CASE("a client with its own certificate dialog is neither given a fingerprint nor asked about", "[supervisor][certificates]") {
    FakeClock clock;
    ScriptedLauncher scripted({{Action::Fail, make_failure(FailureKind::TlsFailed)}, {Action::Connect, {}}});
    MstscLikeLauncher launcher(scripted);
    SelfSignedDiagnoser diagnoser;
    ScriptedGate gate;
    gate.remembered = kPresented;
    gate.decision = {CertificateVerdict::Refused, "", "refused"};
    Supervisor supervisor(request(), options(2), launcher, clock, [] { return 0.5; }, nullptr, &diagnoser, nullptr, &gate);
    const Run r = run(supervisor);
    CHECK(r.states() == std::vector<S>{S::Launching, S::Failed, S::Diagnosing, S::Waiting, S::Launching, S::Connected});
    CHECK(gate.looked_up.empty());
    CHECK(gate.decided.empty());
    CHECK_FALSE(scripted.requests[0].overrides.certificate_sha256);
}
