#include "kept_files.h"

#include "rdpmedic/core/path_text.h"

#include <algorithm>
#include <utility>
#include <vector>

namespace rdpmedic {

namespace {

// More folders than this are not looked at: nobody keeps that many sessions open.
constexpr std::size_t kMaxFolders = 256;

} // namespace

KeptSessionSearch find_kept_sessions_in(const std::filesystem::path& directory,
                                        const std::function<bool(const KeptSessionRecord&)>& still_runs) {
    KeptSessionSearch search;
    std::string why;
    if (!std::filesystem::exists(std::filesystem::symlink_status(directory))) {
        return search;
    }
    if (!own_private_folder(directory, why)) {
        search.refused.push_back(utf8_text(directory) + ": " + why);
        return search;
    }
    std::vector<std::filesystem::path> folders;
    std::error_code error;
    for (std::filesystem::directory_iterator it(directory, error), end; !error && it != end; it.increment(error)) {
        if (folders.size() == kMaxFolders) {
            search.refused.push_back(utf8_text(directory) + ": more than " + std::to_string(kMaxFolders) +
                                     " sessions; the rest are not looked at");
            break;
        }
        folders.push_back(it->path());
    }
    std::sort(folders.begin(), folders.end());
    std::vector<std::pair<std::uint64_t, KeptSession>> running;
    for (const auto& folder : folders) {
        if (!own_private_folder(folder, why)) {
            search.refused.push_back(utf8_text(folder) + ": " + why);
            continue;
        }
        const auto text = read_own_file(folder / kKeptRecordFile, kKeptSessionRecordMaxBytes, why);
        if (!text) {
            search.refused.push_back(utf8_text(folder / kKeptRecordFile) + ": " + why);
            continue;
        }
        auto record = parse_kept_session_record(*text, why);
        if (!record) {
            search.refused.push_back(utf8_text(folder / kKeptRecordFile) + ": " + why);
            continue;
        }
        if (!still_runs(*record)) {
            // Ended (or its pid went to another process): what it left behind is stale.
            remove_kept_folder(folder);
            continue;
        }
        const auto started = record->keeper_start;
        running.emplace_back(started, KeptSession{folder, std::move(*record)});
    }
    std::stable_sort(running.begin(), running.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    for (auto& [started, session] : running) {
        search.running.push_back(std::move(session));
    }
    return search;
}

} // namespace rdpmedic
