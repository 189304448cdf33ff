// rdpmedic-helper.exe as the administrator prompt starts it (--request, --request-sha256,
// --answer), under wine: it keeps the journal in the LocalAppData folder of the user whose
// program started it, not where the request says; it refuses a request file changed after it
// was written and an answer file someone put there first. Wine has no UAC, so the helper runs
// as the same user here; the checks are the same ones it makes elevated. Wine 8 shows no
// reparse points (its symbolic links are the Unix ones, followed), so the hard link stands in
// for a link planted by the user.
#include "helper_files.h"
#include "temp_dir.h"
#include "users_state_folder.h"
#include "rdpmedic/platform/windows_api.h"

#include <catch2/catch.hpp>

using namespace rdpmedic;

namespace {

const nlohmann::json kFlush = {{"kind", "system-action"}, {"value", "dns.flush"}};
const nlohmann::json kWinsockReset = {{"kind", "system-action"}, {"value", "winsock.reset"}};

} // namespace

TEST_CASE("windows helper: through the prompt's file mode the journal is the user's LocalAppData one, not the "
          "request's", "[windows][helper]") {
    test::UsersStateFolder state;
    const test::TempDir elsewhere("rdpmedic-elsewhere-");
    const auto named = elsewhere / "rdpmedic" / "journal.jsonl";
    std::filesystem::create_directories(named.parent_path());
    const std::string request = test::apply_request(named, kFlush);
    test::write_text(state.request, request);
    const auto ran = test::run_helper_with_files(test::built_helper(), state.request, plugins::sha256_hex(request),
                                                 state.answer);
    const std::string answer = test::read_text(state.answer);
    INFO(ran.output << answer);
    CHECK(ran.exit == 0);
    CHECK_THAT(answer, Catch::Contains("\"ok\":true"));
    CHECK_FALSE(std::filesystem::exists(named));
    REQUIRE(state.entries() == 1);
    CHECK(plugins::Journal(state.journal).entries()[0].change.value.data == "dns.flush");
}

TEST_CASE("windows helper: a request file changed after it was written is refused", "[windows][helper]") {
    test::UsersStateFolder state;
    const std::string written = test::apply_request(state.journal, kFlush);
    // What another program of the user's writes there between the change host and the helper:
    // another allowlisted change, one that needs consent, saying it was given.
    test::write_text(state.request, test::apply_request(state.journal, kWinsockReset, true));
    const auto ran = test::run_helper_with_files(test::built_helper(), state.request, plugins::sha256_hex(written),
                                                 state.answer);
    CHECK(ran.exit == 2);
    CHECK_THAT(test::read_text(state.answer), Catch::Contains("is not the one rdpmedic wrote for this run") &&
                                                  Catch::Contains("nothing was changed"));
    CHECK(state.entries() == 0);
}

TEST_CASE("windows helper: an answer file already there, a file or a hard link, is refused and left as it was",
          "[windows][helper]") {
    test::UsersStateFolder state;
    const test::TempDir elsewhere("rdpmedic-elsewhere-");
    const auto planted = elsewhere / "administrators-file.txt";
    test::write_text(planted, test::kPlanted);
    const bool link = GENERATE(false, true);
    CAPTURE(link);
    if (link) {
        REQUIRE(CreateHardLinkW(state.answer.c_str(), planted.c_str(), nullptr));
    } else {
        test::write_text(state.answer, test::kPlanted);
    }
    test::check_planted_answer_refused(state.request, state.answer, planted, state.journal, kFlush);
}
