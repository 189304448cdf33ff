#pragma once
/// The formats of the sentences rdpmedic builds from values (host names, codes, dates): the
/// failure messages of decode.h and the probe's finding summaries. They are filled in English
/// (i18n::filled), which is what JSON, the history and the system log keep; the tray and the
/// CLI read the values back out of the English sentence (i18n::translated) and fill the
/// translated format, so a sentence read from an old history is translated too.

#include "rdpmedic/i18n/translate.h"

#include <span>

namespace rdpmedic::texts {

// decode.h: what mstsc reported.
inline constexpr const char* kMstscExtendedUnknownDisc =
    N_("%1$s (extended code %2$s; error code %3$s is a code rdpmedic does not know)");
inline constexpr const char* kMstscClosedBecause =
    N_("%1$s because %2$s (error code %3$s, extended code %4$s)");
inline constexpr const char* kMstscExtended = N_("%1$s (error code %2$s, extended code %3$s)");
inline constexpr const char* kMstscUnknownExtended =
    N_("%1$s (error code %2$s; extended code %3$s is a code rdpmedic does not know)");
inline constexpr const char* kMstscBoth = N_("%1$s (error code %2$s, extended code %3$s: %4$s)");
inline constexpr const char* kMstscDisc = N_("%1$s (error code %2$s)");
inline constexpr const char* kMstscUnknown =
    N_("mstsc reported error code %1$s (%2$s), a code rdpmedic does not know");
inline constexpr const char* kMstscUnknownWithExtended =
    N_("mstsc reported error code %1$s (%2$s), a code rdpmedic does not know; extended code %3$s");
inline constexpr const char* kMstscUnknownWithKnownExtended =
    N_("mstsc reported error code %1$s (%2$s), a code rdpmedic does not know; extended code %3$s: "
       "%4$s");

// decode.h: what xfreerdp reported.
inline constexpr const char* kFreeRdpServerErrorInfo = N_("server error info %1$s");
inline constexpr const char* kFreeRdpError = N_("FreeRDP error %1$s");
inline constexpr const char* kFreeRdpExitCode = N_("exit code %1$s");
inline constexpr const char* kFreeRdpExitCodeHex = N_("exit code %1$s (%2$s)");
inline constexpr const char* kFreeRdpFailedUnknown =
    N_("xfreerdp failed with %1$s, a code rdpmedic does not know");

// What the supervisor and the FreeRDP output parser add.
inline constexpr const char* kClientRejectedArguments =
    N_("the client did not accept its arguments (%1$s); check the client arguments given to "
       "rdpmedic");
inline constexpr const char* kClientTimedOutWithDialogs =
    N_("%1$s neither connected nor failed within %2$s ms of starting to connect (time its "
       "dialogs showed not counted)");
// TRANSLATORS: %1$s is the failure's kind as rdpmedic names it everywhere, e.g. "client-error".
inline constexpr const char* kNotRetrying = N_("not retrying: %1$s cannot be fixed by trying again");
// TRANSLATORS: %1$s is the number of attempts made, 1 or more.
inline constexpr const char* kGaveUp = N_("gave up after %1$s attempts");
inline constexpr const char* kClientTimedOut =
    N_("the client neither connected nor failed within %1$s ms; the server accepted but did not "
       "answer");

// The probe's finding summaries.
inline constexpr const char* kNegotiationFailure =
    N_("the server rejected the security negotiation: RDP_NEG_FAILURE %1$s (%2$s)");
inline constexpr const char* kCertificateExpired = N_("the server's certificate expired on %1$s");
inline constexpr const char* kCertificateNotYetValid =
    N_("the server's certificate is not valid before %1$s");
inline constexpr const char* kCertificateNotIssuedFor =
    N_("the server's certificate is not issued for %1$s");
inline constexpr const char* kCertificateWeak =
    N_("the server's certificate uses a weak key or signature (%1$s, %2$s)");
inline constexpr const char* kGatewayCertificateExpired = N_("the RD Gateway's certificate expired on %1$s");
inline constexpr const char* kGatewayCertificateNotYetValid =
    N_("the RD Gateway's certificate is not valid before %1$s");
inline constexpr const char* kGatewayCertificateNotIssuedFor =
    N_("the RD Gateway's certificate is not issued for %1$s");
inline constexpr const char* kGatewayCertificateWeak =
    N_("the RD Gateway's certificate uses a weak key or signature (%1$s, %2$s)");
// The RD Gateway probe's finding summaries; %1$s is the gateway as host:port.
inline constexpr const char* kGatewayUnresolvable = N_("the RD Gateway's name %1$s does not resolve");
inline constexpr const char* kGatewayNoAnswer = N_("connections to the RD Gateway %1$s get no answer");
// TRANSLATORS: %2$s says why: one of the two texts after this one.
inline constexpr const char* kGatewayUnreachable = N_("the RD Gateway %1$s cannot be reached: %2$s");
inline constexpr const char* kGatewayPortRefused = N_("nothing accepts connections on port %1$s");
inline constexpr const char* kGatewayNoRoute = N_("no route to it");
inline constexpr const char* kGatewayTlsStalled =
    N_("the RD Gateway %1$s accepts TCP but does not finish the TLS handshake");
// TRANSLATORS: %2$s is OpenSSL's error, in English.
inline constexpr const char* kGatewayTlsFails = N_("the TLS handshake with the RD Gateway %1$s fails: %2$s");
// TRANSLATORS: %2$s is the HTTP method, e.g. RDG_OUT_DATA.
inline constexpr const char* kGatewayNoAnswerTo =
    N_("the RD Gateway %1$s does not answer the %2$s request");
inline constexpr const char* kGatewayClosedBeforeRequest =
    N_("the RD Gateway %1$s closed the connection before taking the RDG_OUT_DATA request");
inline constexpr const char* kGatewayNoScheme =
    N_("the RD Gateway %1$s answers as one and wants authentication, but offers no scheme (no "
       "WWW-Authenticate header): clients cannot sign in");
// TRANSLATORS: %2$s lists the authentication schemes, e.g. "Negotiate, NTLM".
inline constexpr const char* kGatewayAuthRequired =
    N_("the RD Gateway %1$s answers the HTTP transport and asks clients to sign in (%2$s)");
// TRANSLATORS: %1$s is an address and port; %2$s says what answers there instead.
inline constexpr const char* kGatewayNotAGateway = N_("what answers on %1$s is not an RD Gateway: %2$s");
inline constexpr const char* kGatewayNoHttpAnswer = N_("closed the connection without an answer");
inline constexpr const char* kGatewayAnswerStopped =
    N_("the answer stopped after %1$s bytes of an HTTP head");
inline constexpr const char* kGatewayClosedAfter =
    N_("the connection closed after %1$s bytes of an HTTP head");
// TRANSLATORS: %2$s and %3$s are an HTTP status, e.g. "405 Method Not Allowed".
inline constexpr const char* kGatewayHttpRefused =
    N_("the RD Gateway %1$s refuses the HTTP transport (RDG_OUT_DATA: %2$s) but serves RPC over "
       "HTTP");
// TRANSLATORS: %2$s is the gateway's URL path, %3$s the HTTP status the web server answered.
inline constexpr const char* kGatewayWebServer =
    N_("what answers on %1$s is a web server, not an RD Gateway: RDG_OUT_DATA %2$s gets %3$s");
inline constexpr const char* kGatewayAnonymous =
    N_("the RD Gateway %1$s lets clients in without authentication and answers the transport's "
       "handshake (version %2$s)");
// TRANSLATORS: %2$s says how the handshake fails: one of the texts after this one.
inline constexpr const char* kGatewayHandshakeFailed =
    N_("the RD Gateway %1$s accepts the HTTP transport but its handshake fails: %2$s");
inline constexpr const char* kGatewayInNoTls =
    N_("the IN channel's connection did not get through TLS");
inline constexpr const char* kGatewayInNoHttp = N_("no HTTP answer to RDG_IN_DATA");
inline constexpr const char* kGatewayInStatus = N_("RDG_IN_DATA got %1$s");
inline constexpr const char* kGatewayInClosed =
    N_("the IN channel closed before the handshake request");
inline constexpr const char* kGatewayNoResponse =
    N_("no handshake response within %1$s ms (%2$s bytes after the 200)");
inline constexpr const char* kGatewayTruncatedResponse = N_("a truncated handshake response");
inline constexpr const char* kGatewayResponseError =
    N_("the handshake response carries error %1$s");
inline constexpr const char* kDnsStaleCache =
    N_("this machine resolves %1$s to %2$s, but its DNS server says %3$s now: a cached answer has "
       "gone stale");
inline constexpr const char* kPathMtuBlackHole =
    N_("the server's TLS answer never arrives in full-size packets, but does in segments of %1$s "
       "bytes: a link on the way carries at most %2$s-byte packets and the ICMP message that would "
       "say so is lost (a path-MTU black hole)");
inline constexpr const char* kDnsUnresolvable = N_("the name %1$s does not resolve");
inline constexpr const char* kDnsSecondLookupFailed =
    N_("a second lookup of %1$s failed where the first succeeded");
inline constexpr const char* kDnsDifferentAddresses =
    N_("two lookups of %1$s gave different addresses");
inline constexpr const char* kIpv6Only = N_("%1$s has IPv6 addresses only");
inline constexpr const char* kPortPartlyOpen =
    N_("port %1$s is open on some addresses of %2$s but not on others");
inline constexpr const char* kPortOneFamily = N_("port %1$s is open over %2$s but not over %3$s");
inline constexpr const char* kPortRefused = N_("connections to port %1$s are refused");
inline constexpr const char* kPortNoAnswer = N_("connections to port %1$s get no answer");
inline constexpr const char* kTlsOutdated =
    N_("the server only speaks %1$s, which this client refuses by default");
inline constexpr const char* kTlsHandshakeFails = N_("the TLS handshake fails: %1$s");
inline constexpr const char* kClockAhead =
    N_("the server's clock is %1$s ahead of this machine's: beyond Kerberos' 5 minutes, so NLA "
       "sign-in with a domain account fails");
inline constexpr const char* kClockBehind =
    N_("the server's clock is %1$s behind this machine's: beyond Kerberos' 5 minutes, so NLA "
       "sign-in with a domain account fails");
inline constexpr const char* kServerCallsItself =
    N_("the server calls itself %1$s, which is neither the name dialled nor a name in its "
       "certificate");
inline constexpr const char* kNoNtlmChallenge =
    N_("the server did not answer the start of NLA with an NTLM challenge (%1$s): clients that "
       "sign in with NTLM fail");
inline constexpr const char* kNtlmNames = N_("the server's NTLM challenge names it %1$s");
inline constexpr const char* kNtlmNamesInDomain =
    N_("the server's NTLM challenge names it %1$s in %2$s");
inline constexpr const char* kNtlmNamesVersion =
    N_("the server's NTLM challenge names it %1$s, version %2$s");
inline constexpr const char* kNtlmNamesInDomainVersion =
    N_("the server's NTLM challenge names it %1$s in %2$s, version %3$s");

// Joins with nothing to translate: a meaning with its evidence, and a list of evidence. They
// let a sentence's parts be translated one by one, and come last because they fit almost any
// text.
inline constexpr const char* kWithEvidence = "%1$s (%2$s)";
inline constexpr const char* kListed = "%1$s, %2$s";

/// Every format above, the specific ones before the joins: the order i18n::translated tries.
std::span<const char* const> composed_formats();

} // namespace rdpmedic::texts
