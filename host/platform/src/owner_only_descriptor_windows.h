#pragma once
// The security descriptor of what only the current user may open: new secret files
// (write_new_file) and the folders of kept sessions.

#include "rdpmedic/platform/owned_handle_windows.h"

#include <memory>

namespace rdpmedic {

enum class Inheritance { None, ByContents };

/// A DACL granting the current user full access and nobody else anything, nothing inherited
/// from above; Inheritance::ByContents: what is later created inside a folder gets it too.
/// Empty, with GetLastError() saying why, when it cannot be made; throws std::system_error
/// when this process's user cannot be read.
std::unique_ptr<void, LocalFreeDeleter> owner_only_descriptor(Inheritance inheritance);

} // namespace rdpmedic
