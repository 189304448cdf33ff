#include "gateway_probe.h"

#include "certificate_check.h"
#include "net.h"
#include "rdpmedic/core/composed_texts.h"
#include "rdpmedic/core/join.h"
#include "rdpmedic/i18n/filled.h"
#include "rdpmedic/probe/gateway_http.h"
#include "tls_channel.h"

#include <algorithm>
#include <cstdio>
#include <memory>
#include <random>

namespace rdpmedic::probe {

namespace {

using Steady = std::chrono::steady_clock;
using std::chrono::milliseconds;

/// A braced GUID for RDG-Connection-Id: each probe's own, as each client connection's.
std::string connection_id() {
    std::random_device random;
    char text[40];
    std::snprintf(text, sizeof text, "{%08x-%04x-%04x-%04x-%04x%08x}", random(), random() & 0xffff,
                  (random() & 0x0fff) | 0x4000, (random() & 0x3fff) | 0x8000, random() & 0xffff,
                  random());
    return text;
}

std::string hex32(std::uint32_t value) {
    char text[16];
    std::snprintf(text, sizeof text, "0x%08X", value);
    return text;
}

/// One TLS connection to the gateway: the socket and the TLS session over it.
struct Channel {
    std::unique_ptr<net::Connection> connection;
    std::unique_ptr<tls::Channel> tls;
};

struct HeadRead {
    HttpHead head;
    std::vector<std::uint8_t> bytes;
    bool timed_out = false;
    bool closed = false;
};

/// Reads until the head of the answer is complete, the bytes are not HTTP, or kMaxHttpHead
/// bytes arrived without an end: a gateway that sends megabytes is read no further.
HeadRead read_head(tls::Channel& channel, net::Deadline deadline) {
    HeadRead out;
    for (;;) {
        out.head = parse_http_head(out.bytes);
        if (out.head.kind != HttpHead::Kind::Incomplete || out.bytes.size() >= kMaxHttpHead) {
            return out;
        }
        const auto io = channel.read(out.bytes, kMaxHttpHead - out.bytes.size(), deadline);
        if (io != tls::Channel::Io::Ok) {
            out.timed_out = io == tls::Channel::Io::TimedOut;
            out.closed = !out.timed_out;
            return out;
        }
    }
}

/// Reads until `into` holds `size` bytes; false when the gateway closes or the deadline passes.
bool read_at_least(tls::Channel& channel, std::vector<std::uint8_t>& into, std::size_t size,
                   net::Deadline deadline) {
    while (into.size() < size) {
        if (channel.read(into, size - into.size(), deadline) != tls::Channel::Io::Ok) {
            return false;
        }
    }
    return true;
}

std::string status_text(const HttpHead& head) {
    return std::to_string(head.status) + (head.reason.empty() ? "" : " " + head.reason);
}

class GatewayRun {
  public:
    GatewayRun(const tls::Contexts& contexts, const Target& gateway, net::Deadline deadline,
               milliseconds step, std::vector<Layer>& layers, std::vector<Finding>& findings)
        : contexts_(contexts), gateway_(gateway), name_(gateway.to_string()), deadline_(deadline),
          step_(step), layers_(layers), findings_(findings), id_(connection_id()) {}

    void run() {
        const auto start = Steady::now();
        layers_.push_back({"gateway", LayerStatus::Fail, milliseconds(0), {}});
        layer_ = layers_.size() - 1;
        detail("gateway", name_);
        const bool ok = steps();
        Layer& layer = layers_[layer_];
        layer.status = ok ? LayerStatus::Ok : LayerStatus::Fail;
        layer.elapsed = std::chrono::duration_cast<milliseconds>(Steady::now() - start);
        if (std::none_of(layers_.begin(), layers_.end(),
                         [](const Layer& l) { return l.name == "gateway-cert"; })) {
            layers_.push_back({"gateway-cert", LayerStatus::Skipped, milliseconds(0), {}});
        }
    }

  private:
    net::Deadline step_deadline() const { return std::min(Steady::now() + step_, deadline_); }

