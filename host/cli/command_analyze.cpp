#include "arguments.h"
#include "commands.h"
#include "exit_codes.h"
#include "rdpmedic/core/event_log.h"
#include "rdpmedic/core/json.h"
#include "rdpmedic/core/path_text.h"
#include "rdpmedic/i18n/translate.h"
#include "rdpmedic/i18n/translated.h"

#include <algorithm>
#include <cstdio>
#include <fstream>

namespace rdpmedic::cli {

const char* const kAnalyzeUsage = N_(
    "usage: rdpmedic-cli analyze FILE.xml [--json]\n"
    "  Reads the Windows RDP client's event log, exported with\n"
    "    wevtutil qe Microsoft-Windows-TerminalServices-RDPClient/Operational /f:xml > FILE.xml\n"
    "  or Event Viewer's \"Save as XML\", and lists each connection with its outcome decoded.\n"
    "  Exit code 1 when some connection failed.\n");

namespace {

using i18n::formatted;
using i18n::tr;

constexpr std::size_t kMaxExportBytes = 256u * 1024 * 1024;

std::string read_export(const std::string& path) {
    std::ifstream in(utf8_path(path), std::ios::binary);
    if (!in) {
        throw UsageError(formatted(tr("cannot open '%s'; export the log with wevtutil qe … /f:xml first"), path.c_str()));
    }
    in.seekg(0, std::ios::end);
    const auto size = static_cast<std::size_t>(std::max<std::streamoff>(in.tellg(), 0));
    if (size > kMaxExportBytes) {
        throw UsageError(formatted(tr("'%s' is larger than 256 MiB; export fewer events (wevtutil /c:N)"), path.c_str()));
    }
    in.seekg(0);
    std::string text(size, '\0');
    in.read(text.data(), static_cast<std::streamsize>(size));
    return text;
}

/// The outcome's id, as --json has it; tr() shows it in the user's language.
const char* outcome_of(const RdpClientConnection& connection) {
    if (connection.failure) {
        return N_("failed");
    }
    if (connection.disc_reason) {
        return connection.connected ? N_("ended") : N_("closed");
    }
    return connection.connected ? N_("connected") : N_("in progress");
}

} // namespace

int run_analyze(const std::vector<std::string>& raw) {
    const Arguments args(raw, {{"json", false, false}});
    if (args.positionals().size() != 1) {
        throw UsageError(tr("analyze needs exactly one exported event log file"));
    }
    const std::string path = args.positionals().front();
    std::vector<RdpClientConnection> connections;
    try {
        connections = correlate_connections(parse_event_log_xml(read_export(path)));
    } catch (const EventLogError& error) {
        throw UsageError(path + ": " + error.what());
    }
    bool any_failed = false;
    for (const auto& connection : connections) {
        any_failed = any_failed || connection.failure.has_value();
        if (args.flag("json")) {
            nlohmann::json line = {{"activity_id", connection.activity_id},
                                   {"server", connection.server},
                                   {"started", connection.started},
                                   {"outcome", outcome_of(connection)},
                                   {"connected", connection.connected},
                                   {"used_udp", connection.used_udp}};
            if (connection.disc_reason) {
                line["disc_reason"] = to_hex(*connection.disc_reason);
            }
            if (connection.failure) {
                line["failure"] = to_json(*connection.failure);
            }
            std::printf("%s\n", line.dump().c_str());
            continue;
        }
        std::printf("%s  %-30s %-11s%s\n", connection.started.c_str(),
                    connection.server.empty() ? tr("(unknown server)") : connection.server.c_str(),
                    tr(outcome_of(connection)), connection.used_udp ? tr("  (UDP was used)") : "");
        if (connection.failure) {
            std::printf("%30s %s: %s\n", "", std::string(to_id(connection.failure->kind)).c_str(),
                        i18n::translated(connection.failure->message).c_str());
        }
    }
    if (connections.empty() && !args.flag("json")) {
        std::printf(tr("no RDP client connections in %s\n"), path.c_str());
    }
    return any_failed ? kFailed : kOk;
}

} // namespace rdpmedic::cli
