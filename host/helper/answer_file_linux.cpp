#include "answer_file.h"

#include "rdpmedic/core/path_text.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace rdpmedic::helper {

struct AnswerFile::Handle {
    int descriptor = -1;
};

AnswerFile::AnswerFile(std::unique_ptr<Handle> handle) : handle_(std::move(handle)) {}

AnswerFile::~AnswerFile() { ::close(handle_->descriptor); }

std::unique_ptr<AnswerFile> AnswerFile::create(const std::filesystem::path& file, std::string& error) {
    const int descriptor = ::open(file.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (descriptor < 0) {
        const int why = errno;
        error = why == EEXIST ? answer_file_exists_text(file)
                              : utf8_text(file) + ": the answer file cannot be created (" +
                                    std::strerror(why) + "); nothing was changed";
        return nullptr;
    }
    auto handle = std::make_unique<Handle>();
    handle->descriptor = descriptor;
    return std::unique_ptr<AnswerFile>(new AnswerFile(std::move(handle)));
}

void AnswerFile::write(const std::string& text) {
    std::size_t done = 0;
    while (done < text.size()) {
        const ssize_t written = ::write(handle_->descriptor, text.data() + done, text.size() - done);
        if (written < 0 && errno == EINTR) {
            continue;
        }
        if (written <= 0) {
            return; // the host then reports that no answer came
        }
        done += static_cast<std::size_t>(written);
    }
}

} // namespace rdpmedic::helper
