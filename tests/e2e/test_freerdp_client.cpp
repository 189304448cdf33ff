// The connect → detect → retry loop with the real FreeRDP clients against the lab: real xrdp
// for the healthy case, real faults on the wire for the rest. Nothing tells rdpmedic which
// fault it is facing; it must read that from the client's own output and exit code. Every
// case runs with each installed generation (FreeRDP 2 and 3) on one shared lab, and both must
// tell the faults apart alike: the same failure kind, exit code and FreeRDP error value.
#include "e2e_support.h"
#include "freerdp_clients.h"

#include "rdpmedic/core/client.h"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>

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

RunOptions with_client(const FreeRdpClient& client, RunOptions options = {}) {
    options.client_path = client.path;
    return options;
}

Failure single_failure(const lab::Lab& lab, const FreeRdpClient& client, RunOptions options = {}) {
    const auto run = supervise(lab, with_client(client, options));
    INFO("fault " << lab::to_id(lab.fault()) << " with " << describe(client));
    REQUIRE(run.states() == std::vector<S>{S::Launching, S::Failed, S::GaveUp});
    REQUIRE(run.first(S::Failed)->failure);
    return *run.first(S::Failed)->failure;
}

// The same fault for every generation: each must see the kind, exit code and error value.
void expect_for_every_client(const lab::Lab& lab, FailureKind kind, int exit_code,
                             std::optional<std::uint32_t> freerdp_error) {
    for (const auto& client : freerdp_clients()) {
        INFO(describe(client) << " against " << lab::to_id(lab.fault()));
        const Failure failure = single_failure(lab, client);
        CHECK(failure.kind == kind);
        CHECK(failure.retriable == is_retriable(kind));
        CHECK(failure.codes.exit_code == exit_code);
        CHECK(failure.codes.freerdp_error == freerdp_error);
    }
}

} // namespace

TEST_CASE("both FreeRDP generations are installed for the matrix, newest first", "[e2e][freerdp]") {
    const auto& clients = freerdp_clients();
    REQUIRE(clients.size() == 2);
    CHECK(clients[0].version.major == 3);
    CHECK(clients[1].version.major == 2);
}

TEST_CASE("healthy xrdp: every FreeRDP generation connects and rdpmedic sees the session become active",
          "[e2e][freerdp]") {
    const auto lab = make_lab({lab::Fault::Healthy});
    for (const auto& client : freerdp_clients()) {
        INFO(describe(client));
        const std::size_t before = lab.connection_count();
        const auto run = supervise(lab, with_client(client));
        CHECK(run.states() == std::vector<S>{S::Launching, S::Connected});
        CHECK(run.result.connected);
        CHECK(lab.connection_count() == before + 1);
    }
}

TEST_CASE("accept then close: socket closed, the Linux face of 0x904", "[e2e][freerdp]") {
    const auto lab = make_lab({lab::Fault::AcceptThenClose});
    expect_for_every_client(lab, FailureKind::SocketClosed, 147, 0x0002000Du);
}

TEST_CASE("closed port: connect failed", "[e2e][freerdp]") {
    const auto lab = make_lab({lab::Fault::PortClosed});
    expect_for_every_client(lab, FailureKind::ConnectFailed, 147, 0x0002000Du);
}

TEST_CASE("accept then stall: the attempt times out and the client is stopped", "[e2e][freerdp]") {
    RunOptions options;
    options.connect_timeout = std::chrono::milliseconds(2500);
    const auto lab = make_lab({lab::Fault::AcceptThenStall});
    for (const auto& client : freerdp_clients()) {
        INFO(describe(client));
        const auto run = supervise(lab, with_client(client, options));
        REQUIRE(run.states() == std::vector<S>{S::Launching, S::Failed, S::GaveUp});
        const auto& failed = *run.first(S::Failed);
        CHECK(failed.failure->kind == FailureKind::Timeout);
        CHECK(failed.since_start >= std::chrono::milliseconds(2500));
        CHECK(failed.since_start < std::chrono::milliseconds(10000));
    }
}

TEST_CASE("untrusted certificates: TLS failure", "[e2e][freerdp]") {
    auto lab = make_lab({lab::Fault::TlsExpiredCert});
    for (const auto fault : {lab::Fault::TlsExpiredCert, lab::Fault::TlsWrongName, lab::Fault::TlsSelfSigned}) {
        lab.set_fault({fault});
        for (const auto& client : freerdp_clients()) {
            INFO(describe(client) << " against " << lab::to_id(lab::FaultSpec{fault}));
            const Failure failure = single_failure(lab, client);
            CHECK(failure.kind == FailureKind::TlsFailed);
            CHECK(failure.codes.exit_code == 143);
            CHECK(failure.codes.freerdp_error == 0x00020008u);
            CHECK_THAT(failure.message, Catch::Contains("certificate"));
        }
    }
}

TEST_CASE("a server that only speaks TLS 1.0: TLS failure", "[e2e][freerdp]") {
    const auto lab = make_lab({lab::Fault::TlsVersionMismatch});
    expect_for_every_client(lab, FailureKind::TlsFailed, 143, 0x00020008u);
}

