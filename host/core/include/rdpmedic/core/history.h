#pragma once
/// Every connection the user started, with each state change as its JSON event (the schema
/// of `--json`, see json.h), so a front end can show attempts, decoded failures and
/// diagnoses after a restart. Stored as one JSON document, oldest session first.

#include "rdpmedic/core/supervisor.h"

#include <nlohmann/json.hpp>

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>

namespace rdpmedic {

class History {
  public:
    static constexpr std::size_t kDefaultLimit = 200;

    explicit History(std::filesystem::path file, std::size_t limit = kDefaultLimit);

    /// Reads the file. A corrupt one is kept aside (see keep_aside) and the history starts
    /// empty; the returned text says so. nullopt when all went well or there was no file.
    std::optional<std::string> load();
    /// Atomic, and merged with what other processes (the CLI, the tray) saved meanwhile: the
    /// file's sessions are kept and this process's own are added or replaced. Throws
    /// StoredFileError.
    void save() const;

    /// Starts a session and returns its id, unique among this process's sessions; older
    /// sessions beyond the limit are dropped.
    std::string begin(const std::string& target);
    /// Appends to the session `id` began, and sets its "outcome" to the event's state id.
    /// Several sessions can be open at once; one dropped by the limit meanwhile starts again.
    void record(const std::string& id, const SupervisorEvent& event);
    /// Appends to the newest session (one is begun when there is none).
    void record(const SupervisorEvent& event);

    /// [{"id","target","started","outcome","events":[…]}], oldest first.
    const nlohmann::json& sessions() const { return m_sessions; }
    const std::filesystem::path& file() const { return m_file; }

  private:
    static void append(nlohmann::json& session, const SupervisorEvent& event);

    std::filesystem::path m_file;
    std::size_t m_limit;
    nlohmann::json m_sessions = nlohmann::json::array();
    std::size_t m_own = 0; ///< how many of the newest sessions this process began
    unsigned m_begun = 0;  ///< sessions begun by this process, for their ids
};

} // namespace rdpmedic