    /// By index: the certificate check appends its layer after this one.
    void detail(const std::string& key, const std::string& value) {
        layers_[layer_].detail[key] = value;
    }

    void add(const char* id, Severity severity, std::string summary,
             std::map<std::string, std::string> evidence) {
        evidence["gateway"] = name_;
        findings_.push_back({id, severity, std::move(summary), std::move(evidence)});
    }

    /// Sends the request for `method` on `path` under this probe's connection id; false when
    /// the gateway closed or the step's time ran out first.
    bool send_request(tls::Channel& channel, std::string_view method, std::string_view path,
                      bool chunked) {
        const std::string request = gateway_request(method, path, gateway_.host, id_, chunked);
        return channel.write_all(
                   {reinterpret_cast<const std::uint8_t*>(request.data()), request.size()},
                   step_deadline()) == tls::Channel::Io::Ok;
    }

    void timed_out(const std::string& stage, std::string summary) {
        add("gateway.timeout", Severity::Error, std::move(summary), {{"stage", stage}});
    }

    /// The steps in order; false at the first that fails (its finding added).
    bool steps() {
        const net::Resolved resolved = net::resolve(gateway_.host, step_deadline());
        if (!resolved.ok) {
            detail("dns", resolved.error);
            add("gateway.unresolvable", Severity::Error,
                i18n::filled(texts::kGatewayUnresolvable, {gateway_.host}),
                {{"name", gateway_.host}, {"error", resolved.error}});
            return false;
        }
        addresses_ = resolved.addresses;
        detail("addresses", join(addresses_));
        if (!connect_first()) {
            return false;
        }
        Channel out;
        if (!open(out, true)) {
            return false;
        }
        if (!send_request(*out.tls, "RDG_OUT_DATA", kGatewayPath, false)) {
            add("gateway.not-a-gateway", Severity::Error,
                i18n::filled(texts::kGatewayClosedBeforeRequest, {name_}),
                {{"request", "RDG_OUT_DATA " + std::string(kGatewayPath)}});
            return false;
        }
        HeadRead answer = read_head(*out.tls, step_deadline());
        if (!answered_as_http(answer, "RDG_OUT_DATA")) {
            return false;
        }
        detail("http_status", status_text(answer.head));
        if (!answer.head.server.empty()) {
            detail("server", answer.head.server);
        }
        if (answer.head.status == 401) {
            const std::string schemes = join(answer.head.auth_schemes);
            detail("schemes", schemes.empty() ? "none" : schemes);
            if (schemes.empty()) {
                add("gateway.auth-required", Severity::Warning,
                    i18n::filled(texts::kGatewayNoScheme, {name_}),
                    {{"status", status_text(answer.head)}, {"schemes", "none"}});
                return false;
            }
            add("gateway.auth-required", Severity::Info,
                i18n::filled(texts::kGatewayAuthRequired, {name_, schemes}),
                {{"status", status_text(answer.head)}, {"schemes", schemes}});
            return true;
        }
        if (answer.head.status == 200) {
            return handshake(out, std::move(answer));
        }
        return refused(answer.head);
    }

    bool connect_first() {
        std::vector<std::string> refused, timed_out_at, unreachable;
        std::string attempts;
        for (const std::string& address : addresses_) {
            if (Steady::now() >= deadline_) {
                timed_out_at.push_back(address);
                break;
            }
            net::Connected c = net::connect(address, gateway_.port, step_deadline());
            if (c.status == net::ConnectStatus::Open) {
                address_ = address;
                first_ = std::move(c.connection);
                detail("address", address);
                return true;
            }
            (c.status == net::ConnectStatus::Refused    ? refused
             : c.status == net::ConnectStatus::TimedOut ? timed_out_at
                                                        : unreachable)
                .push_back(address + (c.error.empty() ? "" : " (" + c.error + ")"));
        }
        const std::string port = std::to_string(gateway_.port);
        if (refused.empty() && unreachable.empty()) {
            add("gateway.timeout", Severity::Error, i18n::filled(texts::kGatewayNoAnswer, {name_}),
                {{"stage", "tcp"}, {"addresses", join(timed_out_at)}});
        } else {
            auto all = refused;
            all.insert(all.end(), unreachable.begin(), unreachable.end());
            all.insert(all.end(), timed_out_at.begin(), timed_out_at.end());
            add("gateway.unreachable", Severity::Error,
                i18n::filled(texts::kGatewayUnreachable,
                             {name_, refused.empty()
                                         ? std::string(texts::kGatewayNoRoute)
                                         : i18n::filled(texts::kGatewayPortRefused, {port})}),
                {{"addresses", join(all)}, {"port", port}});
        }
        return false;
    }

