#include "rdpmedic/probe/probe.h"

#include "net.h"
#include "nla_exchange.h"
#include "certificate_check.h"
#include "gateway_probe.h"
#include "path_mtu.h"
#include "rdpmedic/core/composed_texts.h"
#include "rdpmedic/core/join.h"
#include "rdpmedic/i18n/filled.h"
#include "rdpmedic/probe/x224.h"
#include "tls.h"
#include "tls_channel.h"

#include <algorithm>
#include <cstdio>

namespace rdpmedic::probe {

namespace {

using Steady = std::chrono::steady_clock;
using std::chrono::milliseconds;

constexpr std::uint32_t kRequested = kProtocolSsl | kProtocolHybrid | kProtocolHybridEx;
// A Connection Confirm is 19 bytes; anything far longer is not one.
constexpr std::size_t kMaxReply = 1024;
constexpr std::size_t kEvidenceBytes = 32;

milliseconds since(Steady::time_point start) {
    return std::chrono::duration_cast<milliseconds>(Steady::now() - start);
}

std::string ms_text(milliseconds ms) {
    return std::to_string(ms.count()) + " ms";
}


std::string hex_prefix(const std::vector<std::uint8_t>& bytes) {
    std::string out;
    char part[4];
    for (std::size_t i = 0; i < bytes.size() && i < kEvidenceBytes; ++i) {
        std::snprintf(part, sizeof part, i == 0 ? "%02x" : " %02x",
                      static_cast<unsigned>(bytes[i]));
        out += part;
    }
    return out;
}

struct Run {
    Diagnosis d;
    Steady::time_point deadline;
    milliseconds step;

    net::Deadline step_deadline() const { return std::min(Steady::now() + step, deadline); }
    bool out_of_time() const { return Steady::now() >= deadline; }

