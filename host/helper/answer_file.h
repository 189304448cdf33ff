#pragma once
// The answer file of the file mode (--answer): made by the helper itself, new, never through
// a link, and written through the one handle that created it. The folder it lies in is the
// user's, so a name checked first and opened later could by then be a link to a file of the
// administrator's.

#include "rdpmedic/core/path_text.h"

#include <filesystem>
#include <memory>
#include <string>

namespace rdpmedic::helper {

class AnswerFile {
  public:
    /// Creates `file`, which must not exist yet (a file, a hard link or a link of any kind
    /// already there is refused), with the invoking user's rights (file_rights.h). nullptr,
    /// with `error` saying why, when it cannot.
    static std::unique_ptr<AnswerFile> create(const std::filesystem::path& file, std::string& error);
    ~AnswerFile();
    AnswerFile(const AnswerFile&) = delete;
    AnswerFile& operator=(const AnswerFile&) = delete;

    /// Appends `text` (a paused helper reports its step here too; the last line is the answer).
    void write(const std::string& text);

  private:
    struct Handle;
    explicit AnswerFile(std::unique_ptr<Handle> handle);
    std::unique_ptr<Handle> handle_;
};

/// The refusal for an answer file that is already there.
inline std::string answer_file_exists_text(const std::filesystem::path& file) {
    return "refused: the answer file " + utf8_text(file) +
           " exists already (a file or a link put there); the helper answers only into a file it creates itself; "
           "nothing was changed";
}

} // namespace rdpmedic::helper
