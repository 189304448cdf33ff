// An organization's policy file changes what rdpmedic-cli connect does against the lab: the
// attempts it makes, and a malformed value that is reported and costs nothing else.
#include "e2e_support.h"
#include "freerdp_clients.h"

#include "temp_dir.h"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <fstream>
#include <sys/stat.h>
#include <unistd.h>

using namespace rdpmedic;
using namespace rdpmedic::e2e;

namespace {

/// A policy file named by RDPMEDIC_POLICY_FILE for the CLI runs of one test.
class PolicyFile {
  public:
    explicit PolicyFile(const std::string& text) {
        std::ofstream(file()) << text;
        ::chmod(file().c_str(), 0644);
        ::setenv("RDPMEDIC_POLICY_FILE", file().c_str(), 1);
    }
    ~PolicyFile() { ::unsetenv("RDPMEDIC_POLICY_FILE"); }
    PolicyFile(const PolicyFile&) = delete;
    PolicyFile& operator=(const PolicyFile&) = delete;

    std::filesystem::path file() const { return dir_ / "policy.json"; }
    const std::filesystem::path& dir() const { return dir_.path(); }

  private:
    test::TempDir dir_{"rdpmedic-policy-"};
};

/// The attempts a `connect --json` run started, and the largest number of attempts it allowed.
std::pair<int, int> attempts(const std::string& output) {
    int started = 0;
    int allowed = 0;
    for (const auto& line : json_lines(output)) {
        if (line.value("event", "") == "launching") {
            ++started;
        }
        allowed = std::max(allowed, line.value("max_attempts", 0));
    }
    return {started, allowed};
}

CommandResult connect_to_closed_port(const lab::Lab& lab, const std::string& max_attempts) {
    const auto& client = freerdp_clients().front();
    return run_command({RDPMEDIC_CLI, "connect", "127.0.0.1:" + std::to_string(lab.port()), "--client", client.path,
                        "--max-attempts", max_attempts, "--backoff", "100", "--no-fix", "--json", "--log-dir",
                        "/tmp/rdpmedic-cli-test-logs"});
}

} // namespace

TEST_CASE("policy: max_attempts set by policy wins over connect's --max-attempts", "[e2e][policy]") {
    ensure_display();
    lab::LabOptions options;
    options.initial = {lab::Fault::PortClosed};
    const lab::Lab lab(options);

    const auto without = connect_to_closed_port(lab, "3");
    CHECK(without.exit_code == 1);
    CHECK(attempts(without.output) == std::pair{3, 3});

    const PolicyFile policy(R"({"max_attempts": 1})");
    const auto with = connect_to_closed_port(lab, "3");
    INFO(with.output);
    CHECK(with.exit_code == 1);
    CHECK(attempts(with.output) == std::pair{1, 1});
    CHECK_THAT(with.output, Catch::Contains("note: max_attempts is 1, set by your organization's policy (" +
                                            policy.file().string() + ")"));

    // rdpmedic-cli settings says the same.
    const auto shown = run_command({RDPMEDIC_CLI, "settings", "--json"});
    REQUIRE(shown.exit_code == 0);
    const auto json = nlohmann::json::parse(shown.output);
    CHECK(json["settings"]["max_attempts"]["value"] == 1);
    CHECK(json["settings"]["max_attempts"]["source"] == "policy (machine)");
    CHECK(json["settings"]["backoff_ms"]["source"] != "policy (machine)");
}

TEST_CASE("policy: a malformed value is reported and the rest of the policy still counts", "[e2e][policy]") {
    ensure_display();
    lab::LabOptions options;
    options.initial = {lab::Fault::PortClosed};
    const lab::Lab lab(options);
    const PolicyFile policy(R"({"max_attempts": "one", "auto_retry": false, "backoff_ms": -1})");
    const auto r = connect_to_closed_port(lab, "3");
    INFO(r.output);
    CHECK(r.exit_code == 1);
    // auto_retry off by policy: one attempt, whatever --max-attempts says.
    CHECK(attempts(r.output).first == 1);
    CHECK_THAT(r.output, Catch::Contains("max_attempts is \"one\", not a whole number; ignored"));
    CHECK_THAT(r.output, Catch::Contains("backoff_ms is -1, outside 0..3600000; ignored"));

    std::ofstream(policy.file()) << "{\"max_attempts\": 1,";
    const auto broken = connect_to_closed_port(lab, "2");
    CHECK(attempts(broken.output).first == 2);
    CHECK_THAT(broken.output, Catch::Contains("is not valid JSON"));
}

TEST_CASE("policy: root follows RDPMEDIC_POLICY_FILE only where no one else can write", "[e2e][policy]") {
    if (::geteuid() != 0) {
        WARN("not root: the rule for root is not exercised");
        return;
    }
    const PolicyFile policy(R"({"max_attempts": 1})");
    CHECK(nlohmann::json::parse(run_command({RDPMEDIC_CLI, "settings", "--json"}).output)["settings"]["max_attempts"]
                                                                                         ["value"] == 1);
    // Anyone could have written this one: a root process takes nothing from it (it reads
    // /etc/rdpmedic/policy.json instead, which is not there).
    ::chmod(policy.dir().c_str(), 0777);
    const auto shown = run_command({RDPMEDIC_CLI, "settings", "--json"});
    ::chmod(policy.dir().c_str(), 0755);
    CHECK(nlohmann::json::parse(shown.output)["settings"]["max_attempts"]["source"] == "default");
}

TEST_CASE("policy: a linked policy file is refused with a message, settings still shown", "[e2e][policy]") {
    const PolicyFile policy(R"({"max_attempts": 1})");
    const auto link = policy.dir() / "linked.json";
    std::filesystem::create_symlink(policy.file(), link);
    ::setenv("RDPMEDIC_POLICY_FILE", link.c_str(), 1);
    const auto shown = run_command({RDPMEDIC_CLI, "settings"});
    CHECK(shown.exit_code == 0);
    CHECK_THAT(shown.output, Catch::Contains("max_attempts = 3  (default)"));
    // Root does not even follow the variable to a link (the rule above); anyone else reads it and refuses it.
    if (::geteuid() != 0) {
        CHECK_THAT(shown.output, Catch::Contains("note: policy " + link.string() + ": is a symbolic link; refused"));
    }
}
