#include "rdpmedic/plugins/journal.h"

#include "rdpmedic/platform/locked_append_file.h"

#include <chrono>
#include <cstdio>
#include <fstream>
#include <map>
#include <stdexcept>

namespace rdpmedic::plugins {

std::string_view to_id(JournalState state) {
    switch (state) {
    case JournalState::Pending: return "pending";
    case JournalState::Done: return "done";
    case JournalState::Failed: return "failed";
    case JournalState::Undoing: return "undoing";
    case JournalState::Undone: return "undone";
    }
    return "unknown";
}

namespace {

std::string now_utc() {
    using namespace std::chrono;
    const auto now = floor<milliseconds>(system_clock::now());
    const auto day = floor<days>(now);
    const year_month_day date{day};
    const hh_mm_ss time{now - day};
    char text[96];
    std::snprintf(text, sizeof text, "%04d-%02u-%02uT%02d:%02d:%02d.%03dZ", static_cast<int>(date.year()),
                  static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()),
                  static_cast<int>(time.hours().count()), static_cast<int>(time.minutes().count()),
                  static_cast<int>(time.seconds().count()), static_cast<int>(time.subseconds().count()));
    return text;
}

std::optional<JournalState> state_from_op(const std::string& op) {
    if (op == "done") return JournalState::Done;
    if (op == "failed") return JournalState::Failed;
    if (op == "undo-begin") return JournalState::Undoing;
    if (op == "undone") return JournalState::Undone;
    return std::nullopt;
}

std::string_view op_of(JournalState state) {
    switch (state) {
    case JournalState::Done: return "done";
    case JournalState::Failed: return "failed";
    case JournalState::Undoing: return "undo-begin";
    case JournalState::Undone: return "undone";
    case JournalState::Pending: break;
    }
    throw std::logic_error("pending is recorded by begin()");
}

} // namespace

Journal::Journal(std::filesystem::path file) : file_(std::move(file)) {}

std::string Journal::begin(const std::string& plugin, const Change& change, const std::optional<StoredValue>& prior) {
    const LockedAppendFile locked(file_);
    const std::string id = std::to_string(entries().size() + 1);
    const nlohmann::json record = {{"op", "begin"},   {"id", id},           {"at", now_utc()},
                                   {"plugin", plugin}, {"change", to_json(change)}, {"prior", to_json(prior)}};
    locked.append(record.dump());
    return id;
}

void Journal::mark(const std::string& id, JournalState state, const std::string& error) {
    const LockedAppendFile locked(file_);
    nlohmann::json record = {{"op", op_of(state)}, {"id", id}, {"at", now_utc()}};
    if (!error.empty()) {
        record["error"] = error;
    }
    locked.append(record.dump());
}

JournalReading Journal::read() const {
    JournalReading reading;
    std::map<std::string, std::size_t> index;
    std::error_code missing;
    if (std::filesystem::is_symlink(file_, missing)) {
        // Appends never follow one either (O_NOFOLLOW): what it points to is not this journal.
        throw std::runtime_error(file_.string() + ": the journal is a symbolic link; refused, nothing was changed");
    }
    std::ifstream in(file_);
    if (!in && std::filesystem::exists(file_, missing)) {
        throw std::runtime_error(file_.string() +
                                 ": the journal exists but cannot be read; it must belong to the user whose "
                                 "changes it records (sudo chown \"$USER\" on it), nothing was changed");
    }
    std::string line;
    for (std::size_t number = 1; std::getline(in, line); ++number) {
        if (line.empty()) {
            continue;
        }
        const nlohmann::json record = nlohmann::json::parse(line, nullptr, false);
        if (!record.is_object() || !record.contains("op") || !record.contains("id")) {
            // A crash mid-write tears a line: the step it records did not happen.
            reading.problems.push_back({number, "not a complete record (a write cut short, or a damaged file)"});
            continue;
        }
        try {
            const std::string op = record["op"].get<std::string>();
            const std::string id = record["id"].get<std::string>();
            if (op == "begin") {
                JournalEntry entry;
                entry.id = id;
                entry.at = record.at("at").get<std::string>();
                entry.plugin = record.at("plugin").get<std::string>();
                entry.change = change_from_json(record.at("change"));
                entry.prior = stored_value_from_json(record.at("prior"));
                if (index.count(id) != 0) {
                    throw std::runtime_error("a second change with id " + id);
                }
                index[id] = reading.entries.size();
                reading.entries.push_back(std::move(entry));
            } else if (const auto state = state_from_op(op); state && index.count(id) != 0) {
                JournalEntry& entry = reading.entries[index[id]];
                entry.state = *state;
                entry.error = record.value("error", "");
            } else {
                throw std::runtime_error("\"" + op + "\" for id " + id + ", which no change has");
            }
        } catch (const std::exception& error) {
            reading.problems.push_back({number, std::string("a record that does not hold together: ") + error.what()});
        }
    }
    return reading;
}

std::string describe(const JournalProblem& problem) {
    return "journal line " + std::to_string(problem.line) + ": " + problem.what +
           "; it is left as it is and not undone";
}

std::filesystem::path journal_file(const std::filesystem::path& state_dir) { return state_dir / "journal.jsonl"; }

} // namespace rdpmedic::plugins
