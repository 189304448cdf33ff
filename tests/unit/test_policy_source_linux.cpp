// The Linux policy file as the reader finds it: absent, good, malformed, linked, or open to
// other users' writes.
#include "rdpmedic/platform/policy_source.h"

#include "temp_dir.h"

#include <catch2/catch.hpp>

#include <fstream>
#include <sys/stat.h>

using namespace rdpmedic;
using rdpmedic::test::TempDir;

namespace {

std::filesystem::path write(const TempDir& dir, const std::string& text) {
    const auto file = dir / "policy.json";
    std::ofstream(file) << text;
    ::chmod(file.c_str(), 0644);
    ::chmod(dir.path().c_str(), 0755);
    return file;
}

std::vector<PolicyLayer> read(const std::filesystem::path& file) { return make_policy_source(file)->read(); }

} // namespace

TEST_CASE("policy file: none there is no policy and no problem", "[policy]") {
    TempDir dir;
    CHECK(read(dir / "policy.json").empty());
}

TEST_CASE("policy file: its values are the machine's", "[policy]") {
    TempDir dir;
    const auto layers = read(write(dir, R"({"max_attempts": 1, "plugins_disabled": ["tls-compat"]})"));
    REQUIRE(layers.size() == 1);
    CHECK(layers[0].scope == PolicyScope::Machine);
    CHECK(layers[0].origin == (dir / "policy.json").string());
    CHECK(layers[0].problems.empty());
    CHECK(layers[0].values["max_attempts"] == 1);
    const auto effective = effective_settings({}, layers, std::nullopt);
    CHECK(effective.settings.max_attempts == 1);
    CHECK(effective.settings.plugins_disabled == std::vector<std::string>{"tls-compat"});
}

TEST_CASE("policy file: bad JSON or another top level is reported, never thrown", "[policy]") {
    for (const std::string text : {"{\"max_attempts\": 1,", "[1, 2]", "", "\xff\xfe{}"}) {
        INFO(text);
        TempDir dir;
        const auto layers = read(write(dir, text));
        REQUIRE(layers.size() == 1);
        REQUIRE(layers[0].problems.size() == 1);
        CHECK(layers[0].values == nlohmann::json::object());
        CHECK_THAT(layers[0].problems[0], Catch::Contains("every value in it is ignored"));
    }
}

TEST_CASE("policy file: a symbolic link, a world- or group-writable file or folder is refused", "[policy]") {
    TempDir dir;
    const auto real = write(dir, R"({"max_attempts": 1})");
    const auto link = dir / "linked.json";
    std::filesystem::create_symlink(real, link);
    auto layers = read(link);
    REQUIRE(layers.size() == 1);
    CHECK(layers[0].values.empty());
    CHECK_THAT(layers[0].problems.at(0), Catch::Contains("symbolic link; refused"));

    for (const mode_t mode : {0666, 0664}) {
        ::chmod(real.c_str(), mode);
        layers = read(real);
        REQUIRE(layers.size() == 1);
        CHECK(layers[0].values.empty());
        CHECK_THAT(layers[0].problems.at(0), Catch::Contains("can be written by other users; refused"));
    }
    ::chmod(real.c_str(), 0644);
    ::chmod(dir.path().c_str(), 0777);
    layers = read(real);
    CHECK(layers.at(0).values.empty());
    CHECK_THAT(layers.at(0).problems.at(0), Catch::Contains("its folder"));
    ::chmod(dir.path().c_str(), 0755);
    CHECK(read(real).at(0).problems.empty());
}

TEST_CASE("policy file: a folder in its place is refused", "[policy]") {
    TempDir dir;
    std::filesystem::create_directory(dir / "policy.json");
    const auto layers = read(dir / "policy.json");
    REQUIRE(layers.size() == 1);
    CHECK_THAT(layers[0].problems.at(0), Catch::Contains("not a plain file"));
}
