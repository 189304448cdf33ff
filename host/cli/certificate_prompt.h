#pragma once
/// How `connect` answers "do you trust this certificate?": the fingerprint given with
/// --accept-certificate, else a question on the terminal, else no.

#include "rdpmedic/app/certificate_trust.h"

#include <cstdio>
#include <optional>
#include <string>

namespace rdpmedic::cli {

/// `accepted`: the fingerprint from --accept-certificate, already checked. `out` is where the
/// certificate is shown (stderr with --json, so JSON lines stay parseable). `where` is the
/// target as the user typed it, for the command that accepts it.
app::CertificateTrustOptions certificate_prompt(std::optional<std::string> accepted, std::FILE* out,
                                                std::string where);

} // namespace rdpmedic::cli
