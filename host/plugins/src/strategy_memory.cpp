#include "rdpmedic/plugins/strategy_memory.h"

#include "rdpmedic/core/stored_file.h"

#include <nlohmann/json.hpp>

#include <system_error>

namespace rdpmedic::plugins {

StrategyMemory::StrategyMemory(std::filesystem::path file) : file_(std::move(file)) {
    // Read whole and closed before anything else: Windows cannot rename a file still open.
    std::optional<std::string> text;
    try {
        text = read_stored_file(file_);
    } catch (const StoredFileError&) {
        return;
    }
    if (!text) {
        return;
    }
    const auto json = nlohmann::json::parse(*text, nullptr, false);
    if (!json.is_object()) {
        try {
            keep_aside(file_); // a copy of its own, never over an earlier one
        } catch (const StoredFileError&) {
            // A hint only: the next success writes a good one.
        }
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
    try {
        // Under the file's lock, on top of what the CLI or the tray remembered meanwhile.
        update_stored_file(file_, [&](const std::optional<std::string>& current) {
            auto merged = current ? nlohmann::json::parse(*current, nullptr, false) : nlohmann::json::object();
            if (!merged.is_object()) {
                merged = nlohmann::json::object();
            }
            merged[target] = plugin;
            return merged.dump(2) + "\n";
        });
    } catch (const StoredFileError&) {
        // A hint only: the next success writes it again.
    }
}

std::filesystem::path StrategyMemory::default_file(const std::filesystem::path& state_dir) {
    return state_dir / "strategies.json";
}

} // namespace rdpmedic::plugins
