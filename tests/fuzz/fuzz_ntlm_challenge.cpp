// libFuzzer target: whatever a server sends back for the probe's NTLM negotiation, as a
// TSRequest and as the CHALLENGE_MESSAGE inside it (or the bytes taken as one directly).
#include "rdpmedic/probe/credssp.h"
#include "rdpmedic/probe/ntlm.h"

#include <cstdlib>

namespace {

void challenge(std::span<const std::uint8_t> bytes) {
    using namespace rdpmedic::probe;
    const NtlmChallenge c = parse_ntlm_challenge(bytes);
    for (const std::string* name : {&c.target_name, &c.nb_computer_name, &c.nb_domain_name,
                                    &c.dns_computer_name, &c.dns_domain_name, &c.dns_tree_name}) {
        // At most kMaxNtlmName characters of at most 4 UTF-8 bytes each.
        if (name->size() > 4 * kMaxNtlmName) {
            std::abort();
        }
    }
    if (c.timestamp) {
        (void)utc_text(filetime_to_unix_seconds(*c.timestamp));
    }
    if (c.version) {
        (void)c.version->text();
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace rdpmedic::probe;
    const std::span<const std::uint8_t> bytes(data, size);
    const TsRequest request = parse_ts_request(bytes);
    // A complete TSRequest lies within what arrived, and none claims more than the cap.
    if ((request.kind == TsRequest::Kind::Complete && request.length > size) ||
        request.length > kMaxTsRequest + 6) {
        std::abort();
    }
    if (request.kind == TsRequest::Kind::Complete) {
        challenge(request.token);
    }
    challenge(bytes);
    return 0;
}
