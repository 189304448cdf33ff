// The lab's wire behaviour, checked with plain sockets and OpenSSL: the tests of the client
// side rely on these faults looking exactly like real servers.

#include "rdpmedic/lab/lab.h"
#include "rdpmedic/lab/network_namespace.h"

#include <arpa/inet.h>
#include <array>
#include <catch2/catch.hpp>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <netinet/in.h>
#include "rdpmedic/openssl/free.h"

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <poll.h>
#include <string>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>
#include <vector>

namespace {

using rdpmedic::lab::Fault;
using rdpmedic::lab::FaultSpec;
using rdpmedic::lab::Lab;
using rdpmedic::lab::LabOptions;
using Bytes = std::vector<unsigned char>;

// X.224 Connection Request with RDP_NEG_REQ; requested protocols TLS | HYBRID | HYBRID_EX,
// as FreeRDP sends by default.
const Bytes connection_request{0x03, 0x00, 0x00, 0x13, 0x0E, 0xE0, 0x00, 0x00, 0x00, 0x00,
                               0x00, 0x01, 0x00, 0x08, 0x00, 0x0B, 0x00, 0x00, 0x00};
// The same, but asking for standard RDP security only.
const Bytes rdp_only_request{0x03, 0x00, 0x00, 0x13, 0x0E, 0xE0, 0x00, 0x00, 0x00, 0x00,
                             0x00, 0x01, 0x00, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00};
const Bytes ssl_selected{0x03, 0x00, 0x00, 0x13, 0x0E, 0xD0, 0x00, 0x00, 0x12, 0x34,
                         0x00, 0x02, 0x00, 0x08, 0x00, 0x01, 0x00, 0x00, 0x00};

Bytes nego_failure(unsigned char code) {
    return Bytes{0x03, 0x00, 0x00, 0x13, 0x0E, 0xD0, 0x00, 0x00, 0x12, 0x34,
                 0x00, 0x03, 0x00, 0x08, 0x00, code, 0x00, 0x00, 0x00};
}

class Socket {
  public:
    explicit Socket(int fd) : fd_(fd) {}
    ~Socket() {
        if (fd_ >= 0) {
            ::close(fd_);
        }
    }
    Socket(const Socket&) = delete;
    Socket& operator=(const Socket&) = delete;
    int get() const { return fd_; }

