#include "file_rights.h"

namespace rdpmedic::helper {

void keep_new_files_private() {}

std::optional<std::filesystem::path> take_invoking_users_file_rights(std::string& /*error*/) { return std::nullopt; }

} // namespace rdpmedic::helper
