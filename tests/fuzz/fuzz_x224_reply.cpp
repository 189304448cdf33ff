// libFuzzer target: whatever a server sends after the X.224 Connection Request.
#include "rdpmedic/probe/x224.h"

#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using rdpmedic::probe::X224Reply;
    const X224Reply reply = rdpmedic::probe::parse_x224_reply({data, size});
    // The parser never claims more bytes than a complete reply it accepted actually has.
    if (reply.kind != X224Reply::Kind::Incomplete && reply.kind != X224Reply::Kind::NotRdp &&
        reply.length > size) {
        std::abort();
    }
    (void)rdpmedic::probe::protocol_names(reply.protocol);
    (void)rdpmedic::probe::failure_code_id(reply.failure_code);
    return 0;
}
