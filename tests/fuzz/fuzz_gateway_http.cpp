// libFuzzer target: whatever an RD Gateway (or what pretends to be one) answers the HTTP
// transport's requests with: the head of the HTTP response and the handshake response packet.
#include "rdpmedic/probe/gateway_http.h"

#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using rdpmedic::probe::HttpHead;
    const HttpHead head = rdpmedic::probe::parse_http_head({data, size});
    // A complete head never ends past the bytes, nor past the bound the probe reads to.
    if (head.kind == HttpHead::Kind::Complete &&
        (head.head_size > size || head.head_size > rdpmedic::probe::kMaxHttpHead ||
         head.status < 0 || head.status > 999)) {
        std::abort();
    }
    if (head.auth_schemes.size() > 8 || head.server.size() > 80) {
        std::abort();
    }
    (void)rdpmedic::probe::parse_handshake_response({data, size});
    return 0;
}
