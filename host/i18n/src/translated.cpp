#include "rdpmedic/i18n/translated.h"

#include "rdpmedic/core/composed_texts.h"
#include "rdpmedic/i18n/filled.h"
#include "rdpmedic/i18n/translate.h"

namespace rdpmedic::i18n {
namespace {

// The deepest sentence rdpmedic builds nests a few formats (a failure message holds a list of
// evidence); a text from a damaged history may nest without end, and is left English there.
constexpr int kDeepest = 12;

std::string translated(std::string_view english, int depth) {
    const std::string text(english);
    const char* direct = tr(text.c_str());
    if (text != direct) {
        return direct;
    }
    for (const char* format : texts::composed_formats()) {
        if (auto values = unfilled(format, english)) {
            for (std::string& value : *values) {
                value = depth < kDeepest ? translated(value, depth + 1) : value;
            }
            return filled(tr(format), *values);
        }
    }
    return text;
}

} // namespace

std::string translated(std::string_view english) {
    return translated(english, 0);
}

} // namespace rdpmedic::i18n
