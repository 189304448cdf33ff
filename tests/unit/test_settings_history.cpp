// Settings and history files: round trips, defaults for bad values, and a corrupt file kept
// aside rather than lost.
#include "rdpmedic/core/history.h"
#include "rdpmedic/core/settings.h"
#include "rdpmedic/core/stored_file.h"

#include "temp_dir.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>

using namespace rdpmedic;
using rdpmedic::test::TempDir;

namespace {

int count_prefixed(const std::filesystem::path& dir, const std::string& prefix) {
    int n = 0;
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
        n += entry.path().filename().string().starts_with(prefix) ? 1 : 0;
    }
    return n;
}

} // namespace

TEST_CASE("settings: a missing file gives the defaults", "[settings]") {
    TempDir dir;
    const auto loaded = load_settings(dir / "settings.json");
    CHECK(loaded.settings == Settings{});
    CHECK_FALSE(loaded.problem);
}

TEST_CASE("settings: save and load round trip", "[settings]") {
    TempDir dir;
    Settings s;
    s.max_attempts = 7;
    s.auto_retry = false;
    s.client_args = {"/sec:tls"};
    s.remember({"a.example:3390", "alice"});
    s.remember({"b.rdp", "", true});
    save_settings(s, dir / "sub" / "settings.json");
    const auto loaded = load_settings(dir / "sub" / "settings.json");
    CHECK(loaded.settings == s);
    CHECK(count_prefixed(dir / "sub", "settings.json.tmp") == 0);
}

TEST_CASE("settings: recent targets move to the front and are bounded", "[settings]") {
    Settings s;
    for (int i = 0; i < 15; ++i) {
        s.remember({"host" + std::to_string(i), ""});
    }
    s.remember({"host9", "bob"});
    REQUIRE(s.recent.size() == Settings::kRecentLimit);
    CHECK(s.recent.front() == RecentTarget{"host9", "bob"});
    CHECK(std::count_if(s.recent.begin(), s.recent.end(), [](const auto& r) { return r.target == "host9"; }) == 1);
}

TEST_CASE("settings: bad values keep their defaults, the rest is read", "[settings]") {
    const auto s = settings_from_json(nlohmann::json::parse(
        R"({"max_attempts": 0, "backoff_ms": "soon", "auto_retry": false, "future_key": 1})"));
    CHECK(s.max_attempts == 3);
    CHECK(s.backoff_ms == 1000);
    CHECK_FALSE(s.auto_retry);
}

TEST_CASE("settings: a corrupt file is kept aside, reported and replaced by defaults", "[settings]") {
    TempDir dir;
    const auto file = dir / "settings.json";
    std::ofstream(file) << "{\"max_attempts\": 5,";
    const auto loaded = load_settings(file);
    CHECK(loaded.settings == Settings{});
    REQUIRE(loaded.problem);
    CHECK_THAT(*loaded.problem, Catch::Contains("a copy was kept as"));
    REQUIRE(loaded.kept_copy);
    CHECK(read_stored_file(*loaded.kept_copy).value() == "{\"max_attempts\": 5,");
    CHECK(count_prefixed(dir.path(), "settings.json.corrupt-") == 1);
    // The replacement is valid, so the next start is quiet.
    CHECK_FALSE(load_settings(file).problem);
    // A second corrupt file in the same second does not overwrite the first copy.
    std::ofstream(file) << "garbage";
    (void)load_settings(file);
    CHECK(count_prefixed(dir.path(), "settings.json.corrupt-") == 2);
}

TEST_CASE("history: sessions and events round trip, bounded", "[history]") {
    TempDir dir;
    History history(dir / "history.json", 3);
    for (int i = 0; i < 5; ++i) {
        history.begin("host" + std::to_string(i) + ":3389");
        SupervisorEvent event;
        event.state = SupervisorState::Failed;
        event.target = Target{"host" + std::to_string(i), 3389};
        event.attempt = 1;
        event.max_attempts = 3;
        event.failure = Failure{FailureKind::SocketClosed, true, {}, "closed", "", ""};
        history.record(event);
    }
    history.save();
    History again(dir / "history.json", 3);
    CHECK_FALSE(again.load());
    REQUIRE(again.sessions().size() == 3);
    CHECK(again.sessions().front()["target"] == "host2:3389");
    CHECK(again.sessions().back()["outcome"] == "failed");
    CHECK(again.sessions().back()["events"][0]["failure"]["kind"] == "socket-closed");
}

