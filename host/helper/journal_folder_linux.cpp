#include "journal_folder.h"

namespace rdpmedic::helper {

std::string hold_journal_folder(const std::filesystem::path& /*journal: opened with the user's rights*/) { return {}; }

} // namespace rdpmedic::helper
