#include "rdpmedic/core/history.h"

#include "rdpmedic/core/json.h"
#include "rdpmedic/core/stored_file.h"

namespace rdpmedic {

History::History(std::filesystem::path file, std::size_t limit)
    : m_file(std::move(file)), m_limit(limit == 0 ? 1 : limit) {}

std::optional<std::string> History::load() {
    m_sessions = nlohmann::json::array();
    const auto text = read_stored_file(m_file);
    if (!text) {
        return std::nullopt;
    }
    std::string problem;
    try {
        auto json = nlohmann::json::parse(*text);
        if (json.is_object() && json.contains("sessions") && json["sessions"].is_array()) {
            m_sessions = std::move(json["sessions"]);
            return std::nullopt;
        }
        problem = "it has no \"sessions\" list";
    } catch (const nlohmann::json::exception& error) {
        problem = error.what();
    }
    const auto copy = keep_aside(m_file);
    return m_file.string() + " could not be read (" + problem + "); a copy was kept as " +
           copy.string() + " and a new history was started";
}

void History::save() const {
    write_file_atomically(m_file, nlohmann::json{{"version", 1}, {"sessions", m_sessions}}.dump() + "\n");
}

std::size_t History::begin(const std::string& target) {
    SupervisorEvent now;
    now.at = std::chrono::system_clock::now();
    m_sessions.push_back({{"target", target},
                          {"started", to_json(now)["at"]},
                          {"outcome", "launching"},
                          {"events", nlohmann::json::array()}});
    while (m_sessions.size() > m_limit) {
        m_sessions.erase(m_sessions.begin());
    }
    return m_sessions.size() - 1;
}

void History::record(const SupervisorEvent& event) {
    if (m_sessions.empty()) {
        begin(event.target.to_string());
    }
    auto& session = m_sessions.back();
    session["events"].push_back(to_json(event));
    session["outcome"] = std::string(to_id(event.state));
}

} // namespace rdpmedic
