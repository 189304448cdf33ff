// UTF-8 ⇄ UTF-16 for the W APIs, and Windows' own error texts.
#include "rdpmedic/platform/wide_text.h"
#include "rdpmedic/platform/windows_error.h"

#include <catch2/catch.hpp>

using namespace rdpmedic;

TEST_CASE("wide text: UTF-8 and UTF-16 convert both ways, outside the BMP too", "[wide-text]") {
    const std::string utf8 = "Gr\xC3\xBC\xC3\x9F"
                             "e \xE2\x82\xAC \xF0\x9F\x98\x80";
    const std::wstring utf16 = widen(utf8);
    CHECK(utf16 == L"Gr\u00FC\u00DFe \u20AC \U0001F600");
    CHECK(utf16.size() == 10); // the emoji is a surrogate pair
    CHECK(narrow(utf16) == utf8);
    CHECK(widen("").empty());
    CHECK(narrow(L"").empty());
}

TEST_CASE("wide text: invalid input becomes U+FFFD instead of vanishing", "[wide-text]") {
    CHECK(widen("a\xFF"
                "b") == L"a\uFFFDb");
    const wchar_t lone_surrogate[] = {L'a', static_cast<wchar_t>(0xD800), L'b', 0};
    CHECK(narrow(lone_surrogate) == "a\xEF\xBF\xBD"
                                    "b");
}

TEST_CASE("windows errors: the system's text and the number", "[wide-text]") {
    const std::string text = windows_error_text(5); // ERROR_ACCESS_DENIED
    CHECK_THAT(text, Catch::EndsWith("(error 5)"));
    CHECK(text.size() > std::string("(error 5)").size());
    const std::error_code code(2, windows_category());
    CHECK(code.message() == windows_error_text(2));
}
