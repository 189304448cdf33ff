#include "rdpmedic/i18n/translated.h"

#include "rdpmedic/core/composed_texts.h"
#include "rdpmedic/i18n/filled.h"
#include "rdpmedic/i18n/translate.h"

#include <algorithm>
#include <mutex>
#include <unordered_map>

namespace rdpmedic::i18n {
namespace {

// The deepest sentence rdpmedic builds nests a few formats (a failure message holds a list of
// evidence); a text from a damaged history may nest without end, and is left English there.
constexpr int kDeepest = 12;

// More ways to split one sentence are not worth trying: rdpmedic's own have one or two.
constexpr std::size_t kSplitsTried = 16;

bool fits_some_format(std::string_view text) {
    const auto formats = texts::composed_formats();
    return std::any_of(formats.begin(), formats.end(),
                       [&](const char* format) { return unfilled(format, text).has_value(); });
}

/// Whether a value read out of a sentence is a whole piece: a message of the catalogue, a
/// sentence of its own, or a word such as a code or a host name. A split that cuts a meaning
/// in two ("… may not log on this way (remote logon not granted) (…)") has a value that is none.
bool whole(const std::string& value) {
    return value.find(' ') == std::string::npos || value != tr(value.c_str()) ||
           fits_some_format(value);
}

std::string translated(std::string_view english, int depth) {
    const std::string text(english);
    const char* direct = tr(text.c_str());
    if (text != direct) {
        return direct;
    }
    for (const char* format : texts::composed_formats()) {
        auto splits = all_unfilled(format, english, kSplitsTried);
        if (splits.empty()) {
            continue;
        }
        // The first split whose values are all whole; another program's words (an OpenSSL
        // error) are never whole, and then the first split is as good as any.
        auto chosen = std::find_if(splits.begin(), splits.end(), [](const auto& values) {
            return std::all_of(values.begin(), values.end(), whole);
        });
        std::vector<std::string>& values = chosen == splits.end() ? splits.front() : *chosen;
        for (std::string& value : values) {
            value = depth < kDeepest ? translated(value, depth + 1) : value;
        }
        return filled(tr(format), values);
    }
    return text;
}

} // namespace

std::string translated(std::string_view english) {
    // Reading a sentence back against every format costs about 0.2 ms, and the history
    // window shows the same few sentences on every refresh: each is worked out once. In
    // English there is nothing to work out.
    if (!translating()) {
        return std::string(english);
    }
    constexpr std::size_t kRemembered = 4096;
    static std::mutex mutex;
    static std::unordered_map<std::string, std::string> remembered;
    {
        const std::lock_guard lock(mutex);
        if (const auto known = remembered.find(std::string(english)); known != remembered.end()) {
            return known->second;
        }
    }
    std::string text = translated(english, 0);
    const std::lock_guard lock(mutex);
    if (remembered.size() >= kRemembered) {
        remembered.clear();
    }
    remembered.emplace(english, text);
    return text;
}

} // namespace rdpmedic::i18n
