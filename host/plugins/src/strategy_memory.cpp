#include "rdpmedic/plugins/strategy_memory.h"

#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>
#include <system_error>

namespace rdpmedic::plugins {

StrategyMemory::StrategyMemory(std::filesystem::path file) : file_(std::move(file)) {
    std::ifstream in(file_);
    if (!in) {
        return;
    }
    std::ostringstream text;
    text << in.rdbuf();
    const auto json = nlohmann::json::parse(text.str(), nullptr, false);
    if (!json.is_object()) {
        std::error_code ec;
        std::filesystem::rename(file_, file_.string() + ".corrupt", ec);
        return;
    }
    for (const auto& [target, plugin] : json.items()) {
        if (plugin.is_string()) {
            fixed_[target] = plugin.get<std::string>();
        }
    }
}

std::optional<std::string> StrategyMemory::fixed_last(const std::string& target) const {
    const auto it = fixed_.find(target);
    return it == fixed_.end() ? std::nullopt : std::optional<std::string>(it->second);
}

void StrategyMemory::remember(const std::string& target, const std::string& plugin) {
    fixed_[target] = plugin;
    std::error_code ec;
    std::filesystem::create_directories(file_.parent_path(), ec);
    const auto temporary = file_.string() + ".tmp";
    {
        std::ofstream out(temporary, std::ios::trunc);
        out << nlohmann::json(fixed_).dump(2) << "\n";
        if (!out.flush()) {
            return; // a hint only: the next success writes it again
        }
    }
    std::filesystem::rename(temporary, file_, ec);
}

std::filesystem::path StrategyMemory::default_file(const std::filesystem::path& state_dir) {
    return state_dir / "strategies.json";
}

} // namespace rdpmedic::plugins
