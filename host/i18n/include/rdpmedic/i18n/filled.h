#pragma once
// Texts built from a format and values, such as "the name %1$s does not resolve", kept as the
// English sentence in JSON, the history and the system log and translated where they are
// shown. The placeholders are gettext's positional %N$s, so a translation may reorder them and
// msgfmt --check still holds it to the same ones; only %N$s and %% are used, which every
// platform's C library and this code agree on.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rdpmedic::i18n {

/// `format` with each %N$s replaced by values[N-1] and %% by %. A placeholder without a value
/// is left as it is written, so a wrong catalogue shows its mistake instead of crashing.
std::string filled(std::string_view format, const std::vector<std::string>& values);

/// The values that make filled(format, values) == text, or nullopt when `text` was not built
/// from `format`. Each value is the shortest that lets the rest match, so a text is split the
/// same way every time. `format` names its placeholders in order (%1$s first), as the English
/// formats do.
std::optional<std::vector<std::string>> unfilled(std::string_view format, std::string_view text);

/// Every set of values, up to `limit`, that fills `format` to `text`, in the order unfilled
/// would choose them: "%1$s (%2$s)" splits "a (b) (c)" as "a", "b) (c" and as "a (b)", "c".
std::vector<std::vector<std::string>> all_unfilled(std::string_view format, std::string_view text,
                                                   std::size_t limit);

} // namespace rdpmedic::i18n
