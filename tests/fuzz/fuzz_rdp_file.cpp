// Any bytes as a user's .rdp file: parsed (and every accessor answers), or refused with
// RdpFileError; never a crash. The copy written back in the file's encoding reads the same.
#include "rdpmedic/core/rdp_file.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace rdpmedic;
    try {
        const auto file =
            RdpFile::parse(std::string_view(reinterpret_cast<const char*>(data), size), "fuzz.rdp");
        (void)file.port();
        (void)file.username();
        (void)file.gateway_in_use();
        (void)file.credssp_enabled();
        (void)file.authentication_level();
        try {
            (void)file.host();
        } catch (const RdpFileError&) {
        }
        std::string text;
        for (const auto& line : file.lines()) {
            text += line.text;
            if (&line != &file.lines().back()) {
                text += file.line_end();
            }
        }
        const auto again = RdpFile::parse(encode_rdp_text(text, file.encoding()), "again.rdp");
        if (again.entries() != file.entries()) {
            std::abort(); // a copy must say what the file said
        }
    } catch (const RdpFileError&) {
    }
    return 0;
}
