#include "rdpmedic/plugins/journal.h"

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <fcntl.h>
#include <fstream>
#include <map>
#include <stdexcept>
#include <sys/file.h>
#include <unistd.h>

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
    const auto now = std::chrono::system_clock::now();
    const std::time_t seconds = std::chrono::system_clock::to_time_t(now);
    const auto millis = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
    std::tm utc{};
    ::gmtime_r(&seconds, &utc);
    char text[96];
    std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", utc.tm_year + 1900, utc.tm_mon + 1,
                  utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec, static_cast<int>(millis));
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

/// Holds an exclusive lock on the journal while ids are chosen and lines appended, so two
/// processes never hand out the same id.
class LockedFile {
  public:
    explicit LockedFile(const std::filesystem::path& file) {
        std::filesystem::create_directories(file.parent_path());
        fd_ = ::open(file.c_str(), O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
        if (fd_ < 0) {
            throw std::runtime_error(file.string() + ": the journal cannot be opened; no change was made");
        }
        while (::flock(fd_, LOCK_EX) != 0 && errno == EINTR) {
        }
    }
    ~LockedFile() { ::close(fd_); }
    LockedFile(const LockedFile&) = delete;
    LockedFile& operator=(const LockedFile&) = delete;

    void append(const std::string& line, const std::filesystem::path& file) const {
        // After a crash mid-write the file may end inside a line: start on a fresh one so
        // the torn line stays the only casualty.
        std::string record = line + "\n";
        const off_t size = ::lseek(fd_, 0, SEEK_END);
        char last = '\n';
        if (size > 0 && ::pread(fd_, &last, 1, size - 1) == 1 && last != '\n') {
            record.insert(record.begin(), '\n');
        }
        if (::write(fd_, record.data(), record.size()) != static_cast<ssize_t>(record.size()) || ::fsync(fd_) != 0) {
            throw std::runtime_error(file.string() + ": the journal cannot be written; no change was made");
        }
    }

  private:
    int fd_ = -1;
};

} // namespace

Journal::Journal(std::filesystem::path file) : file_(std::move(file)) {}

std::string Journal::begin(const std::string& plugin, const Change& change, const std::optional<StoredValue>& prior) {
    const LockedFile locked(file_);
    const std::string id = std::to_string(entries().size() + 1);
    const nlohmann::json record = {{"op", "begin"},   {"id", id},           {"at", now_utc()},
                                   {"plugin", plugin}, {"change", to_json(change)}, {"prior", to_json(prior)}};
    locked.append(record.dump(), file_);
    return id;
}

void Journal::mark(const std::string& id, JournalState state, const std::string& error) {
    const LockedFile locked(file_);
    nlohmann::json record = {{"op", op_of(state)}, {"id", id}, {"at", now_utc()}};
    if (!error.empty()) {
        record["error"] = error;
    }
    locked.append(record.dump(), file_);
}

std::vector<JournalEntry> Journal::entries() const {
    std::vector<JournalEntry> result;
    std::map<std::string, std::size_t> index;
    std::ifstream in(file_);
    std::string line;
    while (std::getline(in, line)) {
        const nlohmann::json record = nlohmann::json::parse(line, nullptr, false);
        if (!record.is_object() || !record.contains("op") || !record.contains("id")) {
            continue; // a torn line from a crash mid-write: the step it records did not happen
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
                index[id] = result.size();
                result.push_back(std::move(entry));
            } else if (const auto state = state_from_op(op); state && index.count(id) != 0) {
                JournalEntry& entry = result[index[id]];
                entry.state = *state;
                entry.error = record.value("error", "");
            }
        } catch (const std::exception&) {
            continue;
        }
    }
    return result;
}

std::filesystem::path journal_file(const std::filesystem::path& state_dir) { return state_dir / "journal.jsonl"; }

} // namespace rdpmedic::plugins
