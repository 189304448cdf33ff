#pragma once
/// Diagnosis on demand, for front ends that do not link the probe themselves.

#include "rdpmedic/core/diagnosis.h"

#include <string>

namespace rdpmedic::app {

/// Probes "HOST[:PORT]" or an .rdp file's target. Throws TargetError or RdpFileError for bad
/// input and std::runtime_error when the probe cannot be set up (OpenSSL).
Diagnosis diagnose(const std::string& where, const DiagnoseOptions& options = {});

} // namespace rdpmedic::app
