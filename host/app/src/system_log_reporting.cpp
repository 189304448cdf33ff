#include "rdpmedic/app/system_log_reporting.h"

#include "rdpmedic/app/system_log_events.h"
#include "rdpmedic/plugins/change.h"
#include "rdpmedic/plugins/journal.h"

#include <spdlog/spdlog.h>

#include <algorithm>

namespace rdpmedic::app {

SystemLog& process_system_log() {
    static const std::unique_ptr<SystemLog> log = make_system_log();
    return *log;
}

void write_to_system_log(const std::vector<SystemLogRecord>& records) {
    for (const auto& record : records) {
        process_system_log().write(record);
    }
}

void report_undone(const std::filesystem::path& journal_file, const std::vector<std::string>& undone) {
    if (undone.empty()) {
        return;
    }
    std::vector<plugins::JournalEntry> entries;
    try {
        entries = plugins::Journal(journal_file).entries();
    } catch (const std::runtime_error& error) {
        // The undo itself is done; the event then says less.
        spdlog::warn("the system log's undo events lack plugin and change: {}", error.what());
    }
    for (const auto& id : undone) {
        const auto entry = std::find_if(entries.begin(), entries.end(),
                                        [&id](const plugins::JournalEntry& candidate) { return candidate.id == id; });
        process_system_log().write(entry == entries.end()
                                       ? undone_record(id, {}, {})
                                       : undone_record(id, entry->plugin, plugins::describe(entry->change)));
    }
}

} // namespace rdpmedic::app
