#include "rdpmedic/i18n/filled.h"

#include <cstddef>
#include <utility>

namespace rdpmedic::i18n {
namespace {

struct Piece {
    std::string literal;  ///< the text before the placeholder (or the format's tail)
    std::size_t slot = 0; ///< 1-based placeholder number after `literal`; 0 for the tail
};

/// "%1$s (%2$s)" -> {"",1}, {" (",2}, {")",0}. A "%N$s" reads as its number; anything else
/// after a % (only "%%" is expected) as the literal characters, "%%" as one %.
std::vector<Piece> pieces_of(std::string_view format) {
    std::vector<Piece> pieces(1);
    for (std::size_t i = 0; i < format.size(); ++i) {
        if (format[i] == '%' && i + 1 < format.size()) {
            if (format[i + 1] == '%') {
                pieces.back().literal += '%';
                ++i;
                continue;
            }
            std::size_t j = i + 1;
            std::size_t number = 0;
            while (j < format.size() && format[j] >= '0' && format[j] <= '9' && number < 100) {
                number = number * 10 + static_cast<std::size_t>(format[j] - '0');
                ++j;
            }
            if (number > 0 && j + 1 < format.size() && format[j] == '$' && format[j + 1] == 's') {
                pieces.back().slot = number;
                pieces.push_back({});
                i = j + 1;
                continue;
            }
        }
        pieces.back().literal += format[i];
    }
    return pieces;
}

/// Every way `text` splits into the values after pieces[index], shortest first, until `limit`
/// splits are found.
void match(const std::vector<Piece>& pieces, std::size_t index, std::string_view text,
           std::vector<std::string>& values, std::size_t limit,
           std::vector<std::vector<std::string>>& found) {
    const Piece& piece = pieces[index];
    if (found.size() >= limit || !text.starts_with(piece.literal)) {
        return;
    }
    text.remove_prefix(piece.literal.size());
    if (piece.slot == 0) {
        if (text.empty()) {
            found.push_back(values);
        }
        return;
    }
    // A value is never empty: every value the formats take says something. It ends where the
    // next literal starts, tried from the nearest, so a long text costs one scan per literal.
    const std::string& next = pieces[index + 1].literal;
    if (next.empty()) {
        if (pieces[index + 1].slot == 0 && !text.empty()) {
            values[piece.slot - 1] = std::string(text);
            found.push_back(values);
        }
        return; // two placeholders side by side cannot be told apart
    }
    for (std::size_t at = text.find(next, 1); at != std::string_view::npos && found.size() < limit;
         at = text.find(next, at + 1)) {
        values[piece.slot - 1] = std::string(text.substr(0, at));
        match(pieces, index + 1, text.substr(at), values, limit, found);
    }
}

} // namespace

std::string filled(std::string_view format, const std::vector<std::string>& values) {
    std::string text;
    for (const Piece& piece : pieces_of(format)) {
        text += piece.literal;
        if (piece.slot == 0) {
            continue;
        }
        if (piece.slot <= values.size()) {
            text += values[piece.slot - 1];
        } else {
            text += "%" + std::to_string(piece.slot) + "$s";
        }
    }
    return text;
}

std::vector<std::vector<std::string>> all_unfilled(std::string_view format, std::string_view text,
                                                   std::size_t limit) {
    const std::vector<Piece> pieces = pieces_of(format);
    for (std::size_t i = 0; i + 1 < pieces.size(); ++i) {
        if (pieces[i].slot != i + 1) {
            return {}; // not in order: no English format is written that way
        }
    }
    std::vector<std::string> values(pieces.size() - 1);
    std::vector<std::vector<std::string>> found;
    match(pieces, 0, text, values, limit, found);
    return found;
}

std::optional<std::vector<std::string>> unfilled(std::string_view format, std::string_view text) {
    auto found = all_unfilled(format, text, 1);
    if (found.empty()) {
        return std::nullopt;
    }
    return std::move(found.front());
}

} // namespace rdpmedic::i18n
