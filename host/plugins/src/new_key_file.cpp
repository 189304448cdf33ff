#include "new_key_file.h"

#include "rdpmedic/plugins/signing.h"

#include <stdexcept>

namespace rdpmedic::plugins {

void write_new_key_file(const std::filesystem::path& file, const std::string& data, Readers readers) {
    try {
        write_new_file(file, data, readers);
    } catch (const std::runtime_error& error) {
        throw SigningError(error.what());
    }
}

} // namespace rdpmedic::plugins
