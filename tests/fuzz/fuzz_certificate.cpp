// libFuzzer target: the server certificate's DER bytes, as the TLS handshake hands them over.
#include "rdpmedic/probe/certificate.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    // A fixed time and both kinds of expected name reach every branch of the name check.
    (void)rdpmedic::probe::certificate_facts({data, size}, "localhost", 1'800'000'000);
    (void)rdpmedic::probe::certificate_facts({data, size}, "127.0.0.1", 1'800'000'000);
    return 0;
}
