#pragma once
// The RD Gateway step: DNS, TCP, TLS and its certificate, then the HTTP transport's first
// request (MS-TSGU), without credentials.

#include "rdpmedic/core/diagnosis.h"
#include "tls.h"

#include <chrono>
#include <vector>

namespace rdpmedic::probe {

/// Appends the "gateway" and "gateway-cert" layers and the gateway.* findings. Each step waits
/// at most `step`, everything together never past `deadline`.
void probe_gateway(const tls::Contexts& contexts, const Target& gateway, net::Deadline deadline,
                   std::chrono::milliseconds step, std::vector<Layer>& layers,
                   std::vector<Finding>& findings);

} // namespace rdpmedic::probe
