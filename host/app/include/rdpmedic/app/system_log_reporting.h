#pragma once
/// Delivers the system log events (system_log_events.h) to this OS's system log: one log per
/// process, shared by every connection. Connection reports its own events; the undo paths
/// of the CLI and the tray call report_undone.

#include "rdpmedic/platform/system_log.h"

#include <filesystem>
#include <string>
#include <vector>

namespace rdpmedic::app {

/// Made on first use.
SystemLog& process_system_log();

void write_to_system_log(const std::vector<SystemLogRecord>& records);

/// One fix-undone event per id in `undone`, with the plugin and the change the journal
/// `journal_file` records for it.
void report_undone(const std::filesystem::path& journal_file, const std::vector<std::string>& undone);

} // namespace rdpmedic::app