  private:
    int fd_;
};

/// Connects to 127.0.0.1:port; returns the socket, or -1 with errno kept in error.
int connect_to(std::uint16_t port, int& error) {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    REQUIRE(fd >= 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(0x7F000001U);
    if (::connect(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof addr) != 0) {
        error = errno;
        ::close(fd);
        return -1;
    }
    error = 0;
    return fd;
}

int connect_or_fail(std::uint16_t port) {
    int error = 0;
    const int fd = connect_to(port, error);
    INFO("connect errno " << error);
    REQUIRE(fd >= 0);
    timeval timeout{10, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    return fd;
}

void send_bytes(int fd, const Bytes& bytes) {
    REQUIRE(::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL) ==
            static_cast<ssize_t>(bytes.size()));
}

/// Reads until n bytes arrived or the stream ended.
Bytes read_bytes(int fd, std::size_t n) {
    Bytes out(n);
    std::size_t got = 0;
    while (got < n) {
        const ssize_t r = ::recv(fd, out.data() + got, n - got, 0);
        if (r <= 0) {
            break;
        }
        got += static_cast<std::size_t>(r);
    }
    out.resize(got);
    return out;
}

/// True when the peer ends the stream (FIN or reset) within the timeout; data before the end
/// is skipped.
bool ends_within(int fd, std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        pollfd pfd{fd, POLLIN, 0};
        if (left.count() <= 0 || ::poll(&pfd, 1, static_cast<int>(left.count())) <= 0) {
            return false;
        }
        std::array<char, 512> skipped{};
        const ssize_t r = ::recv(fd, skipped.data(), skipped.size(), MSG_DONTWAIT);
        if (r == 0 || (r < 0 && errno == ECONNRESET)) {
            return true;
        }
        if (r < 0 && errno != EAGAIN && errno != EINTR) {
            return false;
        }
    }
}

template <typename Predicate> bool eventually(Predicate predicate) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (std::chrono::steady_clock::now() < deadline) {
        if (predicate()) {
            return true;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return predicate();
}

using SslCtxFree = rdpmedic::openssl::Free<SSL_CTX_free>;
using SslFree = rdpmedic::openssl::Free<SSL_free>;
using X509Free = rdpmedic::openssl::Free<X509_free>;
using SslCtxPtr = std::unique_ptr<SSL_CTX, SslCtxFree>;
using SslPtr = std::unique_ptr<SSL, SslFree>;
using X509Ptr = std::unique_ptr<X509, X509Free>;

struct TlsResult {
    bool handshake = false;
    int version = 0;
    long verify_result = X509_V_OK;
    X509Ptr peer;
};

/// The RDP preamble, then a TLS handshake on the same socket. trust_ca: verify against it
/// (the result is in verify_result; the handshake never aborts on it).
TlsResult tls_after_negotiation(std::uint16_t port, SSL_CTX* ctx) {
    Socket socket(connect_or_fail(port));
    send_bytes(socket.get(), connection_request);
    REQUIRE(read_bytes(socket.get(), ssl_selected.size()) == ssl_selected);
    SslPtr ssl(SSL_new(ctx));
    REQUIRE(ssl);
    SSL_set_fd(ssl.get(), socket.get());
    TlsResult result;
    result.handshake = SSL_connect(ssl.get()) == 1;
    ERR_clear_error();
    if (result.handshake) {
        result.version = SSL_version(ssl.get());
        result.verify_result = SSL_get_verify_result(ssl.get());
        result.peer.reset(SSL_get1_peer_certificate(ssl.get()));
        SSL_shutdown(ssl.get());
    }
    return result;
}

SslCtxPtr client_context(const Lab* trust = nullptr) {
    SslCtxPtr ctx(SSL_CTX_new(TLS_client_method()));
    REQUIRE(ctx);
    SSL_CTX_set_verify(ctx.get(), SSL_VERIFY_NONE, nullptr);
    if (trust != nullptr) {
        REQUIRE(SSL_CTX_load_verify_locations(ctx.get(), trust->ca_certificate().c_str(),
                                              nullptr) == 1);
    }
    return ctx;
}

bool names_host(X509* cert, const char* host) {
    return X509_check_host(cert, host, 0, 0, nullptr) == 1;
}

bool is_self_signed(X509* cert) {
    return X509_NAME_cmp(X509_get_subject_name(cert), X509_get_issuer_name(cert)) == 0 &&
           X509_verify(cert, X509_get0_pubkey(cert)) == 1;
}

LabOptions with_fault(FaultSpec spec) {
    LabOptions options;
    options.initial = spec;
    return options;
}

} // namespace

TEST_CASE("fault ids round-trip", "[lab]") {
    for (const FaultSpec& spec : rdpmedic::lab::all_faults()) {
        const auto parsed = rdpmedic::lab::parse_fault(rdpmedic::lab::to_id(spec));
        REQUIRE(parsed);
        CHECK(*parsed == spec);
    }
    CHECK(rdpmedic::lab::to_id(FaultSpec{Fault::NegoFailure, 3}) == "nego-failure-3");
    CHECK(rdpmedic::lab::to_id(Fault::AcceptThenClose) == "accept-close");
    CHECK_FALSE(rdpmedic::lab::parse_fault("nego-failure"));
    CHECK_FALSE(rdpmedic::lab::parse_fault("nego-failure-7"));
    CHECK_FALSE(rdpmedic::lab::parse_fault("nego-failure-3x"));
    CHECK_FALSE(rdpmedic::lab::parse_fault("Healthy"));
    CHECK_FALSE(rdpmedic::lab::parse_fault(""));
}

TEST_CASE("a closed port refuses, and reopens on the same port", "[lab]") {
    Lab lab(with_fault({Fault::PortClosed, 0}));
    int error = 0;
    CHECK(connect_to(lab.port(), error) < 0);
    CHECK(error == ECONNREFUSED);

    lab.set_fault({Fault::AcceptThenClose, 0});
    Socket socket(connect_or_fail(lab.port()));
    CHECK(ends_within(socket.get(), std::chrono::seconds(5)));

    lab.set_fault({Fault::PortClosed, 0});
    CHECK(connect_to(lab.port(), error) < 0);
    CHECK(error == ECONNREFUSED);
    CHECK(lab.connection_count() == 1);
}

TEST_CASE("accept-then-close ends the stream and records who closed", "[lab]") {
    Lab lab(with_fault({Fault::AcceptThenClose, 0}));
    Socket socket(connect_or_fail(lab.port()));
    CHECK(ends_within(socket.get(), std::chrono::seconds(5)));
    REQUIRE(eventually([&] { return lab.connection_count() == 1; }));
    REQUIRE(eventually([&] { return lab.connections().front().closed_by_lab.has_value(); }));
    const Lab::Connection c = lab.connections().front();
    CHECK(c.served == FaultSpec{Fault::AcceptThenClose, 0});
    CHECK(*c.closed_by_lab >= c.accepted);
}

TEST_CASE("accept-then-stall reads but never answers", "[lab]") {
    Lab lab(with_fault({Fault::AcceptThenStall, 0}));
    Socket socket(connect_or_fail(lab.port()));
    send_bytes(socket.get(), connection_request);
    pollfd pfd{socket.get(), POLLIN, 0};
    CHECK(::poll(&pfd, 1, 700) == 0);
    // Garbage is swallowed too, and the connection stays open.
    send_bytes(socket.get(), Bytes(1000, 0xAB));
    CHECK(::poll(&pfd, 1, 300) == 0);
    CHECK_FALSE(lab.connections().front().closed_by_lab);
}

TEST_CASE("nego failure answers RDP_NEG_FAILURE with each code, then closes", "[lab]") {
    for (int code = 1; code <= 6; ++code) {
        Lab lab(with_fault({Fault::NegoFailure, code}));
        Socket socket(connect_or_fail(lab.port()));
        send_bytes(socket.get(), connection_request);
        CHECK(read_bytes(socket.get(), 19) == nego_failure(static_cast<unsigned char>(code)));
        CHECK(ends_within(socket.get(), std::chrono::seconds(5)));
    }
}

TEST_CASE("the lab survives clients that misbehave", "[lab]") {
    Lab lab(with_fault({Fault::NegoFailure, 2}));
    {
        // Not TPKT at all: dropped without an answer.
        Socket socket(connect_or_fail(lab.port()));
        send_bytes(socket.get(), Bytes{'G', 'E', 'T', ' ', '/', ' ', 'H', 'T', 'T', 'P'});
        CHECK(ends_within(socket.get(), std::chrono::seconds(5)));
    }
    {
        // Half a request, then gone.
        Socket socket(connect_or_fail(lab.port()));
        send_bytes(socket.get(), Bytes(connection_request.begin(), connection_request.begin() + 7));
    }
    for (const Fault fault : {Fault::TlsExpiredCert, Fault::TlsVersionMismatch}) {
        lab.set_fault({fault, 0});
        // TLS expected, garbage sent.
        Socket socket(connect_or_fail(lab.port()));
        send_bytes(socket.get(), connection_request);
        REQUIRE(read_bytes(socket.get(), 19) == ssl_selected);
        send_bytes(socket.get(), Bytes(600, 0x16));
        CHECK(ends_within(socket.get(), std::chrono::seconds(5)));
    }
    lab.set_fault({Fault::NegoFailure, 5});
    Socket socket(connect_or_fail(lab.port()));
    send_bytes(socket.get(), connection_request);
    CHECK(read_bytes(socket.get(), 19) == nego_failure(5));
}

TEST_CASE("TLS faults present the right certificates", "[lab]") {
    Lab lab(with_fault({Fault::TlsExpiredCert, 0}));
    const SslCtxPtr ctx = client_context(&lab);

    SECTION("expired: for localhost, from the lab CA, notAfter in the past") {
        const TlsResult r = tls_after_negotiation(lab.port(), ctx.get());
        REQUIRE(r.handshake);
        REQUIRE(r.peer);
        CHECK(X509_cmp_current_time(X509_get0_notAfter(r.peer.get())) < 0);
        CHECK(names_host(r.peer.get(), "localhost"));
        CHECK_FALSE(is_self_signed(r.peer.get()));
        CHECK(r.verify_result == X509_V_ERR_CERT_HAS_EXPIRED);
    }
    SECTION("wrong name: valid now, from the lab CA, not for localhost") {
        lab.set_fault({Fault::TlsWrongName, 0});
        const TlsResult r = tls_after_negotiation(lab.port(), ctx.get());
        REQUIRE(r.handshake);
        REQUIRE(r.peer);
        CHECK(r.verify_result == X509_V_OK);
        CHECK_FALSE(names_host(r.peer.get(), "localhost"));
        CHECK(names_host(r.peer.get(), "wrong-host.invalid"));
        CHECK(X509_cmp_current_time(X509_get0_notAfter(r.peer.get())) > 0);
    }
    SECTION("self-signed: for localhost, valid now, not from the lab CA") {
        lab.set_fault({Fault::TlsSelfSigned, 0});
        const TlsResult r = tls_after_negotiation(lab.port(), ctx.get());
        REQUIRE(r.handshake);
        REQUIRE(r.peer);
        CHECK(is_self_signed(r.peer.get()));
        CHECK(names_host(r.peer.get(), "localhost"));
        CHECK(X509_cmp_current_time(X509_get0_notAfter(r.peer.get())) > 0);
        CHECK(r.verify_result == X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT);
    }
    SECTION("version mismatch: a TLS 1.2+ client is refused, only TLS 1.0 gets through") {
        lab.set_fault({Fault::TlsVersionMismatch, 0});
        const SslCtxPtr modern = client_context();
        REQUIRE(SSL_CTX_set_min_proto_version(modern.get(), TLS1_2_VERSION) == 1);
        CHECK_FALSE(tls_after_negotiation(lab.port(), modern.get()).handshake);

        const SslCtxPtr legacy = client_context();
        SSL_CTX_set_security_level(legacy.get(), 0);
        REQUIRE(SSL_CTX_set_min_proto_version(legacy.get(), TLS1_VERSION) == 1);
        REQUIRE(SSL_CTX_set_cipher_list(legacy.get(), "DEFAULT:@SECLEVEL=0") == 1);
        const TlsResult r = tls_after_negotiation(lab.port(), legacy.get());
        CHECK(r.handshake);
        CHECK(r.version == TLS1_VERSION);
    }
}

TEST_CASE("xrdp as an outdated server speaks TLS 1.0 only, behind a real RDP negotiation", "[lab]") {
    LabOptions options;
    options.xrdp_tls10_only = true;
    Lab lab(options);
    const auto handshake = [&](SSL_CTX* ctx) {
        Socket socket(connect_or_fail(lab.port()));
        send_bytes(socket.get(), connection_request);
        const Bytes reply = read_bytes(socket.get(), 19);
        REQUIRE(reply.size() == 19);
        CHECK(reply[15] == 0x01); // xrdp itself selected PROTOCOL_SSL
        SslPtr ssl(SSL_new(ctx));
        SSL_set_fd(ssl.get(), socket.get());
        const bool ok = SSL_connect(ssl.get()) == 1;
        const int version = ok ? SSL_version(ssl.get()) : 0;
        ERR_clear_error();
        return std::pair{ok, version};
    };
    const SslCtxPtr modern = client_context(&lab);
    SSL_CTX_set_security_level(modern.get(), 1); // FreeRDP 2.11's default level
    CHECK_FALSE(handshake(modern.get()).first);

    const SslCtxPtr legacy = client_context(&lab);
    SSL_CTX_set_security_level(legacy.get(), 0);
    REQUIRE(SSL_CTX_set_min_proto_version(legacy.get(), TLS1_VERSION) == 1);
    const auto [ok, version] = handshake(legacy.get());
    CHECK(ok);
    CHECK(version == TLS1_VERSION);
    CHECK(lab.connections().front().served == FaultSpec{}); // healthy: forwarded to xrdp
}

TEST_CASE("a TLS fault refuses a client that does not offer TLS", "[lab]") {
    Lab lab(with_fault({Fault::TlsWrongName, 0}));
    Socket socket(connect_or_fail(lab.port()));
    send_bytes(socket.get(), rdp_only_request);
    CHECK(read_bytes(socket.get(), 19) == nego_failure(1));
}

TEST_CASE("healthy forwards to xrdp, whose certificate the lab CA vouches for", "[lab]") {
    Lab lab;
    CHECK(lab.certificate_host() == "localhost");
    CHECK(std::filesystem::exists(lab.ca_certificate()));
    {
        Socket socket(connect_or_fail(lab.port()));
        send_bytes(socket.get(), connection_request);
        const Bytes reply = read_bytes(socket.get(), 19);
        REQUIRE(reply.size() == 19);
        CHECK(reply[0] == 0x03);
        CHECK(reply[5] == 0xD0);  // Connection Confirm
        CHECK(reply[11] == 0x02); // RDP_NEG_RSP
        CHECK(reply[15] == 0x01); // PROTOCOL_SSL
    }
    SslCtxPtr ctx = client_context(&lab);
    SSL_CTX_set_verify(ctx.get(), SSL_VERIFY_PEER, nullptr);
    X509_VERIFY_PARAM_set1_host(SSL_CTX_get0_param(ctx.get()), "localhost", 0);
    Socket socket(connect_or_fail(lab.port()));
    send_bytes(socket.get(), connection_request);
    REQUIRE(read_bytes(socket.get(), 19).size() == 19);
    SslPtr ssl(SSL_new(ctx.get()));
    SSL_set_fd(ssl.get(), socket.get());
    CHECK(SSL_connect(ssl.get()) == 1);
    CHECK(SSL_get_verify_result(ssl.get()) == X509_V_OK);
    ERR_clear_error();

    const auto connections = lab.connections();
    REQUIRE(connections.size() == 2);
    CHECK(connections[0].served == FaultSpec{});
}

TEST_CASE("a fault that clears after N connections", "[lab]") {
    LabOptions options = with_fault({Fault::NegoFailure, 5});
    options.fault_connections = 2;
    Lab lab(options);
    for (int i = 0; i < 2; ++i) {
        Socket socket(connect_or_fail(lab.port()));
        send_bytes(socket.get(), connection_request);
        CHECK(read_bytes(socket.get(), 19) == nego_failure(5));
    }
    CHECK(lab.fault() == FaultSpec{});
    Socket socket(connect_or_fail(lab.port()));
    send_bytes(socket.get(), connection_request);
    const Bytes reply = read_bytes(socket.get(), 19);
    REQUIRE(reply.size() == 19);
    CHECK(reply[11] == 0x02); // xrdp's RDP_NEG_RSP

    lab.set_fault({Fault::AcceptThenClose, 0}, 1);
    CHECK(lab.fault().fault == Fault::AcceptThenClose);
    {
        Socket closed(connect_or_fail(lab.port()));
        CHECK(ends_within(closed.get(), std::chrono::seconds(5)));
    }
    CHECK(lab.fault() == FaultSpec{});
    lab.set_fault({Fault::AcceptThenClose, 0}, 0);
    CHECK(lab.fault() == FaultSpec{});

    const auto served = lab.connections();
    REQUIRE(served.size() == 4);
    CHECK(served[0].served.fault == Fault::NegoFailure);
    CHECK(served[2].served.fault == Fault::Healthy);
    CHECK(served[3].served.fault == Fault::AcceptThenClose);
}

TEST_CASE("bad arguments are refused", "[lab]") {
    CHECK_THROWS_AS(Lab(with_fault({Fault::NegoFailure, 0})), std::invalid_argument);
    LabOptions bad_name;
    bad_name.server_name = "a,DNS:b";
    CHECK_THROWS_WITH(Lab(bad_name), Catch::Contains("DNS name") && Catch::Contains("a,DNS:b"));
    LabOptions options;
    options.xrdp_security_layer = "nla";
    CHECK_THROWS_AS(Lab(options), std::runtime_error);
    Lab lab;
    CHECK_THROWS_AS(lab.set_fault({Fault::NegoFailure, 7}), std::invalid_argument);
    Lab other;
    LabOptions same_port;
    same_port.port = lab.port();
    CHECK_THROWS_AS(Lab(same_port), std::runtime_error);
}

TEST_CASE("stopping with clients still connected does not hang", "[lab]") {
    const auto start = std::chrono::steady_clock::now();
    std::vector<std::unique_ptr<Socket>> sockets;
    {
        Lab lab(with_fault({Fault::AcceptThenStall, 0}));
        for (int i = 0; i < 5; ++i) {
            sockets.push_back(std::make_unique<Socket>(connect_or_fail(lab.port())));
        }
        lab.set_fault({Fault::TlsSelfSigned, 0});
        sockets.push_back(std::make_unique<Socket>(connect_or_fail(lab.port())));
        lab.set_fault({});
        sockets.push_back(std::make_unique<Socket>(connect_or_fail(lab.port())));
        send_bytes(sockets.back()->get(), connection_request);
        REQUIRE(eventually([&] { return lab.connection_count() == 7; }));
    }
    CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(8));
    for (const auto& socket : sockets) {
        CHECK(ends_within(socket->get(), std::chrono::seconds(2)));
    }
}