    /// TCP (the first connection is the one connect_first made) and TLS. With `first`, a failed
    /// handshake is a finding and the certificate is checked.
    bool open(Channel& channel, bool first) {
        if (first) {
            channel.connection = std::move(first_);
        } else {
            net::Connected c = net::connect(address_, gateway_.port, step_deadline());
            if (c.status != net::ConnectStatus::Open) {
                return false;
            }
            channel.connection = std::move(c.connection);
        }
        tls::Outcome outcome = contexts_.handshake(false, *channel.connection, gateway_.host,
                                                   step_deadline(), &channel.tls);
        if (!first) {
            return outcome.ok;
        }
        if (!outcome.ok) {
            detail("tls_error", outcome.error);
            if (outcome.stalled) {
                timed_out("tls", i18n::filled(texts::kGatewayTlsStalled, {name_}));
            } else {
                add("gateway.tls", Severity::Error,
                    i18n::filled(texts::kGatewayTlsFails, {name_, outcome.error}),
                    {{"error", outcome.error}});
            }
            return false;
        }
        detail("tls_version", outcome.version);
        detail("tls_cipher", outcome.cipher);
        if (!outcome.certificate.empty()) {
            const std::size_t before = findings_.size();
            check_certificate(outcome, gateway_.host, kGatewayCertificate, layers_, findings_);
            for (std::size_t i = before; i < findings_.size(); ++i) {
                findings_[i].evidence["gateway"] = name_;
            }
        }
        return true;
    }

    /// Whether the answer to `method` is an HTTP head; otherwise adds why not.
    bool answered_as_http(const HeadRead& answer, const char* method) {
        if (answer.head.kind == HttpHead::Kind::Complete) {
            return true;
        }
        if (answer.bytes.empty() && answer.timed_out) {
            timed_out("http", i18n::filled(texts::kGatewayNoAnswerTo, {name_, method}));
            return false;
        }
        std::string problem = answer.head.problem;
        if (answer.bytes.empty()) {
            problem = texts::kGatewayNoHttpAnswer;
        } else if (answer.head.kind == HttpHead::Kind::Incomplete) {
            problem = i18n::filled(answer.timed_out ? texts::kGatewayAnswerStopped
                                                    : texts::kGatewayClosedAfter,
                                   {std::to_string(answer.bytes.size())});
        }
        add("gateway.not-a-gateway", Severity::Error,
            i18n::filled(texts::kGatewayNotAGateway, {name_, problem}),
            {{"request", std::string(method) + " " + std::string(kGatewayPath)},
             {"problem", problem},
             {"received_bytes", std::to_string(answer.bytes.size())}});
        return false;
    }

    /// RDG_OUT_DATA got neither 401 nor 200. A gateway whose HTTP transport is turned off (or
    /// blocked by a proxy in front of it) still serves RPC over HTTP on the same port: its RPC
    /// proxy asking for authentication tells the two apart from a plain web server.
    bool refused(const HttpHead& head) {
        std::string rpc = "no answer";
        Channel channel;
        if (Steady::now() < deadline_ && open(channel, false)) {
            if (send_request(*channel.tls, "RPC_IN_DATA", kRpcProxyPath, false)) {
                const HeadRead answer = read_head(*channel.tls, step_deadline());
                if (answer.head.kind == HttpHead::Kind::Complete) {
                    rpc = status_text(answer.head);
                    if (answer.head.status == 401) {
                        detail("rpc_over_http", rpc);
                        add("gateway.http-transport-refused", Severity::Error,
                            i18n::filled(texts::kGatewayHttpRefused, {name_, status_text(head)}),
                            {{"status", status_text(head)}, {"rpc_over_http", rpc}});
                        return false;
                    }
                }
            }
        }
        detail("rpc_over_http", rpc);
        add("gateway.not-a-gateway", Severity::Error,
            i18n::filled(texts::kGatewayWebServer,
                         {name_, std::string(kGatewayPath), status_text(head)}),
            {{"request", "RDG_OUT_DATA " + std::string(kGatewayPath)},
             {"status", status_text(head)},
             {"rpc_over_http", rpc}});
        return false;
    }

