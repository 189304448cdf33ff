// The connect → detect → retry loop with the real xfreerdp against the lab: real xrdp for
// the healthy case, real faults on the wire for the rest. Nothing tells rdpmedic which fault
// it is facing; it must read that from the client's own output and exit code.
#include "e2e_support.h"

#include <catch2/catch.hpp>

using namespace rdpmedic;
using namespace rdpmedic::e2e;
using S = SupervisorState;

namespace {

lab::Lab make_lab(lab::FaultSpec fault, std::string security = "negotiate") {
    lab::LabOptions options;
    options.initial = fault;
    options.xrdp_security_layer = std::move(security);
    return lab::Lab(options);
}

Failure single_failure(lab::FaultSpec fault, RunOptions options = {}) {
    const auto lab = make_lab(fault);
    const auto run = supervise(lab, options);
    INFO("fault " << lab::to_id(fault));
    REQUIRE(run.states() == std::vector<S>{S::Launching, S::Failed, S::GaveUp});
    REQUIRE(run.first(S::Failed)->failure);
    return *run.first(S::Failed)->failure;
}

} // namespace

TEST_CASE("healthy xrdp: xfreerdp connects and rdpmedic sees the session become active", "[e2e][freerdp]") {
    const auto lab = make_lab({lab::Fault::Healthy});
    const auto run = supervise(lab, {});
    CHECK(run.states() == std::vector<S>{S::Launching, S::Connected});
    CHECK(run.result.connected);
    CHECK(lab.connection_count() == 1);
}

TEST_CASE("accept then close: socket closed, the Linux face of 0x904", "[e2e][freerdp]") {
    const Failure failure = single_failure({lab::Fault::AcceptThenClose});
    CHECK(failure.kind == FailureKind::SocketClosed);
    CHECK(failure.retriable);
    CHECK(failure.codes.exit_code == 147);
    CHECK(failure.codes.freerdp_error == 0x0002000Du);
}

TEST_CASE("closed port: connect failed", "[e2e][freerdp]") {
    const Failure failure = single_failure({lab::Fault::PortClosed});
    CHECK(failure.kind == FailureKind::ConnectFailed);
    CHECK(failure.codes.exit_code == 147);
}

TEST_CASE("accept then stall: the attempt times out and the client is stopped", "[e2e][freerdp]") {
    RunOptions options;
    options.connect_timeout = std::chrono::milliseconds(2500);
    const auto lab = make_lab({lab::Fault::AcceptThenStall});
    const auto run = supervise(lab, options);
    REQUIRE(run.states() == std::vector<S>{S::Launching, S::Failed, S::GaveUp});
    const auto& failed = *run.first(S::Failed);
    CHECK(failed.failure->kind == FailureKind::Timeout);
    CHECK(failed.since_start >= std::chrono::milliseconds(2500));
    CHECK(failed.since_start < std::chrono::milliseconds(10000));
}

TEST_CASE("untrusted certificates: TLS failure", "[e2e][freerdp]") {
    for (const auto fault : {lab::Fault::TlsExpiredCert, lab::Fault::TlsWrongName, lab::Fault::TlsSelfSigned}) {
        const Failure failure = single_failure({fault});
        INFO("fault " << lab::to_id(lab::FaultSpec{fault}));
        CHECK(failure.kind == FailureKind::TlsFailed);
        CHECK(failure.codes.exit_code == 143);
        CHECK_THAT(failure.message, Catch::Contains("certificate"));
    }
}

TEST_CASE("a server that only speaks TLS 1.0: TLS failure", "[e2e][freerdp]") {
    const Failure failure = single_failure({lab::Fault::TlsVersionMismatch});
    CHECK(failure.kind == FailureKind::TlsFailed);
    CHECK(failure.codes.exit_code == 143);
}

TEST_CASE("a fault that clears: retry, then success", "[e2e][freerdp]") {
    lab::LabOptions lab_options;
    lab_options.initial = {lab::Fault::AcceptThenClose};
    lab_options.fault_connections = 2; // one xfreerdp run makes two connections (it falls back once by itself)
    const lab::Lab lab(lab_options);
    RunOptions options;
    options.max_attempts = 3;
    const auto run = supervise(lab, options);
    CHECK(run.states() == std::vector<S>{S::Launching, S::Failed, S::Waiting, S::Launching, S::Connected});
    CHECK(run.first(S::Failed)->failure->kind == FailureKind::SocketClosed);
    CHECK(run.events.back().attempt == 2);
    CHECK(run.result.connected);
}

TEST_CASE("the lab switched from closed to healthy between attempts: retry, then success", "[e2e][freerdp]") {
    lab::Lab lab = make_lab({lab::Fault::PortClosed});
    RunOptions options;
    options.max_attempts = 3;
    options.on_event = [&](const SupervisorEvent& event) {
        if (event.state == S::Waiting) {
            lab.set_fault({lab::Fault::Healthy});
        }
    };
    const auto run = supervise(lab, options);
    CHECK(run.states() == std::vector<S>{S::Launching, S::Failed, S::Waiting, S::Launching, S::Connected});
    CHECK(run.first(S::Failed)->failure->kind == FailureKind::ConnectFailed);
}

TEST_CASE("xrdp with security_layer=tls: /sec:rdp fails like a 0x904, /sec:tls connects", "[e2e][freerdp]") {
    const auto lab = make_lab({lab::Fault::Healthy}, "tls");
    RunOptions rdp_security;
    rdp_security.client_args = {"/sec:rdp"};
    const auto refused = supervise(lab, rdp_security);
    REQUIRE(refused.first(S::Failed));
    CHECK(refused.first(S::Failed)->failure->kind == FailureKind::SocketClosed);
    CHECK(refused.first(S::Failed)->failure->codes.exit_code == 147);

    RunOptions tls_security;
    tls_security.client_args = {"/sec:tls"};
    const auto accepted = supervise(lab, tls_security);
    CHECK(accepted.states() == std::vector<S>{S::Launching, S::Connected});
}

TEST_CASE("RDP_NEG_FAILURE from the server: negotiation failed, for every failure code", "[e2e][freerdp]") {
    for (int code = 1; code <= 6; ++code) {
        INFO("failure code " << code);
        const Failure failure = single_failure({lab::Fault::NegoFailure, code});
        CHECK(failure.kind == FailureKind::NegotiationFailed);
        CHECK(failure.codes.exit_code == 133);
        CHECK(failure.codes.freerdp_error == 0x0002000Cu);
    }
}
