// The nla layer against servers that misbehave after selecting NLA: one that never answers
// the NEGOTIATE_MESSAGE, one that claims a 2 GiB TSRequest and floods, one that sends half a
// challenge and closes. Each is a finding within the overall timeout, never a hang.
#include "e2e_support.h"
#include "rdpmedic/core/json.h"
#include "rdpmedic/probe/probe.h"

#include <arpa/inet.h>
#include <atomic>
#include <catch2/catch.hpp>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <netinet/in.h>
#include <openssl/ssl.h>
#include <poll.h>
#include <pthread.h>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>

using namespace rdpmedic;
using namespace rdpmedic::e2e;

namespace {

enum class Misbehaviour { Silent, Flood, HalfChallenge };

std::vector<std::uint8_t> recorded_answer() {
    std::ifstream in(std::string(RDPMEDIC_FIXTURES) + "/ntlm/shadow-3.10-challenge.tsrequest",
                     std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

/// An RDP server on 127.0.0.1 that selects NLA (HYBRID) for every offer that has it, refuses
/// a TLS-only offer with HYBRID_REQUIRED, speaks TLS, and then misbehaves once a TSRequest
/// arrives. One connection at a time, as the probe makes them.
class MisbehavingServer {
  public:
    explicit MisbehavingServer(Misbehaviour misbehaviour) : misbehaviour_(misbehaviour) {
        const auto dir = std::filesystem::temp_directory_path() /
                         ("rdpmedic-nla-hostile-" + std::to_string(::getpid()));
        std::filesystem::create_directories(dir);
        const auto key = (dir / "key.pem").string();
        const auto cert = (dir / "cert.pem").string();
        const auto made =
            run_command({"/usr/bin/env", "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                         "-subj", "/CN=localhost", "-days", "1", "-keyout", key, "-out", cert});
        REQUIRE(made.exit_code == 0);
        ctx_ = SSL_CTX_new(TLS_server_method());
        REQUIRE(SSL_CTX_use_certificate_file(ctx_, cert.c_str(), SSL_FILETYPE_PEM) == 1);
        REQUIRE(SSL_CTX_use_PrivateKey_file(ctx_, key.c_str(), SSL_FILETYPE_PEM) == 1);
        std::filesystem::remove_all(dir);

        listener_ = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        socklen_t size = sizeof address;
        REQUIRE(::bind(listener_, reinterpret_cast<sockaddr*>(&address), size) == 0);
        REQUIRE(::listen(listener_, 8) == 0);
        REQUIRE(::getsockname(listener_, reinterpret_cast<sockaddr*>(&address), &size) == 0);
        port_ = ntohs(address.sin_port);
        thread_ = std::thread([this] { serve(); });
    }
    ~MisbehavingServer() {
        stop_ = true;
        thread_.join();
        ::close(listener_);
        SSL_CTX_free(ctx_);
    }
    MisbehavingServer(const MisbehavingServer&) = delete;
    MisbehavingServer& operator=(const MisbehavingServer&) = delete;

    std::uint16_t port() const { return port_; }

  private:
    void serve() {
        // A probe that has given up must cost this thread an EPIPE, not the test its process:
        // OpenSSL writes with plain write().
        sigset_t pipe_signal;
        sigemptyset(&pipe_signal);
        sigaddset(&pipe_signal, SIGPIPE);
        pthread_sigmask(SIG_BLOCK, &pipe_signal, nullptr);
        while (!stop_) {
            pollfd ready{listener_, POLLIN, 0};
            if (::poll(&ready, 1, 50) != 1) {
                continue;
            }
            const int client = ::accept(listener_, nullptr, nullptr);
            if (client >= 0) {
                // Bounded: a read or write that waits longer ends the connection.
                const timeval limit{5, 0};
                ::setsockopt(client, SOL_SOCKET, SO_RCVTIMEO, &limit, sizeof limit);
                ::setsockopt(client, SOL_SOCKET, SO_SNDTIMEO, &limit, sizeof limit);
                handle(client);
                ::close(client);
            }
        }
    }

    void handle(int client) {
        std::uint8_t request[19];
        if (::recv(client, request, sizeof request, MSG_WAITALL) != sizeof request) {
            return;
        }
        const bool offers_nla = (request[15] & 0x02) != 0;
        const std::uint8_t selected[19] = {0x03, 0x00, 0x00, 0x13, 0x0E, 0xD0, 0x00,
                                           0x00, 0x00, 0x00, 0x00, 0x02, 0x00, 0x08,
                                           0x00, 0x02, 0x00, 0x00, 0x00};
        std::uint8_t reply[19];
        std::copy(std::begin(selected), std::end(selected), reply);
        if (!offers_nla) {
            reply[11] = 0x03; // RDP_NEG_FAILURE HYBRID_REQUIRED_BY_SERVER
            reply[15] = 0x05;
        }
        if (::send(client, reply, sizeof reply, MSG_NOSIGNAL) != sizeof reply || !offers_nla) {
            return;
        }
        SSL* ssl = SSL_new(ctx_);
        SSL_set_fd(ssl, client);
        std::uint8_t buffer[4096];
        if (SSL_accept(ssl) == 1 && SSL_read(ssl, buffer, sizeof buffer) > 0) {
            misbehave(ssl, buffer);
        }
        SSL_free(ssl);
    }

    void misbehave(SSL* ssl, std::uint8_t* buffer) {
        switch (misbehaviour_) {
        case Misbehaviour::Silent:
            // Waits for the client to give up (or the socket's limit), answering nothing.
            (void)SSL_read(ssl, buffer, 4096);
            break;
        case Misbehaviour::Flood: {
            // A TSRequest claiming 2 GiB, then as much filler as the client takes.
            const std::uint8_t header[] = {0x30, 0x84, 0x7F, 0xFF, 0xFF, 0xFF};
            std::vector<std::uint8_t> filler(64 * 1024, 0x41);
            int written = SSL_write(ssl, header, sizeof header);
            for (int i = 0; i < 256 && written > 0 && !stop_; ++i) {
                written = SSL_write(ssl, filler.data(), static_cast<int>(filler.size()));
            }
            break;
        }
        case Misbehaviour::HalfChallenge: {
            const auto answer = recorded_answer();
            SSL_write(ssl, answer.data(), static_cast<int>(answer.size() / 2));
            break;
        }
        }
    }

    Misbehaviour misbehaviour_;
    SSL_CTX* ctx_ = nullptr;
    int listener_ = -1;
    std::uint16_t port_ = 0;
    std::atomic<bool> stop_{false};
    std::thread thread_;
};

struct Case {
    Misbehaviour misbehaviour;
    const char* name;
    const char* outcome;
    const char* problem; ///< a part of the layer's problem
};

} // namespace

TEST_CASE("nla: a server that misbehaves after selecting NLA gives nla.no-challenge in time",
          "[e2e][nla]") {
    const Case cases[] = {
        {Misbehaviour::Silent, "silent", "no answer", "no answer in time instead of a challenge"},
        {Misbehaviour::Flood, "flood", "not a challenge", "claims 2147483647 bytes"},
        {Misbehaviour::HalfChallenge, "half a challenge", "closed", "in the middle of its answer"},
    };
    for (const Case& c : cases) {
        DYNAMIC_SECTION(c.name) {
            MisbehavingServer server(c.misbehaviour);
            probe::Probe probe;
            DiagnoseOptions options;
            options.timeout = std::chrono::milliseconds(3000);
            options.step_timeout = std::chrono::milliseconds(1000);
            const auto started = std::chrono::steady_clock::now();
            const Diagnosis d = probe.diagnose(Target{"127.0.0.1", server.port()}, options);
            const auto took = std::chrono::steady_clock::now() - started;
            INFO(to_json(d).dump(2));
            CHECK(took < options.timeout + std::chrono::milliseconds(500));
            const Layer* nla = d.layer("nla");
            REQUIRE(nla != nullptr);
            CHECK(nla->status == LayerStatus::Fail);
            CHECK(nla->detail.at("outcome") == c.outcome);
            CHECK(nla->detail.at("problem").find(c.problem) != std::string::npos);
            const Finding* finding = d.find("nla.no-challenge");
            REQUIRE(finding != nullptr);
            CHECK(finding->severity == Severity::Warning);
        }
    }
}
