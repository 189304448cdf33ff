#pragma once
/// rdpmedic-cli's exit codes; the README documents the same table.

namespace rdpmedic::cli {

enum ExitCode : int {
    kOk = 0,              ///< connected / decoded
    kFailed = 1,          ///< the connection failed and rdpmedic gave up; or decode: a code nobody knows
    kUsage = 2,           ///< bad arguments or bad input (target, .rdp file, code)
    kEnvironment = 3,     ///< cannot run here: client missing, log directory not writable
    kCancelled = 4,       ///< stopped by Ctrl+C or a termination signal
    kHandedOver = 5,      ///< another client took the connection; whether it connected is not known
};

} // namespace rdpmedic::cli