    /// The gateway let the OUT channel in without credentials: open the IN channel, send the
    /// handshake request on it and read the response on the OUT channel (MS-TSGU 3.3.5.1).
    bool handshake(Channel& out, HeadRead answer) {
        std::string problem;
        std::vector<std::uint8_t> body(answer.bytes.begin() +
                                           static_cast<std::ptrdiff_t>(answer.head.head_size),
                                       answer.bytes.end());
        Channel in;
        if (!open(in, false)) {
            problem = texts::kGatewayInNoTls;
        } else {
            const HeadRead in_answer = send_request(*in.tls, "RDG_IN_DATA", kGatewayPath, true)
                                           ? read_head(*in.tls, step_deadline())
                                           : HeadRead{};
            if (in_answer.head.kind != HttpHead::Kind::Complete) {
                problem = texts::kGatewayInNoHttp;
            } else if (in_answer.head.status != 200) {
                problem = i18n::filled(texts::kGatewayInStatus, {status_text(in_answer.head)});
            } else if (in.tls->write_all(as_chunk(handshake_request()), step_deadline()) !=
                       tls::Channel::Io::Ok) {
                problem = texts::kGatewayInClosed;
            } else if (!read_at_least(*out.tls, body, kSeedSize + kHandshakeResponseSize,
                                      step_deadline())) {
                problem = i18n::filled(texts::kGatewayNoResponse, {std::to_string(step_.count()),
                                                                   std::to_string(body.size())});
            }
        }
        if (problem.empty()) {
            const HandshakeResponse response =
                parse_handshake_response(std::span(body).subspan(kSeedSize));
            if (response.kind != HandshakeResponse::Kind::Valid) {
                problem = response.problem.empty() ? std::string(texts::kGatewayTruncatedResponse)
                                                   : response.problem;
            } else if (response.error_code != 0) {
                problem = i18n::filled(texts::kGatewayResponseError, {hex32(response.error_code)});
            } else {
                const std::string version = std::to_string(response.version_major) + "." +
                                            std::to_string(response.version_minor);
                detail("handshake", "version " + version + ", server version " +
                                        std::to_string(response.server_version));
                add("gateway.ok-unauthenticated", Severity::Info,
                    i18n::filled(texts::kGatewayAnonymous, {name_, version}),
                    {{"version", version},
                     {"server_version", std::to_string(response.server_version)},
                     {"extended_auth", std::to_string(response.extended_auth)}});
                return true;
            }
        }
        detail("handshake", problem);
        add("gateway.handshake-failed", Severity::Error,
            i18n::filled(texts::kGatewayHandshakeFailed, {name_, problem}), {{"problem", problem}});
        return false;
    }

    const tls::Contexts& contexts_;
    const Target& gateway_;
    const std::string name_;
    const net::Deadline deadline_;
    const milliseconds step_;
    std::vector<Layer>& layers_;
    std::vector<Finding>& findings_;
    std::size_t layer_ = 0; ///< the "gateway" layer in layers_
    const std::string id_;
    std::vector<std::string> addresses_;
    std::string address_;
    std::unique_ptr<net::Connection> first_;
};

} // namespace

void probe_gateway(const tls::Contexts& contexts, const Target& gateway, net::Deadline deadline,
                   std::chrono::milliseconds step, std::vector<Layer>& layers,
                   std::vector<Finding>& findings) {
    GatewayRun(contexts, gateway, deadline, step, layers, findings).run();
}

} // namespace rdpmedic::probe
