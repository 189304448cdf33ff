#include "rdpmedic/core/history.h"

#include "rdpmedic/core/json.h"
#include "rdpmedic/core/path_text.h"
#include "rdpmedic/core/stored_file.h"

#include <algorithm>

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
    return utf8_text(m_file) + " could not be read (" + problem + "); a copy was kept as " +
           utf8_text(copy) + " and a new history was started";
}

void History::save() const {
    const auto own_begin = m_sessions.end() - static_cast<std::ptrdiff_t>(std::min(m_own, m_sessions.size()));
    const auto is_own = [&](const nlohmann::json& session) {
        return std::any_of(own_begin, m_sessions.end(), [&](const nlohmann::json& mine) {
            return mine.value("id", nlohmann::json()) == session.value("id", nlohmann::json()) &&
                   mine["started"] == session.value("started", nlohmann::json()) &&
                   mine["target"] == session.value("target", nlohmann::json());
        });
    };
    update_stored_file(m_file, [&](const std::optional<std::string>& current) {
        nlohmann::json merged = nlohmann::json::array();
        const auto on_disk = current ? nlohmann::json::parse(*current, nullptr, false) : nlohmann::json();
        if (on_disk.is_object() && on_disk.contains("sessions") && on_disk["sessions"].is_array()) {
            for (const auto& session : on_disk["sessions"]) {
                if (session.is_object() && !is_own(session)) {
                    merged.push_back(session);
                }
            }
        } else {
            merged.insert(merged.end(), m_sessions.begin(), own_begin); // what this process loaded
        }
        merged.insert(merged.end(), own_begin, m_sessions.end());
        while (merged.size() > m_limit) {
            merged.erase(merged.begin());
        }
        return nlohmann::json{{"version", 1}, {"sessions", merged}}.dump() + "\n";
    });
}

std::string History::begin(const std::string& target) {
    SupervisorEvent now;
    now.at = std::chrono::system_clock::now();
    // The start time to the millisecond and a count: distinct for every session this process
    // begins, and between processes unless two begin the same target in the same millisecond.
    const std::string started = to_json(now)["at"];
    std::string id = started + "#" + std::to_string(++m_begun);
    m_sessions.push_back({{"id", id},
                          {"target", target},
                          {"started", to_json(now)["at"]},
                          {"outcome", "launching"},
                          {"events", nlohmann::json::array()}});
    ++m_own;
    while (m_sessions.size() > m_limit) {
        m_sessions.erase(m_sessions.begin());
    }
    m_own = std::min(m_own, m_sessions.size());
    return id;
}

void History::record(const std::string& id, const SupervisorEvent& event) {
    auto session = std::find_if(m_sessions.rbegin(), m_sessions.rend(),
                                [&](const nlohmann::json& s) { return s.value("id", std::string()) == id; });
    if (session == m_sessions.rend()) {
        begin(event.target.to_string());
        session = m_sessions.rbegin();
        (*session)["id"] = id;
    }
    append(*session, event);
}

void History::record(const SupervisorEvent& event) {
    if (m_sessions.empty()) {
        begin(event.target.to_string());
    }
    append(m_sessions.back(), event);
}

void History::append(nlohmann::json& session, const SupervisorEvent& event) {
    session["events"].push_back(to_json(event));
    session["outcome"] = std::string(to_id(event.state));
}

} // namespace rdpmedic
