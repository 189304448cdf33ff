#pragma once
/// A small command-line parser: `--name value`, `--name=value`, flags and positionals.

#include <filesystem>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace rdpmedic::cli {

class UsageError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

struct OptionSpec {
    std::string name;         ///< without dashes, e.g. "max-attempts"
    bool takes_value = false; ///< false for flags
    bool repeatable = false;
};

class Arguments {
  public:
    /// Throws UsageError for unknown options, missing values and repeated single options.
    Arguments(const std::vector<std::string>& args, const std::vector<OptionSpec>& specs);

    const std::vector<std::string>& positionals() const { return positionals_; }
    bool flag(const std::string& name) const { return values_.count(name) != 0; }
    std::optional<std::string> value(const std::string& name) const;
    std::vector<std::string> values(const std::string& name) const;
    /// The option's value as a file or folder: the command line is UTF-8 (see main.cpp), which a
    /// path made from a std::string would not take on Windows.
    std::optional<std::filesystem::path> path(const std::string& name) const;
    /// A whole number in [min, max]; throws UsageError naming the option otherwise.
    std::optional<long long> number(const std::string& name, long long min, long long max) const;

  private:
    std::vector<std::string> positionals_;
    std::map<std::string, std::vector<std::string>> values_;
};

} // namespace rdpmedic::cli