TEST_CASE("a virtual display for the real client", "[lab]") {
    rdpmedic::lab::VirtualDisplay display;
    const std::string name = display.name();
    REQUIRE(name.size() >= 2);
    CHECK(name[0] == ':');
    CHECK(std::filesystem::exists("/tmp/.X11-unix/X" + name.substr(1)));
}

TEST_CASE("the certificates carry the server name the lab is given", "[lab]") {
    LabOptions options = with_fault({Fault::TlsExpiredCert, 0});
    options.server_name = "rdp.lab.test";
    Lab lab(options);
    CHECK(lab.certificate_host() == "rdp.lab.test");
    const SslCtxPtr ctx = client_context(&lab);
    const TlsResult r = tls_after_negotiation(lab.port(), ctx.get());
    REQUIRE(r.peer);
    CHECK(names_host(r.peer.get(), "rdp.lab.test"));
    CHECK_FALSE(names_host(r.peer.get(), "localhost"));
}

TEST_CASE("a wildcard server name gives certificates for every name in its domain", "[lab]") {
    LabOptions options = with_fault({Fault::TlsSelfSigned, 0});
    options.server_name = "*.farm.test";
    Lab lab(options);
    const SslCtxPtr ctx = client_context(&lab);
    const TlsResult r = tls_after_negotiation(lab.port(), ctx.get());
    REQUIRE(r.peer);
    CHECK(names_host(r.peer.get(), "rdp-0001.farm.test"));
    CHECK(names_host(r.peer.get(), "rdp-0999.farm.test"));
    CHECK_FALSE(names_host(r.peer.get(), "farm.test"));
    CHECK_FALSE(names_host(r.peer.get(), "a.b.farm.test"));
    LabOptions bad;
    bad.server_name = "*.";
    CHECK_THROWS_AS(Lab(bad), std::invalid_argument);
    bad.server_name = "*.a,DNS:b";
    CHECK_THROWS_AS(Lab(bad), std::invalid_argument);
}

