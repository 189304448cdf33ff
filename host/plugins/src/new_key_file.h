#pragma once
// Key files (a publisher's key pair, a trusted key) are new files as write_new_file writes
// them; when that fails it is a signing problem, which the CLI and the tray report as such.

#include "rdpmedic/platform/new_file.h"

#include <filesystem>
#include <string>

namespace rdpmedic::plugins {

/// write_new_file, throwing SigningError with its message.
void write_new_key_file(const std::filesystem::path& file, const std::string& data, Readers readers);

} // namespace rdpmedic::plugins