TEST_CASE("a fault that clears: retry, then success", "[e2e][freerdp]") {
    auto lab = make_lab({lab::Fault::AcceptThenClose});
    RunOptions options;
    options.max_attempts = 3;
    for (const auto& client : freerdp_clients()) {
        INFO(describe(client));
        // One run of either generation makes two connections: it falls back once by itself.
        lab.set_fault({lab::Fault::AcceptThenClose}, 2);
        const auto run = supervise(lab, with_client(client, options));
        CHECK(run.states() == std::vector<S>{S::Launching, S::Failed, S::Waiting, S::Launching, S::Connected});
        REQUIRE(run.first(S::Failed));
        CHECK(run.first(S::Failed)->failure->kind == FailureKind::SocketClosed);
        CHECK(run.events.back().attempt == 2);
        CHECK(run.result.connected);
    }
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
    for (const auto& client : freerdp_clients()) {
        INFO(describe(client));
        lab.set_fault({lab::Fault::PortClosed});
        const auto run = supervise(lab, with_client(client, options));
        CHECK(run.states() == std::vector<S>{S::Launching, S::Failed, S::Waiting, S::Launching, S::Connected});
        REQUIRE(run.first(S::Failed));
        CHECK(run.first(S::Failed)->failure->kind == FailureKind::ConnectFailed);
    }
}

TEST_CASE("xrdp with security_layer=tls: /sec:rdp fails like a 0x904, /sec:tls connects", "[e2e][freerdp]") {
    const auto lab = make_lab({lab::Fault::Healthy}, "tls");
    for (const auto& client : freerdp_clients()) {
        INFO(describe(client));
        RunOptions rdp_security = with_client(client);
        rdp_security.client_args = {"/sec:rdp"};
        const auto refused = supervise(lab, rdp_security);
        REQUIRE(refused.first(S::Failed));
        CHECK(refused.first(S::Failed)->failure->kind == FailureKind::SocketClosed);
        CHECK(refused.first(S::Failed)->failure->codes.exit_code == 147);

        RunOptions tls_security = with_client(client);
        tls_security.client_args = {"/sec:tls"};
        const auto accepted = supervise(lab, tls_security);
        CHECK(accepted.states() == std::vector<S>{S::Launching, S::Connected});
    }
}

TEST_CASE("RDP_NEG_FAILURE from the server: negotiation failed, for every failure code", "[e2e][freerdp]") {
    auto lab = make_lab({lab::Fault::NegoFailure, 1});
    for (int code = 1; code <= 6; ++code) {
        INFO("failure code " << code);
        lab.set_fault({lab::Fault::NegoFailure, code});
        expect_for_every_client(lab, FailureKind::NegotiationFailed, 133, 0x0002000Cu);
    }
}

TEST_CASE("the client is found in the order a user expects: xfreerdp3, sdl-freerdp3, then xfreerdp",
          "[e2e][freerdp][discovery]") {
    ensure_display();
    const auto folder = std::filesystem::temp_directory_path() / "rdpmedic-client-discovery";
    std::filesystem::remove_all(folder);
    std::filesystem::create_directories(folder);
    const char* saved = std::getenv("PATH");
    const std::string old_path = saved ? saved : "";
    ::setenv("PATH", folder.c_str(), 1);
    const auto link = [&](const char* name, const char* target) {
        std::filesystem::create_symlink(target, folder / name);
    };
    CHECK_THROWS_WITH(find_freerdp_client(""), Catch::Contains("apt install freerdp3-x11"));
    link("xfreerdp", "/usr/bin/xfreerdp");
    CHECK(find_freerdp_client("").version.major == 2);
    // sdl-freerdp3 is not installed here: the FreeRDP 3 binary stands in under its name.
    link("sdl-freerdp3", "/usr/bin/xfreerdp3");
    CHECK(find_freerdp_client("").path == (folder / "sdl-freerdp3").string());
    link("xfreerdp3", "/usr/bin/xfreerdp3");
    const FreeRdpClient newest = find_freerdp_client("");
    CHECK(newest.path == (folder / "xfreerdp3").string());
    CHECK(newest.version.major == 3);
    // --client (and Settings' client) wins over discovery.
    CHECK(find_freerdp_client("xfreerdp").version.major == 2);
    ::setenv("PATH", old_path.c_str(), 1);
    std::filesystem::remove_all(folder);
}

TEST_CASE("a client that is neither FreeRDP 2 nor 3 is refused with one message, never guessed",
          "[e2e][freerdp][discovery]") {
    CHECK_THROWS_AS(find_freerdp_client("/bin/true"), LaunchError);
    CHECK_THROWS_WITH(find_freerdp_client("/bin/true"), Catch::Contains("is not FreeRDP 2 or 3") &&
                                                            Catch::Contains("'true (GNU coreutils)"));
    CHECK_THROWS_WITH(find_freerdp_client("/nonexistent/xfreerdp3"), Catch::Contains("does not exist"));
    const auto folder = std::filesystem::temp_directory_path() / "rdpmedic-not-freerdp";
    std::filesystem::create_directories(folder);
    const auto script = [&](const char* name, const std::string& body) {
        const auto path = folder / name;
        std::ofstream(path) << "#!/bin/sh\n" << body << "\n";
        std::filesystem::permissions(path, std::filesystem::perms::owner_all);
        return path.string();
    };
    CHECK_THROWS_WITH(find_freerdp_client(script("silent", "exit 0")), Catch::Contains("printed nothing"));
    CHECK_THROWS_WITH(find_freerdp_client(script("future", "echo 'This is FreeRDP version 4.0.0 (x)'")),
                      Catch::Contains("is FreeRDP 4.0.0") && Catch::Contains("FreeRDP 2 and 3 only"));
    std::filesystem::remove_all(folder);
}
