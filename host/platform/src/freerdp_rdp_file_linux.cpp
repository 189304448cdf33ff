#include "freerdp_rdp_file_linux.h"

#include "rdpmedic/core/ascii.h"
#include "rdpmedic/core/client.h"
#include "rdpmedic/core/rdp_file.h"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <spdlog/spdlog.h>
#include <string>
#include <unistd.h>

namespace rdpmedic {

namespace {

const char* encoding_name(RdpTextEncoding encoding) {
    switch (encoding) {
    case RdpTextEncoding::Utf8:
        return "UTF-8";
    case RdpTextEncoding::Utf8WithBom:
        return "UTF-8 with a byte order mark";
    case RdpTextEncoding::Utf16LeWithBom:
        return "UTF-16LE";
    case RdpTextEncoding::Utf16BeWithBom:
        return "UTF-16BE";
    case RdpTextEncoding::Utf16LeWithoutBom:
        return "UTF-16LE without a byte order mark";
    }
    return "an unknown encoding";
}

std::filesystem::path private_folder() {
    if (const char* runtime = std::getenv("XDG_RUNTIME_DIR");
        runtime != nullptr && *runtime == '/') {
        return runtime;
    }
    std::error_code ec;
    const auto temp = std::filesystem::temp_directory_path(ec);
    return ec ? std::filesystem::path("/tmp") : temp;
}

bool write_all(int fd, const std::string& bytes) {
    std::size_t done = 0;
    while (done < bytes.size()) {
        const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            return false;
        }
        done += static_cast<std::size_t>(n);
    }
    return true;
}

std::unique_ptr<PrivateRdpCopy> write_private_copy(const std::filesystem::path& original,
                                                   const std::string& text) {
    // mkstemps creates the file with mode 0600 and a name nobody else can have chosen.
    std::string name = (private_folder() / "rdpmedic-XXXXXX.rdp").string();
    const int fd = ::mkstemps(name.data(), 4);
    if (fd < 0) {
        throw LaunchError("cannot hand " + original.string() + " to FreeRDP: creating a copy in " +
                          private_folder().string() + " failed (" + std::strerror(errno) + ")");
    }
    auto copy = std::make_unique<PrivateRdpCopy>(name);
    const bool written = write_all(fd, text);
    const bool closed = ::close(fd) == 0;
    if (!written || !closed) {
        throw LaunchError("cannot hand " + original.string() + " to FreeRDP: writing its copy " +
                          name + " failed");
    }
    return copy;
}

} // namespace

PrivateRdpCopy::~PrivateRdpCopy() {
    if (path_.empty()) {
        return;
    }
    std::error_code ignored;
    std::filesystem::remove(path_, ignored);
}

FreeRdpFile freerdp_readable_file(const std::filesystem::path& file) {
    RdpFile parsed;
    try {
        parsed = RdpFile::load(file);
    } catch (const RdpFileError& error) {
        throw LaunchError(error.what());
    }
    const bool readable_encoding = parsed.encoding() == RdpTextEncoding::Utf8 ||
                                   parsed.encoding() == RdpTextEncoding::Utf16LeWithBom;
    const bool rdp_name = ascii_lowercase(file.extension().string()) == ".rdp";
    FreeRdpFile result;
    if (readable_encoding && rdp_name) {
        result.path = file;
        return result;
    }
    std::string text;
    for (const auto& line : parsed.lines()) {
        text += line.text;
        if (&line != &parsed.lines().back()) {
            text += parsed.line_end();
        }
    }
    result.copy = write_private_copy(file, text);
    result.path = result.copy->path();
    spdlog::info("{} is {}{}; FreeRDP reads only UTF-8 or UTF-16LE .rdp files, so it is given a "
                 "UTF-8 copy, {}",
                 file.string(), encoding_name(parsed.encoding()),
                 rdp_name ? "" : " and not named *.rdp", result.path.string());
    return result;
}

} // namespace rdpmedic
