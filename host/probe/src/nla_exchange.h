#pragma once
// The start of CredSSP without credentials: a TSRequest with an NTLM NEGOTIATE_MESSAGE out,
// the server's CHALLENGE_MESSAGE back. Nothing more is sent: the caller closes the channel.

#include "net.h"
#include "rdpmedic/probe/nla.h"
#include "tls_channel.h"

namespace rdpmedic::probe {

/// Never waits past `deadline`, and reads at most one TSRequest's worth (kMaxTsRequest).
NlaAnswer ask_for_challenge(tls::Channel& channel, net::Deadline deadline);

} // namespace rdpmedic::probe
