// One diagnosis against the healthy lab (real xrdp) vs the bare floor measured in the same
// run: a plain TCP connect, the 19-byte X.224 exchange the lab's xrdp insists on before TLS,
// and an OpenSSL handshake. Twice: dialling the IP literal 127.0.0.1 (the dns layer has
// nothing to look up) and the name "localhost", which resolves to 127.0.0.1 through
// /etc/hosts (the floor then pays for a getaddrinfo() too, and the diagnosis for its two
// lookups). Then nmap's rdp-enum-encryption on the same port, for comparison.
// Prints figures; not a pass/fail test. Usage: rdpmedic-bench-diagnosis [ROUNDS]
#include "bench_report.h"
#include "rdp_floor.h"
#include "rdpmedic/lab/lab.h"
#include "rdpmedic/probe/probe.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <openssl/ssl.h>
#include <string>
#include <vector>

using rdpmedic::bench::floor_once;
using rdpmedic::bench::ms_since;
using rdpmedic::bench::Steady;

namespace {

// Whether the diagnosis found the healthy lab, and for a name looked it up (not as a literal)
// and found 127.0.0.1.
bool healthy(const rdpmedic::Diagnosis& diagnosis, bool named) {
    if (diagnosis.verdict.cause != "none") {
        return false;
    }
    const rdpmedic::Layer* dns = diagnosis.layer("dns");
    if (!named) {
        return true;
    }
    return dns != nullptr && dns->status == rdpmedic::LayerStatus::Ok && !dns->detail.contains("literal") &&
           std::find(diagnosis.addresses.begin(), diagnosis.addresses.end(), "127.0.0.1") != diagnosis.addresses.end();
}

struct Figures {
    double floor_ms = 0;
    double diagnosis_ms = 0;
    int floor_failures = 0;
    int unexpected = 0;
};

Figures measure(SSL_CTX* ctx, rdpmedic::probe::Probe& probe, const rdpmedic::DiagnoseOptions& options,
                const std::string& host, std::uint16_t port, int rounds) {
    const rdpmedic::Target target{host, port};
    const bool named = host != "127.0.0.1";
    std::vector<double> floor_ms, diagnosis_ms;
    Figures figures;
    for (int i = 0; i < rounds; ++i) {
        auto start = Steady::now();
        figures.floor_failures += floor_once(ctx, host, port) ? 0 : 1;
        floor_ms.push_back(ms_since(start));
        start = Steady::now();
        const auto d = probe.diagnose(target, options);
        diagnosis_ms.push_back(ms_since(start));
        figures.unexpected += healthy(d, named) ? 0 : 1;
    }
    figures.floor_ms = rdpmedic::bench::median(floor_ms);
    figures.diagnosis_ms = rdpmedic::bench::median(diagnosis_ms);
    return figures;
}

} // namespace

int main(int argc, char** argv) {
    const int rounds = argc > 1 ? std::max(1, std::atoi(argv[1])) : 30;
    rdpmedic::lab::Lab lab;
    rdpmedic::probe::Probe probe(rdpmedic::probe::ProbeSettings{lab.ca_certificate()});
    rdpmedic::DiagnoseOptions options;
    options.expected_name = lab.certificate_host();
    SSL_CTX* ctx = SSL_CTX_new(TLS_client_method());
    SSL_CTX_set_verify(ctx, SSL_VERIFY_NONE, nullptr);

    // One warm-up each: xrdp's first connection pays for loading its key.
    floor_once(ctx, "127.0.0.1", lab.port());
    (void)probe.diagnose(rdpmedic::Target{"127.0.0.1", lab.port()}, options);

    const rdpmedic::bench::Target target{"ratio diagnosis/floor", 1.3, "", true};
    rdpmedic::bench::Table table("diagnosis", {"dialled", "floor: lookup + TCP + X.224 + TLS",
                                               "diagnosis: dns, tcp, x224, tls, cert", "ratio", "target " + target.text()});
    std::printf("diagnosis vs floor, healthy lab (xrdp), %d rounds each, medians:\n", rounds);
    struct Dialled {
        const char* host;
        const char* label;
    };
    for (const Dialled dialled : {Dialled{"127.0.0.1", "IP literal 127.0.0.1 (nothing to resolve)"},
                                  Dialled{"localhost", "name localhost (/etc/hosts: 127.0.0.1)"}}) {
        const Figures f = measure(ctx, probe, options, dialled.host, lab.port(), rounds);
        const double ratio = f.floor_ms > 0 ? f.diagnosis_ms / f.floor_ms : 0.0;
        std::printf(" %s\n", dialled.label);
        std::printf("  floor (lookup + TCP connect + X.224 + TLS handshake): %.2f ms (%d failed)\n", f.floor_ms,
                    f.floor_failures);
        std::printf("  diagnosis (dns, tcp, x224, tls, cert):                %.2f ms (%d not healthy%s)\n",
                    f.diagnosis_ms, f.unexpected, dialled.host == std::string("127.0.0.1") ? "" : " or not resolved");
        rdpmedic::bench::report({target.figure + ", " + dialled.host, target.limit, target.unit, target.inclusive}, ratio);
        table.row({dialled.label, rdpmedic::bench::fixed(f.floor_ms, 2) + " ms",
                   rdpmedic::bench::fixed(f.diagnosis_ms, 2) + " ms" +
                       (f.unexpected > 0 ? " (" + std::to_string(f.unexpected) + " not healthy)" : ""),
                   rdpmedic::bench::fixed(ratio, 2), rdpmedic::bench::verdict(target, ratio)});
    }
    SSL_CTX_free(ctx);

    // "+" runs the script although the lab's port is not 3389 (its port rule would skip it).
    const std::string command = "nmap -Pn -n -p " + std::to_string(lab.port()) +
                                " --script +rdp-enum-encryption 127.0.0.1 > /tmp/rdpmedic-bench-nmap.txt 2>&1";
    if (std::system("command -v nmap > /dev/null 2>&1") != 0) {
        std::printf("  nmap rdp-enum-encryption: nmap is not installed (scripts/install-deps.sh)\n");
        table.print();
        return 0;
    }
    const auto start = Steady::now();
    const int rc = std::system(command.c_str());
    const double n = ms_since(start);
    const bool printed = std::system("grep -q 'rdp-enum-encryption' /tmp/rdpmedic-bench-nmap.txt") == 0;
    std::printf("  nmap -p PORT --script +rdp-enum-encryption 127.0.0.1: %.0f ms (exit %d)%s\n", n, rc,
                printed ? "" : " (the script printed nothing: see /tmp/rdpmedic-bench-nmap.txt)");
    table.row({"nmap `--script +rdp-enum-encryption` 127.0.0.1", "", rdpmedic::bench::fixed(n, 0) + " ms", "", ""});
    table.print();
    return 0;
}
