// One diagnosis against the healthy lab (real xrdp) vs the bare floor measured in the same
// run: a plain TCP connect, the 19-byte X.224 exchange the lab's xrdp insists on before TLS,
// and an OpenSSL handshake. Then nmap's rdp-enum-encryption on the same port, for comparison.
// Prints figures; not a pass/fail test. Usage: rdpmedic-bench-diagnosis [ROUNDS]
#include "rdpmedic/lab/lab.h"
#include "rdpmedic/probe/probe.h"
#include "rdpmedic/probe/x224.h"

#include <algorithm>
#include <arpa/inet.h>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/ssl.h>
#include <string>
#include <sys/socket.h>
#include <unistd.h>
#include <vector>

using Steady = std::chrono::steady_clock;

namespace {

double ms(Steady::duration d) {
    return std::chrono::duration<double, std::milli>(d).count();
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v.empty() ? 0 : v[v.size() / 2];
}

// Blocking and minimal on purpose: this is the floor any probe has to pay.
bool floor_once(SSL_CTX* ctx, std::uint16_t port) {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    const int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    bool ok = ::connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) == 0;
    const auto request = rdpmedic::probe::x224_connection_request(rdpmedic::probe::kProtocolSsl);
    std::uint8_t reply[19];
    ok = ok && ::send(fd, request.data(), request.size(), MSG_NOSIGNAL) ==
                   static_cast<ssize_t>(request.size());
    ok = ok && ::recv(fd, reply, sizeof reply, MSG_WAITALL) == static_cast<ssize_t>(sizeof reply);
    SSL* ssl = SSL_new(ctx);
    ok = ok && SSL_set_fd(ssl, fd) == 1 && SSL_connect(ssl) == 1;
    SSL_free(ssl);
    ::close(fd);
    return ok;
}

} // namespace

int main(int argc, char** argv) {
    const int rounds = argc > 1 ? std::max(1, std::atoi(argv[1])) : 30;
    rdpmedic::lab::Lab lab;
    rdpmedic::probe::Probe probe(rdpmedic::probe::ProbeSettings{lab.ca_certificate()});
    rdpmedic::DiagnoseOptions options;
    options.expected_name = lab.certificate_host();
    const rdpmedic::Target target{"127.0.0.1", lab.port()};
    SSL_CTX* ctx = SSL_CTX_new(TLS_client_method());
    SSL_CTX_set_verify(ctx, SSL_VERIFY_NONE, nullptr);

    // One warm-up each: xrdp's first connection pays for loading its key.
    floor_once(ctx, lab.port());
    (void)probe.diagnose(target, options);

    std::vector<double> floor_ms, diagnosis_ms;
    int floor_failures = 0;
    int unexpected = 0;
    for (int i = 0; i < rounds; ++i) {
        auto start = Steady::now();
        floor_failures += floor_once(ctx, lab.port()) ? 0 : 1;
        floor_ms.push_back(ms(Steady::now() - start));
        start = Steady::now();
        const auto d = probe.diagnose(target, options);
        diagnosis_ms.push_back(ms(Steady::now() - start));
        unexpected += d.verdict.cause == "none" ? 0 : 1;
    }
    SSL_CTX_free(ctx);
    const double f = median(floor_ms);
    const double d = median(diagnosis_ms);
    std::printf("diagnosis vs floor, healthy lab (xrdp), %d rounds, medians:\n", rounds);
    std::printf("  floor (TCP connect + X.224 + TLS handshake): %.2f ms (%d failed)\n", f,
                floor_failures);
    std::printf("  diagnosis (dns, tcp, x224, tls, cert):       %.2f ms (%d not healthy)\n", d,
                unexpected);
    std::printf("  ratio diagnosis/floor: %.2f (target <= 1.3)\n", f > 0 ? d / f : 0.0);

    // "+" runs the script although the lab's port is not 3389 (its port rule would skip it).
    const std::string command =
        "nmap -Pn -n -p " + std::to_string(lab.port()) +
        " --script +rdp-enum-encryption 127.0.0.1 > /tmp/rdpmedic-bench-nmap.txt 2>&1";
    if (std::system("command -v nmap > /dev/null 2>&1") != 0) {
        std::printf(
            "  nmap rdp-enum-encryption: nmap is not installed (scripts/install-deps.sh)\n");
        return 0;
    }
    const auto start = Steady::now();
    const int rc = std::system(command.c_str());
    const double n = ms(Steady::now() - start);
    std::printf(
        "  nmap -p PORT --script +rdp-enum-encryption: %.0f ms (exit %d), %.0fx one diagnosis%s\n",
        n, rc, d > 0 ? n / d : 0.0,
        std::system("grep -q 'rdp-enum-encryption' /tmp/rdpmedic-bench-nmap.txt") == 0
            ? ""
            : " (the script printed nothing: see /tmp/rdpmedic-bench-nmap.txt)");
    return 0;
}
