#pragma once
/// Logging set-up shared by the executables: a rotating file in the state directory, and
/// optionally the console.

#include <filesystem>
#include <stdexcept>
#include <string>

namespace rdpmedic {

class LoggingError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

struct LoggingOptions {
    std::filesystem::path directory; ///< where rdpmedic.log goes; created if missing
    bool console = false;            ///< also log to stderr (warnings and up; everything when verbose)
    bool verbose = false;            ///< debug lines too
};

/// Installs the default logger. Throws LoggingError, saying which directory and what to do,
/// when the log file cannot be written.
void init_logging(const LoggingOptions& options);

} // namespace rdpmedic
