#include "rdpmedic/core/plugin_choice.h"

#include <algorithm>

namespace rdpmedic {

namespace {

bool contains(const std::vector<std::string>& ids, const std::string& id) {
    return std::find(ids.begin(), ids.end(), id) != ids.end();
}

} // namespace

std::vector<std::string> arrange_plugins(const std::vector<std::string>& found, const std::vector<std::string>& order) {
    std::vector<std::string> arranged;
    for (const auto& id : order) {
        if (contains(found, id) && !contains(arranged, id)) {
            arranged.push_back(id);
        }
    }
    for (const auto& id : found) {
        if (!contains(arranged, id)) {
            arranged.push_back(id);
        }
    }
    return arranged;
}

std::vector<std::string> enabled_plugins(const std::vector<std::string>& found, const std::vector<std::string>& order,
                                         const std::vector<std::string>& disabled) {
    auto enabled = arrange_plugins(found, order);
    std::erase_if(enabled, [&](const std::string& id) { return contains(disabled, id); });
    return enabled;
}

bool move_plugin(std::vector<std::string>& ids, const std::string& id, int step) {
    const auto it = std::find(ids.begin(), ids.end(), id);
    if (it == ids.end() || step == 0) {
        return false;
    }
    const auto next = step < 0 ? (it == ids.begin() ? ids.end() : it - 1) : it + 1;
    if (next == ids.end()) {
        return false;
    }
    std::iter_swap(it, next);
    return true;
}

} // namespace rdpmedic
