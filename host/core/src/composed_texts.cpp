#include "rdpmedic/core/composed_texts.h"

#include <array>

namespace rdpmedic::texts {

std::span<const char* const> composed_formats() {
    // The ones that share a beginning with another come first where they say more, so that
    // "…, a code rdpmedic does not know; extended code 0x7: …" is not read as the shorter one.
    static constexpr std::array kFormats = {
        kMstscExtendedUnknownDisc,
        kMstscClosedBecause,
        kMstscUnknownExtended,
        kMstscBoth,
        kMstscExtended,
        kMstscDisc,
        kMstscUnknownWithKnownExtended,
        kMstscUnknownWithExtended,
        kMstscUnknown,
        kFreeRdpFailedUnknown,
        kClientRejectedArguments,
        kClientTimedOutWithDialogs,
        kClientTimedOut,
        kGaveUp,
        kNotRetrying,
        kFreeRdpServerErrorInfo,
        kFreeRdpError,
        kFreeRdpExitCodeHex,
        kFreeRdpExitCode,
        kNegotiationFailure,
        kCertificateExpired,
        kCertificateNotYetValid,
        kCertificateNotIssuedFor,
        kCertificateWeak,
        kGatewayCertificateExpired,
        kGatewayCertificateNotYetValid,
        kGatewayCertificateNotIssuedFor,
        kGatewayCertificateWeak,
        kDnsStaleCache,
        kPathMtuBlackHole,
        kDnsUnresolvable,
        kDnsSecondLookupFailed,
        kDnsDifferentAddresses,
        kIpv6Only,
        kPortPartlyOpen,
        kPortOneFamily,
        kPortRefused,
        kPortNoAnswer,
        kTlsOutdated,
        kTlsHandshakeFails,
        kClockAhead,
        kClockBehind,
        kServerCallsItself,
        kNoNtlmChallenge,
        kNtlmNamesInDomainVersion,
        kNtlmNamesVersion,
        kNtlmNamesInDomain,
        kNtlmNames,
        kWithEvidence,
        kListed,
    };
    return kFormats;
}

} // namespace rdpmedic::texts