    void add(std::string id, Severity severity, std::string summary,
             std::map<std::string, std::string> evidence = {}) {
        d.findings.push_back({std::move(id), severity, std::move(summary), std::move(evidence)});
    }
    Layer& layer(const char* name, LayerStatus status, milliseconds elapsed) {
        d.layers.push_back({name, status, elapsed, {}});
        return d.layers.back();
    }
    void skip_from(const char* first) {
        static constexpr const char* kOrder[] = {"dns", "tcp", "x224", "tls", "cert"};
        bool skipping = false;
        for (const char* name : kOrder) {
            skipping = skipping || std::string_view(name) == first;
            if (skipping) {
                layer(name, LayerStatus::Skipped, milliseconds(0));
            }
        }
    }
};

enum class NegotiationEnd { Tls, Stop };

struct Negotiated {
    NegotiationEnd end = NegotiationEnd::Stop;
    std::uint32_t protocol = 0;
    /// The RDP_NEG_FAILURE code, 0 without one.
    std::uint32_t failure_code = 0;
};

// Sends the Connection Request offering `requested` and reads the Confirm. With `record`,
// adds the x224 layer and its findings; the second TLS attempt and the NLA check repeat
// this silently.
Negotiated negotiate(Run& run, net::Connection& connection, bool record,
                     std::uint32_t requested = kRequested) {
    const auto start = Steady::now();
    const auto deadline = run.step_deadline();
    const auto request = x224_connection_request(requested);
    std::vector<std::uint8_t> reply;
    auto io = connection.send_all(request, deadline);
    X224Reply parsed;
    while (io == net::Connection::Io::Ok) {
        parsed = parse_x224_reply(reply);
        if (parsed.kind != X224Reply::Kind::Incomplete) {
            break;
        }
        if (reply.size() >= kMaxReply) {
            break;
        }
        io = connection.receive(reply, kMaxReply - reply.size(), deadline);
    }
    if (io == net::Connection::Io::Ok) {
        parsed = parse_x224_reply(reply);
    }
    Negotiated out;
    if (!record) {
        if (parsed.kind == X224Reply::Kind::Selected && parsed.protocol != kProtocolRdp) {
            out.end = NegotiationEnd::Tls;
            out.protocol = parsed.protocol;
        } else if (parsed.kind == X224Reply::Kind::Failure) {
            out.failure_code = parsed.failure_code;
        }
        return out;
    }
    const auto elapsed = since(start);
    Layer& layer = run.layer("x224", LayerStatus::Fail, elapsed);
    layer.detail["requested"] = protocol_names(kRequested);
    if (!reply.empty()) {
        layer.detail["reply"] = hex_prefix(reply);
    }
    const std::string after = ms_text(elapsed);
    if (reply.empty() ||
        (parsed.kind == X224Reply::Kind::Incomplete && io != net::Connection::Io::TimedOut)) {
        if (reply.empty() && io == net::Connection::Io::TimedOut) {
            layer.detail["outcome"] = "no answer";
            run.add("x224.timeout", Severity::Error,
                    N_("the server accepted the connection but did not answer the RDP Connection "
                       "Request"),
                    {{"waited", after}});
            return out;
        }
        if (reply.empty()) {
            layer.detail["outcome"] = io == net::Connection::Io::Reset ? "reset" : "closed";
            run.add(
                "x224.closed", Severity::Error,
                N_("the server accepted the connection, then closed it without answering the RDP "
                   "Connection Request (what mstsc reports as 0x904)"),
                {{"after", after}, {"how", io == net::Connection::Io::Reset ? "reset" : "closed"}});
            return out;
        }
    }
    if (parsed.kind == X224Reply::Kind::Incomplete || parsed.kind == X224Reply::Kind::NotRdp) {
        const std::string why =
            parsed.kind == X224Reply::Kind::Incomplete
                ? "the reply stopped after " + std::to_string(reply.size()) + " bytes"
                : parsed.problem;
        layer.detail["outcome"] = "not rdp";
        run.add("x224.not-rdp", Severity::Error,
                N_("what answers on this port is not an RDP server"),
                {{"reply", hex_prefix(reply)}, {"problem", why}});
        return out;
    }
    if (parsed.kind == X224Reply::Kind::Failure) {
        const std::string code_id(failure_code_id(parsed.failure_code));
        layer.detail["outcome"] = "failure";
        layer.detail["failure_code"] = std::to_string(parsed.failure_code);
        run.add("x224." + code_id, Severity::Error,
                i18n::filled(texts::kNegotiationFailure,
                             {std::to_string(parsed.failure_code), code_id}),
                {{"failure_code", std::to_string(parsed.failure_code)},
                 {"requested", protocol_names(kRequested)}});
        return out;
    }
    if (parsed.kind == X224Reply::Kind::Legacy || parsed.protocol == kProtocolRdp) {
        layer.status = LayerStatus::Ok;
        layer.detail["outcome"] = parsed.kind == X224Reply::Kind::Legacy ? "legacy" : "selected";
        layer.detail["selected"] = "rdp";
        run.add("x224.legacy-only", Severity::Warning,
                N_("the server only offers standard RDP security (no TLS, no NLA)"),
                {{"reply", parsed.kind == X224Reply::Kind::Legacy ? "no negotiation data"
                                                                  : "selected rdp"}});
        return out;
    }
    layer.status = LayerStatus::Ok;
    layer.detail["outcome"] = "selected";
    layer.detail["selected"] = protocol_names(parsed.protocol);
    out.end = NegotiationEnd::Tls;
    out.protocol = parsed.protocol;
    return out;
}

// A server that picks NLA from an offer of TLS and NLA may still accept TLS alone; only an
// offer without NLA, on a connection of its own, tells whether it requires NLA, which is what
// a client set to TLS meets. Read-only: the server refuses before any credentials would flow.
void check_nla_required(Run& run, const std::string& address, std::uint16_t port,
                        std::uint32_t selected) {
    std::string outcome = "no answer";
    bool required = false;
    net::Connected c = net::connect(address, port, run.step_deadline());
    if (c.status == net::ConnectStatus::Open) {
        const Negotiated tls_only = negotiate(run, *c.connection, false, kProtocolSsl);
        if (tls_only.end == NegotiationEnd::Tls) {
            outcome = "accepted";
        } else if (tls_only.failure_code != 0) {
            outcome = "RDP_NEG_FAILURE " + std::to_string(tls_only.failure_code) + " (" +
                      std::string(failure_code_id(tls_only.failure_code)) + ")";
            required = tls_only.failure_code == kFailureHybridRequired ||
                       tls_only.failure_code == kFailureSslWithUserAuthRequired;
        }
    }
    for (Layer& layer : run.d.layers) {
        if (layer.name == "x224") {
            layer.detail["tls_only_offer"] = outcome;
        }
    }
    if (required) {
        // Info, not an error: a server that requires NLA is healthy; a client that does not
        // offer it, or has no password for it, is what fails.
        run.add("x224.nla-required", Severity::Info,
                N_("the server requires NLA (CredSSP): the client must offer it and sign in with a "
                   "user name and password before the session starts"),
                {{"selected", protocol_names(selected)}, {"tls_only_offer", outcome}});
    }
}

// The start of CredSSP, on a connection of its own: the server's NTLM challenge tells its
// names, version and clock. No credentials are sent; the connection ends after the challenge.
void check_nla(Run& run, const tls::Contexts& contexts, const std::string& address,
               const Target& target, const std::string& expected, const tls::Outcome& tls) {
    NlaAnswer answer;
    if (!tls.ok) {
        answer.problem = "not tried: the TLS step failed";
    } else if (run.out_of_time()) {
        answer.problem = "not tried: out of time";
    } else {
        const auto start = Steady::now();
        const Layer* tls_layer = run.d.layer("tls");
        const bool lenient = tls_layer != nullptr && tls_layer->detail.contains("lenient_version");
        net::Connected c = net::connect(address, target.port, run.step_deadline());
        std::unique_ptr<tls::Channel> channel;
        if (c.status == net::ConnectStatus::Open &&
            negotiate(run, *c.connection, false).end == NegotiationEnd::Tls) {
            contexts.handshake(lenient, *c.connection, expected, run.step_deadline(), &channel);
        }
        if (channel) {
            answer = ask_for_challenge(*channel, run.step_deadline());
            channel.reset();
        } else {
            answer.kind = NlaAnswer::Kind::Closed;
            answer.problem = "the connection for it did not get as far as TLS";
        }
        answer.elapsed = since(start);
    }
    NlaAssessment assessed =
        assess_nla(answer, target.host, expected, names_in_certificate(tls.certificate));
    run.d.layers.push_back(std::move(assessed.layer));
    run.d.findings.insert(run.d.findings.end(), assessed.findings.begin(), assessed.findings.end());
}

} // namespace

namespace {

/// Whether two answers hold the same addresses, in whatever order.
bool same_addresses(std::vector<std::string> a, std::vector<std::string> b) {
    std::sort(a.begin(), a.end());
    std::sort(b.begin(), b.end());
    return a == b;
}

/// A cache (nscd, systemd-resolved, the Windows DNS client) can go on answering with an
/// address the DNS record no longer has: the system's answer is then disjoint from what the
/// DNS servers say now. Names the hosts file answers are not asked of DNS (nor are
/// "localhost" names, which never leave the machine).
void compare_with_dns_server(Run& run, Layer& dns, const std::string& host,
                             const std::vector<std::string>& system_answer) {
    const bool local_name = host == "localhost" ||
                            (host.size() > 10 && host.compare(host.size() - 10, 10, ".localhost") == 0);
    if (local_name || net::listed_in_hosts_file(host)) {
        dns.detail["dns_server"] = "not asked: the hosts file answers for the name";
        return;
    }
    const net::Resolved server = net::resolve_at_dns_server(host, run.step_deadline());
    if (!server.ok) {
        dns.detail["dns_server"] = server.error;
        return;
    }
    dns.detail["dns_server"] = join(server.addresses);
    // A server that rotates among several addresses (DNS round robin, as in a Remote Desktop
    // farm) gives a different answer each time without anything being stale: asked twice, it
    // must agree with itself before its answer counts against the cache's.
    const net::Resolved again = net::resolve_at_dns_server(host, run.step_deadline());
    if (!again.ok || !same_addresses(server.addresses, again.addresses)) {
        dns.detail["dns_server_again"] = again.ok ? "differs: " + join(again.addresses) : again.error;
        return;
    }
    const bool shared = std::any_of(system_answer.begin(), system_answer.end(), [&](const std::string& address) {
        return std::find(server.addresses.begin(), server.addresses.end(), address) != server.addresses.end();
    });
    if (!shared) {
        // An error even when the old address still answers: the client reaches a machine the
        // name no longer stands for.
        run.add("dns.stale-cache", Severity::Error,
                i18n::filled(texts::kDnsStaleCache,
                             {host, join(system_answer), join(server.addresses)}),
                {{"system", join(system_answer)}, {"dns_server", join(server.addresses)}});
    }
}

/// After a TLS handshake that stalled behind a good X.224 answer: whether smaller segments
/// get the server's flight through (see path_mtu.h). When they do, adds path.mtu-blackhole
/// and hands back the handshake of the largest size that passed.
bool look_for_mtu_black_hole(Run& run, const tls::Contexts& contexts, const std::string& address,
                             std::uint16_t port, const std::string& expected, Layer& tls_layer,
                             tls::Outcome& outcome) {
    if (run.out_of_time()) {
        return false;
    }
    const bool ipv6 = net::is_ipv6(address);
    const auto attempt = [&](int max_segment, net::Deadline deadline, tls::Outcome& result) {
        net::Connected c = net::connect(address, port, deadline, max_segment);
        if (c.status != net::ConnectStatus::Open) {
            result.error = c.error;
            return path_mtu::Attempted::Other;
        }
        if (negotiate(run, *c.connection, false).end != NegotiationEnd::Tls) {
            result.error = "the X.224 exchange did not select TLS";
            return path_mtu::Attempted::Other;
        }
        result = contexts.handshake(false, *c.connection, expected, deadline);
        return result.ok ? path_mtu::Attempted::Passed
                         : result.stalled ? path_mtu::Attempted::Stalled : path_mtu::Attempted::Other;
    };
    path_mtu::Search found = path_mtu::search(attempt, ipv6, run.deadline, run.step);
    tls_layer.detail["segment_sizes_tried"] = join(found.tried);
    if (!found.black_hole) {
        return false;
    }
    const std::string largest = std::to_string(found.largest_passing);
    const std::string mtu = std::to_string(path_mtu::mtu_for_segment(found.largest_passing, ipv6));
    tls_layer.detail["error"] = outcome.error;
    tls_layer.detail["largest_segment"] = largest;
    run.add("path.mtu-blackhole", Severity::Error,
            i18n::filled(texts::kPathMtuBlackHole, {largest, mtu}),
            {{"address", address},
             {"largest_working_segment", largest},
             {"path_mtu", mtu},
             {"smallest_stalling_segment", std::to_string(found.smallest_stalling)},
             {"search", found.cut_short ? "cut short: the largest size may be larger" : "complete"},
             {"tried", join(found.tried)}});
    outcome = std::move(found.outcome);
    tls_layer.detail["version"] = outcome.version;
    tls_layer.detail["cipher"] = outcome.cipher;
    return true;
}

} // namespace

struct Probe::Impl {
    explicit Impl(const ProbeSettings& settings) : contexts(settings.ca_file) {}
    tls::Contexts contexts;
};

Probe::Probe(ProbeSettings settings) : impl_(std::make_unique<Impl>(settings)) {}

Probe::~Probe() = default;

Diagnosis Probe::diagnose(const Target& target, const DiagnoseOptions& options) {
    const auto started = Steady::now();
    Run run;
    run.deadline = started + options.timeout;
    run.step = std::min(options.step_timeout, options.timeout);
    run.d.target = target.host;
    run.d.port = target.port;
    const std::string expected =
        options.expected_name.empty() ? target.host : options.expected_name;

    if (options.gateway) {
        // The client reaches the target only through the gateway, often on a network this
        // machine has no route to: probing it directly would blame a path no client takes.
        probe_gateway(impl_->contexts, *options.gateway, run.deadline, run.step, run.d.layers, run.d.findings);
        for (const char* name : {"dns", "tcp", "x224", "tls", "cert"}) {
            run.layer(name, LayerStatus::Skipped, milliseconds(0)).detail["reason"] =
                "reached through the RD Gateway " + options.gateway->to_string() + ", not probed directly";
        }
        run.d.verdict = decide_verdict(run.d.findings);
        return run.d;
    }

    // DNS
    auto t = Steady::now();
    const net::Resolved first = net::resolve(target.host, run.step_deadline());
    const auto first_elapsed = since(t);
    {
        Layer& dns =
            run.layer("dns", first.ok ? LayerStatus::Ok : LayerStatus::Fail, first_elapsed);
        if (first.literal) {
            dns.detail["literal"] = "yes";
        } else if (!first.ok) {
            dns.detail["error"] = first.error;
            run.add("dns.unresolvable", Severity::Error,
                    i18n::filled(texts::kDnsUnresolvable, {target.host}),
                    {{"name", target.host},
                     {"error", first.error},
                     {"elapsed", ms_text(first_elapsed)}});
        } else {
            run.d.addresses = first.addresses;
            dns.detail["addresses"] = join(first.addresses);
            dns.detail["first_ms"] = std::to_string(first_elapsed.count());
            t = Steady::now();
            const net::Resolved second = net::resolve(target.host, run.step_deadline());
            dns.detail["second_ms"] = std::to_string(since(t).count());
            if (!second.ok) {
                dns.detail["second_lookup"] =
                    second.timed_out ? "timed out" : "failed: " + second.error;
                run.add("dns.inconsistent", Severity::Warning,
                        i18n::filled(texts::kDnsSecondLookupFailed, {target.host}),
                        {{"first", join(first.addresses)}, {"second", second.error}});
            } else if (!same_addresses(first.addresses, second.addresses)) {
                dns.detail["second_lookup"] = "differs";
                run.add("dns.inconsistent", Severity::Warning,
                        i18n::filled(texts::kDnsDifferentAddresses, {target.host}),
                        {{"first", join(first.addresses)}, {"second", join(second.addresses)}});
            } else {
                dns.detail["second_lookup"] = "agrees";
            }
            compare_with_dns_server(run, dns, target.host, first.addresses);
            dns.elapsed = since(started);
        }
        if (first.literal) {
            run.d.addresses = first.addresses;
        }
    }
    if (!first.ok) {
        run.skip_from("tcp");
        run.d.verdict = decide_verdict(run.d.findings);
        return run.d;
    }

    // TCP: every address, keeping the first that opens for the layers above.
    t = Steady::now();
    std::unique_ptr<net::Connection> connection;
    std::string used_address;
    std::vector<std::string> refused, timed_out, unreachable, failed_other, open;
    {
        Layer& tcp = run.layer("tcp", LayerStatus::Fail, milliseconds(0));
        for (const std::string& address : run.d.addresses) {
            if (run.out_of_time()) {
                tcp.detail[address] = "not tried: out of time";
                timed_out.push_back(address);
                continue;
            }
            const auto one = Steady::now();
            net::Connected c = net::connect(address, target.port, run.step_deadline());
            const std::string took = ms_text(since(one));
            switch (c.status) {
            case net::ConnectStatus::Open:
                tcp.detail[address] = "open in " + took;
                open.push_back(address);
                if (!connection) {
                    connection = std::move(c.connection);
                    used_address = address;
                }
                break;
            case net::ConnectStatus::Refused:
                tcp.detail[address] = "refused in " + took;
                refused.push_back(address);
                break;
            case net::ConnectStatus::TimedOut:
                tcp.detail[address] = "timed out after " + took;
                timed_out.push_back(address);
                break;
            case net::ConnectStatus::Unreachable:
                tcp.detail[address] = "unreachable: " + c.error;
                unreachable.push_back(address);
                break;
            case net::ConnectStatus::Error:
                tcp.detail[address] = "failed: " + c.error;
                failed_other.push_back(address);
                break;
            }
        }
        tcp.elapsed = since(t);
        const std::string port = std::to_string(target.port);
        if (!first.literal &&
            std::all_of(run.d.addresses.begin(), run.d.addresses.end(), net::is_ipv6)) {
            run.add("tcp.ipv6-only", Severity::Warning,
                    i18n::filled(texts::kIpv6Only, {target.host}),
                    {{"addresses", join(run.d.addresses)}});
        }
        if (connection) {
            tcp.status = LayerStatus::Ok;
            tcp.detail["used"] = used_address;
            std::vector<std::string> bad = refused;
            bad.insert(bad.end(), timed_out.begin(), timed_out.end());
            bad.insert(bad.end(), unreachable.begin(), unreachable.end());
            bad.insert(bad.end(), failed_other.begin(), failed_other.end());
            if (!bad.empty()) {
                const bool mixed = std::any_of(bad.begin(), bad.end(), [&](const std::string& b) {
                    return std::any_of(open.begin(), open.end(), [&](const std::string& o) {
                        return net::is_ipv6(o) == net::is_ipv6(b);
                    });
                });
                run.add(mixed ? "tcp.partial" : "tcp.family-mismatch", Severity::Warning,
                        mixed ? i18n::filled(texts::kPortPartlyOpen, {port, target.host})
                              : i18n::filled(texts::kPortOneFamily,
                                             {port, net::is_ipv6(open.front()) ? "IPv6" : "IPv4",
                                              net::is_ipv6(open.front()) ? "IPv4" : "IPv6"}),
                        {{"open", join(open)}, {"not_open", join(bad)}});
            }
        } else {
            if (!refused.empty()) {
                run.add("tcp.refused", Severity::Error, i18n::filled(texts::kPortRefused, {port}),
                        {{"addresses", join(refused)}, {"port", port}});
            }
            if (!timed_out.empty()) {
                run.add("tcp.timeout", Severity::Error, i18n::filled(texts::kPortNoAnswer, {port}),
                        {{"addresses", join(timed_out)}, {"port", port}});
            }
            if (!unreachable.empty() || !failed_other.empty()) {
                auto all = unreachable;
                all.insert(all.end(), failed_other.begin(), failed_other.end());
                run.add("tcp.unreachable", Severity::Error,
                        N_("the host cannot be reached from here"),
                        {{"addresses", join(all)}, {"port", port}});
            }
        }
    }
    if (!connection) {
        run.skip_from("x224");
        run.d.verdict = decide_verdict(run.d.findings);
        return run.d;
    }

    // X.224
    const Negotiated negotiated = negotiate(run, *connection, true);
    if (negotiated.end != NegotiationEnd::Tls) {
        run.skip_from("tls");
        run.d.verdict = decide_verdict(run.d.findings);
        return run.d;
    }

    // TLS with the client's defaults; if that fails, once more leniently on a new connection.
    t = Steady::now();
    tls::Outcome outcome =
        impl_->contexts.handshake(false, *connection, expected, run.step_deadline());
    connection.reset();
    Layer tls_layer{"tls", outcome.ok ? LayerStatus::Ok : LayerStatus::Fail, milliseconds(0), {}};
    tls_layer.detail["security_level"] = std::to_string(impl_->contexts.default_security_level());
    if (outcome.ok) {
        tls_layer.detail["version"] = outcome.version;
        tls_layer.detail["cipher"] = outcome.cipher;
    } else if (outcome.stalled && look_for_mtu_black_hole(run, impl_->contexts, used_address, target.port,
                                                           expected, tls_layer, outcome)) {
        // The flight arrives in smaller segments: the certificate is read from that handshake.
    } else {
        tls_layer.detail["error"] = outcome.error;
        tls::Outcome lenient;
        lenient.error = "not tried: out of time";
        if (!run.out_of_time()) {
            net::Connected again = net::connect(used_address, target.port, run.step_deadline());
            if (again.status == net::ConnectStatus::Open &&
                negotiate(run, *again.connection, false).end == NegotiationEnd::Tls) {
                lenient = impl_->contexts.handshake(true, *again.connection, expected,
                                                    run.step_deadline());
            } else {
                lenient.error = "the second connection did not get as far as TLS";
            }
        }
        if (lenient.ok) {
            tls_layer.detail["lenient_version"] = lenient.version;
            tls_layer.detail["lenient_cipher"] = lenient.cipher;
            const bool old = tls::is_outdated_version(lenient.version);
            run.add(
                old ? "tls.version-mismatch" : "tls.weak-server", Severity::Error,
                old ? i18n::filled(texts::kTlsOutdated, {lenient.version})
                    : N_("the server's TLS set-up is below this client's default security level"),
                {{"default_error", outcome.error},
                 {"lenient_version", lenient.version},
                 {"lenient_cipher", lenient.cipher}});
            outcome = std::move(lenient);
        } else {
            tls_layer.detail["lenient_error"] = lenient.error;
            run.add("tls.handshake-failed", Severity::Error,
                    i18n::filled(texts::kTlsHandshakeFails, {outcome.error}),
                    {{"default_error", outcome.error}, {"lenient_error", lenient.error}});
        }
    }
    tls_layer.elapsed = since(t);
    run.d.layers.push_back(std::move(tls_layer));

    if (outcome.ok && !outcome.certificate.empty()) {
        check_certificate(outcome, expected, kServerCertificate, run.d.layers, run.d.findings);
    } else {
        run.layer("cert", LayerStatus::Skipped, milliseconds(0));
    }
    if ((negotiated.protocol & (kProtocolHybrid | kProtocolHybridEx)) != 0 && !run.out_of_time()) {
        check_nla_required(run, used_address, target.port, negotiated.protocol);
    }
    if ((negotiated.protocol & (kProtocolHybrid | kProtocolHybridEx)) != 0) {
        check_nla(run, impl_->contexts, used_address, target, expected, outcome);
    }
    run.d.verdict = decide_verdict(run.d.findings);
    return run.d;
}

} // namespace rdpmedic::probe
