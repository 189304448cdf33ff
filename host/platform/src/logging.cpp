#include "rdpmedic/platform/logging.h"

#include "rdpmedic/core/path_text.h"

#include <spdlog/sinks/rotating_file_sink.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <system_error>
#include <vector>

namespace rdpmedic {

namespace {
constexpr std::size_t kLogFileBytes = 2 * 1024 * 1024;
constexpr std::size_t kLogFiles = 3;
} // namespace

void init_logging(const LoggingOptions& options) {
    std::error_code ec;
    std::filesystem::create_directories(options.directory, ec);
    if (ec) {
        throw LoggingError("cannot create the log directory " + utf8_text(options.directory) + ": " +
                           ec.message() + "; fix its permissions or point XDG_STATE_HOME elsewhere");
    }
    const auto file = options.directory / "rdpmedic.log";
    std::vector<spdlog::sink_ptr> sinks;
    try {
        sinks.push_back(std::make_shared<spdlog::sinks::rotating_file_sink_mt>(
            // native(): spdlog's file name type, UTF-16 on Windows (SPDLOG_WCHAR_FILENAMES).
            file.native(), kLogFileBytes, kLogFiles));
    } catch (const spdlog::spdlog_ex& error) {
        throw LoggingError("cannot write the log file " + utf8_text(file) + ": " + error.what() +
                           "; fix its permissions or point XDG_STATE_HOME elsewhere");
    }
    sinks.back()->set_level(options.verbose ? spdlog::level::debug : spdlog::level::info);
    if (options.console) {
        auto console = std::make_shared<spdlog::sinks::stderr_color_sink_mt>();
        console->set_level(options.verbose ? spdlog::level::debug : spdlog::level::warn);
        sinks.push_back(console);
    }
    auto logger = std::make_shared<spdlog::logger>("rdpmedic", sinks.begin(), sinks.end());
    logger->set_level(spdlog::level::debug);
    logger->flush_on(spdlog::level::info);
    spdlog::set_default_logger(logger);
}

} // namespace rdpmedic
