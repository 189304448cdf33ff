#include "arguments.h"

#include "rdpmedic/core/path_text.h"
#include "rdpmedic/i18n/translate.h"

#include <algorithm>
#include <charconv>

namespace rdpmedic::cli {

using i18n::formatted;
using i18n::tr;

Arguments::Arguments(const std::vector<std::string>& args, const std::vector<OptionSpec>& specs) {
    bool options_done = false;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& arg = args[i];
        if (options_done || arg.size() < 3 || arg.rfind("--", 0) != 0) {
            if (arg == "--") {
                options_done = true;
                continue;
            }
            if (!options_done && arg.size() > 1 && arg[0] == '-' && arg != "-") {
                throw UsageError(formatted(tr("unknown option '%s'"), arg.c_str()));
            }
            positionals_.push_back(arg);
            continue;
        }
        std::string name = arg.substr(2);
        std::optional<std::string> inline_value;
        if (const auto eq = name.find('='); eq != std::string::npos) {
            inline_value = name.substr(eq + 1);
            name.resize(eq);
        }
        const auto spec = std::find_if(specs.begin(), specs.end(),
                                       [&](const OptionSpec& s) { return s.name == name; });
        if (spec == specs.end()) {
            throw UsageError(formatted(tr("unknown option '--%s'"), name.c_str()));
        }
        if (values_.count(name) && !spec->repeatable) {
            throw UsageError(formatted(tr("option '--%s' is given more than once"), name.c_str()));
        }
        auto& slot = values_[name];
        if (!spec->takes_value) {
            if (inline_value) {
                throw UsageError(formatted(tr("option '--%s' takes no value"), name.c_str()));
            }
            continue;
        }
        if (inline_value) {
            slot.push_back(*inline_value);
        } else if (i + 1 < args.size()) {
            slot.push_back(args[++i]);
        } else {
            throw UsageError(formatted(tr("option '--%s' needs a value"), name.c_str()));
        }
    }
}

std::optional<std::string> Arguments::value(const std::string& name) const {
    const auto it = values_.find(name);
    if (it == values_.end() || it->second.empty()) {
        return std::nullopt;
    }
    return it->second.back();
}

std::optional<std::filesystem::path> Arguments::path(const std::string& name) const {
    if (const auto text = value(name)) {
        return utf8_path(*text);
    }
    return std::nullopt;
}

std::vector<std::string> Arguments::values(const std::string& name) const {
    const auto it = values_.find(name);
    return it == values_.end() ? std::vector<std::string>{} : it->second;
}

std::optional<long long> Arguments::number(const std::string& name, long long min, long long max) const {
    const auto text = value(name);
    if (!text) {
        return std::nullopt;
    }
    long long parsed = 0;
    const auto* end = text->data() + text->size();
    const auto [ptr, ec] = std::from_chars(text->data(), end, parsed);
    if (text->empty() || ec != std::errc{} || ptr != end || parsed < min || parsed > max) {
        throw UsageError(formatted(tr("option '--%s' needs a whole number from %lld to %lld, got '%s'"), name.c_str(),
                                   min, max, text->c_str()));
    }
    return parsed;
}

} // namespace rdpmedic::cli
