#pragma once
/// Which strategy fixed each target the last time, so that it is tried first the next time
/// the same target fails. A small JSON file in the state directory: {"host:port": "plugin id"}.

#include <filesystem>
#include <map>
#include <optional>
#include <string>

namespace rdpmedic::plugins {

class StrategyMemory {
  public:
    /// Reads `file` if it exists. An unreadable or corrupt file is kept aside as
    /// FILE.corrupt and memory starts empty: losing this only costs a ranking hint.
    explicit StrategyMemory(std::filesystem::path file);

    std::optional<std::string> fixed_last(const std::string& target) const;
    /// Records and writes at once (temporary file, then rename).
    void remember(const std::string& target, const std::string& plugin);

    /// Where the memory lives: STATE_DIR/strategies.json.
    static std::filesystem::path default_file(const std::filesystem::path& state_dir);

  private:
    std::filesystem::path file_;
    std::map<std::string, std::string> fixed_;
};

} // namespace rdpmedic::plugins
