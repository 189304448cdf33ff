#pragma once
/// What the probe found out about a target, layer by layer: the data the supervisor, the
/// fix strategies and the front ends share. Plain structs; the probe that fills them lives
/// in host/probe.

#include "rdpmedic/core/target.h"

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rdpmedic {

enum class Severity { Info, Warning, Error };

/// "info", "warning", "error".
std::string_view to_id(Severity severity);
std::optional<Severity> severity_from_id(std::string_view id);

enum class LayerStatus { Ok, Fail, Skipped };

/// "ok", "fail", "skipped".
std::string_view to_id(LayerStatus status);
std::optional<LayerStatus> layer_status_from_id(std::string_view id);

/// One observation with its evidence. `id` is a stable string ("tcp.refused"); the README
/// lists every id, its meaning and what to do.
struct Finding {
    std::string id;
    Severity severity = Severity::Info;
    std::string summary;
    std::map<std::string, std::string> evidence;

    bool operator==(const Finding&) const = default;
};

/// One probed layer: "dns", "tcp", "x224", "tls", "cert" or "nla" (only when NLA was selected);
/// through an RD Gateway "gateway" and "gateway-cert" come first.
struct Layer {
    std::string name;
    LayerStatus status = LayerStatus::Skipped;
    std::chrono::milliseconds elapsed{0};
    std::map<std::string, std::string> detail;

    bool operator==(const Layer&) const = default;
};

/// The most likely cause, as a stable id ("port-blocked-or-host-down"), and what to do.
struct Verdict {
    std::string cause;
    std::string fix;

    bool operator==(const Verdict&) const = default;
};

struct Diagnosis {
    std::string target; ///< the host as given
    std::uint16_t port = 3389;
    std::vector<std::string> addresses; ///< what the name resolved to, in resolver order
    std::vector<Layer> layers;          ///< in probe order: dns, tcp, x224, tls, cert, nla
    std::vector<Finding> findings;      ///< in the order the layers produced them
    Verdict verdict;

    bool operator==(const Diagnosis&) const = default;

    const Finding* find(std::string_view id) const;
    const Layer* layer(std::string_view name) const;
    /// Whether any finding is an error: something that stops a client from connecting.
    bool has_errors() const;
};

struct DiagnoseOptions {
    /// Everything together; no diagnosis takes longer than this (plus a few ms of cleanup).
    std::chrono::milliseconds timeout{3000};
    /// One step (one lookup, one connect, one handshake) at most; also bounded by `timeout`.
    std::chrono::milliseconds step_timeout{1500};
    /// The name the certificate must carry; empty means the target's host.
    std::string expected_name;
    /// The RD Gateway the connection goes through (an .rdp file's gatewayhostname, --gateway).
    /// With one, the gateway is probed instead of the target: the target sits behind it, often
    /// on a network this machine cannot reach directly.
    std::optional<Target> gateway;
};

/// `base` with the request's RD Gateway (ConnectRequest::gateway, "HOST[:PORT]", port 443 by
/// default) to probe; a gateway that is not a host name leaves `base` as it is.
DiagnoseOptions diagnose_options(const ConnectRequest& request, DiagnoseOptions base);

/// Used by the supervisor after a failed attempt, before any fix strategy.
class Diagnoser {
  public:
    virtual ~Diagnoser() = default;
    /// Never throws for anything the network does; bounded by options.timeout.
    virtual Diagnosis diagnose(const Target& target, const DiagnoseOptions& options) = 0;
};

/// Maps findings to the cause users meet behind 0x904/0x7: the first error in layer order
/// wins (a lower layer's failure explains the ones above it), then the first warning, then
/// the first info with a rule (an RD Gateway that answers: "behind-gateway"); "none" when
/// nothing is wrong.
Verdict decide_verdict(const std::vector<Finding>& findings);

/// One plain-language sentence for a verdict cause id, for text output.
std::string_view describe_cause(std::string_view cause);

} // namespace rdpmedic
