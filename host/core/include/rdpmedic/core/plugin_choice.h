#pragma once
/// The user's say over plugins: which ones may run and in which order they are tried. Plugins
/// are named by their manifest id; ones the user never arranged (newly installed) follow the
/// arranged ones in the order they were found.

#include <string>
#include <vector>

namespace rdpmedic {

/// Every id in `found`: those named in `order` first, in that order, then the rest as found.
/// Ids in `order` that were not found are left out.
std::vector<std::string> arrange_plugins(const std::vector<std::string>& found, const std::vector<std::string>& order);

/// arrange_plugins() without the ids in `disabled`: what the fix stage loads, in its order.
std::vector<std::string> enabled_plugins(const std::vector<std::string>& found, const std::vector<std::string>& order,
                                         const std::vector<std::string>& disabled);

/// Moves `id` one place towards the front (step -1) or the back (step +1) of `ids`; false when
/// it is not there or already at that end.
bool move_plugin(std::vector<std::string>& ids, const std::string& id, int step);

} // namespace rdpmedic
