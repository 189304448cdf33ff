#pragma once
/// The write-ahead journal of system changes: one JSON object per line, only ever appended,
/// each line flushed to disk (fsync) before the step it records is taken. A change is
/// journaled with its prior value before it is made, then marked done; undo is journaled the
/// same way. A crash at any point leaves enough to restore the prior value.
///
/// Records: {"op":"begin","id","at","plugin","change":{…},"prior":{"type","data"}|null}
///          {"op":"done"|"failed"|"undo-begin"|"undone","id","at"[,"error"]}
/// A torn line (a crash mid-write) or a record that does not hold together (a damaged or
/// edited file: the journal is the user's and may be forged) is reported and skipped when
/// read; the file itself is only ever appended to, so nothing in it is lost.

#include "rdpmedic/plugins/change.h"

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rdpmedic::plugins {

enum class JournalState {
    Pending, ///< journaled, the change may or may not have been made (a crash in between)
    Done,
    Failed,  ///< the change could not be made; nothing to undo
    Undoing, ///< an undo was started and not finished
    Undone,
};

std::string_view to_id(JournalState state);

struct JournalEntry {
    std::string id; ///< "1", "2", … in journal order
    std::string at; ///< UTC ISO 8601
    std::string plugin;
    Change change;
    std::optional<StoredValue> prior;
    JournalState state = JournalState::Pending;
    std::string error;

    /// Undo has something to restore.
    bool needs_undo() const {
        return is_reversible(change) && state != JournalState::Failed && state != JournalState::Undone;
    }
};

/// A line that is not a usable record; it stays in the file as it is.
struct JournalProblem {
    std::size_t line = 0; ///< 1-based
    std::string what;
};

struct JournalReading {
    std::vector<JournalEntry> entries;
    std::vector<JournalProblem> problems;
};

/// "journal line N: what; it is left as it is and not undone".
std::string describe(const JournalProblem& problem);

class Journal {
  public:
    explicit Journal(std::filesystem::path file);

    /// Appends a begin record and syncs it; returns the new change's id. Throws
    /// std::runtime_error when the journal cannot be written (then nothing may be changed).
    std::string begin(const std::string& plugin, const Change& change, const std::optional<StoredValue>& prior);
    void mark(const std::string& id, JournalState state, const std::string& error = {});

    /// Every change, oldest first, with its latest state.
    std::vector<JournalEntry> entries() const { return read().entries; }
    /// The same and the lines that could not be used. Throws std::runtime_error when the
    /// journal is a symbolic link or exists but cannot be read (e.g. another user's).
    JournalReading read() const;
    const std::filesystem::path& file() const { return file_; }

  private:
    std::filesystem::path file_;
};

/// The journal's place: STATE_DIR/journal.jsonl.
std::filesystem::path journal_file(const std::filesystem::path& state_dir);

} // namespace rdpmedic::plugins
