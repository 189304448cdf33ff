// The sentences built from a format and values: filled in English where they are made, read
// back where they are shown so that the translated format can be filled instead.
#include "rdpmedic/core/composed_texts.h"
#include "rdpmedic/core/decode.h"
#include "rdpmedic/i18n/filled.h"

#include <algorithm>
#include <catch2/catch.hpp>

using rdpmedic::i18n::filled;
using rdpmedic::i18n::unfilled;

TEST_CASE("composed texts: filled puts each value where its number says", "[i18n]") {
    CHECK(filled("the name %1$s does not resolve", {"rdp.example"}) ==
          "the name rdp.example does not resolve");
    // A translation may put the values in another order.
    CHECK(filled("%2$s: %1$s", {"first", "second"}) == "second: first");
    CHECK(filled("100%% of %1$s", {"it"}) == "100% of it");
    // A placeholder without a value shows the mistake instead of reading past the values.
    CHECK(filled("%1$s and %3$s", {"one"}) == "one and %3$s");
    CHECK(filled("%s stays", {"x"}) == "%s stays");
}

TEST_CASE("composed texts: unfilled reads the values back out of the sentence", "[i18n]") {
    const auto values = unfilled(rdpmedic::texts::kPortPartlyOpen,
                                 "port 3389 is open on some addresses of rdp.example but not on others");
    REQUIRE(values);
    CHECK(*values == std::vector<std::string>{"3389", "rdp.example"});
    CHECK_FALSE(unfilled(rdpmedic::texts::kPortRefused, "connections to port 3389 are fine"));
    CHECK_FALSE(unfilled(rdpmedic::texts::kPortRefused, "connections to port  are refused"));
    CHECK_FALSE(unfilled("%2$s before %1$s", "b before a")); // English formats go in order
    // A value may hold the format's own words: the shortest split that matches the rest wins.
    const auto listed = unfilled(rdpmedic::texts::kListed, "a, b, c");
    REQUIRE(listed);
    CHECK(*listed == std::vector<std::string>{"a", "b, c"});
    // Where a value may itself hold the next literal, every split is offered, shortest first.
    const auto splits = rdpmedic::i18n::all_unfilled(rdpmedic::texts::kWithEvidence, "a (b) (c)", 16);
    REQUIRE(splits.size() == 2);
    CHECK(splits[0] == std::vector<std::string>{"a", "b) (c"});
    CHECK(splits[1] == std::vector<std::string>{"a (b)", "c"});
    CHECK(rdpmedic::i18n::all_unfilled(rdpmedic::texts::kListed, "a, b, c, d", 2).size() == 2);
}

TEST_CASE("composed texts: each sentence is read back with its own format, not a shorter one",
          "[i18n]") {
    // i18n::translated tries the formats in this order and takes the first that fits: a
    // format listed after a broader one would never be used.
    const auto formats = rdpmedic::texts::composed_formats();
    for (const char* format : formats) {
        INFO(format);
        std::vector<std::string> values;
        for (int i = 1; i <= 5; ++i) {
            values.push_back("value" + std::to_string(i));
        }
        const std::string sentence = filled(format, values);
        const auto first = std::find_if(formats.begin(), formats.end(), [&](const char* other) {
            return unfilled(other, sentence).has_value();
        });
        REQUIRE(first != formats.end());
        CHECK(std::string(*first) == format);
    }
}

TEST_CASE("composed texts: the failure messages are the formats filled in English", "[i18n]") {
    const auto failure = rdpmedic::failure_from_mstsc(0x904, 0x7);
    CHECK(failure.message == "the connection's socket was closed because the server denied the "
                             "connection (error code 0x904, extended code 0x7)");
    const auto values = unfilled(rdpmedic::texts::kMstscClosedBecause, failure.message);
    REQUIRE(values);
    CHECK((*values)[1] == "the server denied the connection");
    const auto freerdp = rdpmedic::failure_from_freerdp(std::nullopt, std::nullopt, 200);
    CHECK_THAT(freerdp.message, Catch::Equals("xfreerdp failed with exit code 200 (0xC8), a code rdpmedic does not know"));
}
