// The helper's own checks of what it is asked, as the ordinary user running it: a request file
// changed after the change host wrote it, an answer file planted before it runs, and a change
// that needs consent asked for without it. The same code runs behind Windows' administrator
// prompt, where those files lie in the user's folder (tests/unit/test_helper_files_windows.cpp).
#include "helper_files.h"
#include "temp_dir.h"

#include <catch2/catch.hpp>

using namespace rdpmedic;

namespace {

const nlohmann::json kFlush = {{"kind", "system-action"}, {"value", "dns.flush"}};
const nlohmann::json kWinsockReset = {{"kind", "system-action"}, {"value", "winsock.reset"}};

/// A state folder as the change host leaves it before a run through the administrator prompt.
struct StateFolder {
    test::TempDir root{"rdpmedic-e2e-"};
    std::filesystem::path folder = root / "rdpmedic";
    std::filesystem::path journal = folder / "journal.jsonl";
    std::filesystem::path request = folder / "helper-1-request.json";
    std::filesystem::path answer = folder / "helper-1-answer.json";
    StateFolder() { std::filesystem::create_directory(folder); }
    std::size_t entries() const { return plugins::Journal(journal).entries().size(); }
};

} // namespace

TEST_CASE("helper: a request file changed after it was written is refused, the one written is carried out",
          "[e2e][helper][requests]") {
    StateFolder state;
    const std::string written = test::apply_request(state.journal, kFlush);
    const std::string sha256 = plugins::sha256_hex(written);
    // What another program of the user's puts there before the helper reads it.
    test::write_text(state.request, test::apply_request(state.journal, kWinsockReset, true));
    const auto swapped = test::run_helper_with_files(test::built_helper(), state.request, sha256, state.answer);
    CHECK(swapped.exit == 2);
    CHECK_THAT(test::read_text(state.answer), Catch::Contains("is not the one rdpmedic wrote for this run") &&
                                                  Catch::Contains("nothing was changed"));
    CHECK(state.entries() == 0);

    test::write_text(state.request, written);
    std::filesystem::remove(state.answer);
    const auto kept = test::run_helper_with_files(test::built_helper(), state.request, sha256, state.answer);
    INFO(kept.output << test::read_text(state.answer));
    CHECK_THAT(test::read_text(state.answer), !Catch::Contains("refused"));
    REQUIRE(state.entries() == 1);
    CHECK(plugins::Journal(state.journal).entries()[0].change.value.data == "dns.flush");
}

TEST_CASE("helper: an answer file already there, a file or a link, is refused and left as it was",
          "[e2e][helper][requests]") {
    StateFolder state;
    const auto planted = state.root / "planted";
    test::write_text(planted, test::kPlanted);
    const bool link = GENERATE(false, true);
    CAPTURE(link);
    if (link) {
        std::filesystem::create_symlink(planted, state.answer);
    } else {
        test::write_text(state.answer, test::kPlanted);
    }
    test::check_planted_answer_refused(state.request, state.answer, planted, state.journal, kFlush);
}

TEST_CASE("helper: a change that needs consent is refused unless the request says it was given",
          "[e2e][helper][requests]") {
    StateFolder state;
    const auto refused =
        test::run_helper(test::built_helper(), {}, test::apply_request(state.journal, kWinsockReset));
    CHECK(refused.exit == 1);
    CHECK_THAT(refused.output, Catch::Contains("needs the user's consent") && Catch::Contains("nothing was changed"));
    CHECK(state.entries() == 0);

    // Given, it goes on to the journal (and to the reset, which Linux has not got).
    const auto given =
        test::run_helper(test::built_helper(), {}, test::apply_request(state.journal, kWinsockReset, true));
    INFO(given.output);
    CHECK_THAT(given.output, !Catch::Contains("consent"));
    CHECK(state.entries() == 1);
}