TEST_CASE("history: events of sessions open at once go to their own session", "[history]") {
    TempDir dir;
    History history(dir / "history.json");
    const std::string first = history.begin("alpha:3389");
    const std::string second = history.begin("alpha:3389"); // the same target, opened twice
    REQUIRE(first != second);
    SupervisorEvent connected;
    connected.state = SupervisorState::Connected;
    connected.target = Target{"alpha", 3389};
    SupervisorEvent failed = connected;
    failed.state = SupervisorState::Failed;
    history.record(first, connected);
    history.record(second, failed);
    history.record(first, failed);
    history.save();
    History again(dir / "history.json");
    REQUIRE_FALSE(again.load());
    REQUIRE(again.sessions().size() == 2);
    CHECK(again.sessions()[0]["id"] == first);
    CHECK(again.sessions()[0]["events"].size() == 2);
    CHECK(again.sessions()[1]["events"].size() == 1);
    CHECK(again.sessions()[1]["outcome"] == "failed");
    // A session the limit dropped meanwhile is begun again rather than lost or misfiled.
    History small(dir / "small.json", 1);
    const std::string old = small.begin("old:3389");
    small.begin("new:3389");
    small.record(old, connected);
    REQUIRE(small.sessions().size() == 1);
    CHECK(small.sessions()[0]["id"] == old);
    CHECK(small.sessions()[0]["outcome"] == "connected");
}

TEST_CASE("history: a corrupt file is kept aside and a new history started", "[history]") {
    TempDir dir;
    std::ofstream(dir / "history.json") << "[1, 2";
    History history(dir / "history.json");
    const auto problem = history.load();
    REQUIRE(problem);
    CHECK_THAT(*problem, Catch::Contains("a copy was kept as"));
    CHECK(history.sessions().empty());
    CHECK(count_prefixed(dir.path(), "history.json.corrupt-") == 1);
}

TEST_CASE("history: the CLI and the tray saving the same file keep each other's sessions", "[history]") {
    TempDir dir;
    History cli(dir / "history.json");
    History tray(dir / "history.json");
    REQUIRE_FALSE(cli.load());
    REQUIRE_FALSE(tray.load());
    cli.begin("from-the-cli:3389");
    tray.begin("from-the-tray:3389");
    cli.save();
    tray.save();
    SupervisorEvent connected;
    connected.state = SupervisorState::Connected;
    connected.target = Target{"from-the-cli", 3389};
    cli.record(connected);
    cli.save(); // replaces its own session, keeps the tray's
    History reader(dir / "history.json");
    REQUIRE_FALSE(reader.load());
    REQUIRE(reader.sessions().size() == 2);
    CHECK(reader.sessions()[0]["target"] == "from-the-tray:3389");
    CHECK(reader.sessions()[1]["target"] == "from-the-cli:3389");
    CHECK(reader.sessions()[1]["outcome"] == "connected");
    CHECK(count_prefixed(dir.path(), "history.json.tmp") == 0);
}

TEST_CASE("stored files: two copies kept aside in the same second do not overwrite each other", "[history]") {
    TempDir dir;
    std::ofstream(dir / "history.json") << "first damage";
    const auto first = keep_aside(dir / "history.json");
    std::ofstream(dir / "history.json") << "second damage";
    const auto second = keep_aside(dir / "history.json");
    CHECK(first != second);
    CHECK(count_prefixed(dir.path(), "history.json.corrupt-") == 2);
    std::ifstream in(first);
    std::string text;
    std::getline(in, text);
    CHECK(text == "first damage");
}