namespace {

std::string output_of(const std::string& command) {
    std::string out;
    if (FILE* pipe = ::popen((command + " 2>&1").c_str(), "r")) {
        char buffer[512];
        while (std::fgets(buffer, sizeof buffer, pipe)) {
            out += buffer;
        }
        ::pclose(pipe);
    }
    return out;
}

} // namespace

TEST_CASE("a network namespace of its own: addresses, hosts order, rules, nothing left behind", "[lab]") {
    rdpmedic::lab::NamespaceOptions options;
    options.loopback_addresses = {"127.0.0.2"};
    options.hosts = {"127.0.0.2 rdp.lab.test", "127.0.0.1 rdp.lab.test"};
    options.nftables_rules = "table inet lab_check {\n chain output {\n type filter hook output priority 0;\n"
                             " ip daddr 127.0.0.2 drop\n }\n}\n";
    std::string name;
    {
        const rdpmedic::lab::NetworkNamespace ns(options);
        name = ns.name();
        CHECK(std::filesystem::exists("/run/netns/" + name));
        std::string inside;
        for (const auto& part : ns.exec_prefix()) {
            inside += part + " ";
        }
        // The hosts file's order survives the resolver's sorting: the stale address first.
        const std::string resolved = output_of(inside + "getent ahostsv4 rdp.lab.test");
        CHECK(resolved.find("127.0.0.2") < resolved.find("127.0.0.1"));
        CHECK_THAT(output_of(inside + "nft list ruleset"), Catch::Contains("ip daddr 127.0.0.2 drop"));
        // Outside, nothing changed: the name is unknown and the rules are not there.
        CHECK(output_of("getent ahostsv4 rdp.lab.test").empty());
    }
    CHECK_FALSE(std::filesystem::exists("/run/netns/" + name));
    CHECK_FALSE(std::filesystem::exists("/etc/netns/" + name));

    rdpmedic::lab::NamespaceOptions bad;
    bad.loopback_addresses = {"127.0.0.300"};
    CHECK_THROWS_WITH(rdpmedic::lab::NetworkNamespace(bad), Catch::Contains("127.0.0.300") &&
                                                             Catch::Contains("not an IPv4 or IPv6 address"));
    bad.loopback_addresses = {};
    bad.nftables_rules = "this is not nftables";
    CHECK_THROWS_WITH(rdpmedic::lab::NetworkNamespace(bad), Catch::Contains("nft") && Catch::Contains("failed"));
    // A namespace whose set-up failed half-way is removed too.
    CHECK_THAT(output_of("ip netns list"), !Catch::Contains("rdpmedic-" + std::to_string(::getpid()) + "-"));
}
