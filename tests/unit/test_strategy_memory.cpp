#include "rdpmedic/plugins/plugin_fix_stage.h"
#include "rdpmedic/plugins/strategy_memory.h"

#include <catch2/catch.hpp>

#include <fstream>
#include <unistd.h>

using namespace rdpmedic::plugins;

namespace {

std::filesystem::path fresh_dir(const std::string& name) {
    const auto dir = std::filesystem::temp_directory_path() /
                     ("rdpmedic-memory-" + name + "-" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir);
    return dir;
}

std::vector<std::string> ids(const std::vector<PluginFixStage::Candidate>& ranking) {
    std::vector<std::string> out;
    for (const auto& c : ranking) {
        out.push_back(c.plugin);
    }
    return out;
}

} // namespace

TEST_CASE("the strategy that fixed a target is remembered across restarts", "[strategy-memory]") {
    const auto dir = fresh_dir("roundtrip");
    const auto file = StrategyMemory::default_file(dir);
    {
        StrategyMemory memory(file);
        CHECK_FALSE(memory.fixed_last("server:3389"));
        memory.remember("server:3389", "rdpmedic.security-negotiation");
        memory.remember("other:3390", "rdpmedic.tls-compat");
    }
    const StrategyMemory reloaded(file);
    CHECK(reloaded.fixed_last("server:3389") == "rdpmedic.security-negotiation");
    CHECK(reloaded.fixed_last("other:3390") == "rdpmedic.tls-compat");
    CHECK_FALSE(reloaded.fixed_last("unknown:3389"));
    std::filesystem::remove_all(dir);
}

TEST_CASE("a corrupt memory file is kept aside and memory starts empty", "[strategy-memory]") {
    const auto dir = fresh_dir("corrupt");
    std::filesystem::create_directories(dir);
    const auto file = StrategyMemory::default_file(dir);
    std::ofstream(file) << "{ not json";
    const StrategyMemory memory(file);
    CHECK_FALSE(memory.fixed_last("server:3389"));
    int copies = 0;
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
        copies += entry.path().filename().string().starts_with("strategies.json.corrupt-") ? 1 : 0;
    }
    CHECK(copies == 1);
    std::filesystem::remove_all(dir);
}

TEST_CASE("two processes remembering strategies keep each other's", "[strategy-memory]") {
    const auto dir = fresh_dir("merge");
    const auto file = StrategyMemory::default_file(dir);
    StrategyMemory cli(file);
    StrategyMemory tray(file);
    cli.remember("a:3389", "rdpmedic.tls-compat");
    tray.remember("b:3389", "rdpmedic.security-negotiation");
    const StrategyMemory reloaded(file);
    CHECK(reloaded.fixed_last("a:3389") == "rdpmedic.tls-compat");
    CHECK(reloaded.fixed_last("b:3389") == "rdpmedic.security-negotiation");
    std::filesystem::remove_all(dir);
}

TEST_CASE("the remembered strategy goes first, the rest keep their ranking", "[strategy-memory]") {
    std::vector<PluginFixStage::Candidate> ranking = {{"a", 90, ""}, {"b", 60, ""}, {"c", 30, ""}};
    prefer(ranking, "c");
    CHECK(ids(ranking) == std::vector<std::string>{"c", "a", "b"});
    prefer(ranking, "missing");
    CHECK(ids(ranking) == std::vector<std::string>{"c", "a", "b"});
    prefer(ranking, "c");
    CHECK(ids(ranking) == std::vector<std::string>{"c", "a", "b"});
}
