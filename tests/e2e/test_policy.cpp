// An organization's policy file changes what rdpmedic-cli connect does against the lab: the
// attempts it makes, and a malformed value that is reported and costs nothing else. Its
// plugin values change what `plugins list` shows and what `plugins trust` accepts, as the
// connection's fix stage takes them.
#include "e2e_support.h"
#include "freerdp_clients.h"
#include "plugin_sandbox.h"

#include "rdpmedic/plugins/signing.h"
#include "rdpmedic/plugins/trust_store.h"
#include "temp_dir.h"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>
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

CommandResult connect_to_closed_port(const lab::Lab& lab, const std::string& max_attempts, bool fixes = false) {
    const auto& client = freerdp_clients().front();
    std::vector<std::string> argv = {RDPMEDIC_CLI, "connect", "127.0.0.1:" + std::to_string(lab.port()), "--client",
                                     client.path, "--max-attempts", max_attempts, "--backoff", "100", "--json",
                                     "--log-dir", "/tmp/rdpmedic-cli-test-logs"};
    if (!fixes) {
        argv.push_back("--no-fix");
    }
    return run_command(argv);
}

/// The lines of `plugins list --json`, by plugin id.
std::map<std::string, nlohmann::json> listed_plugins() {
    const auto listed = run_command({RDPMEDIC_CLI, "plugins", "list", "--json"});
    std::map<std::string, nlohmann::json> by_id;
    for (const auto& line : json_lines(listed.output)) {
        by_id[line.value("id", "")] = line;
    }
    return by_id;
}

/// The line of `plugins list` (the table) that lists `id`.
std::string table_line(const std::string& table, const std::string& id) {
    std::istringstream lines(table);
    for (std::string line; std::getline(lines, line);) {
        if (line.starts_with(id + " ")) {
            return line;
        }
    }
    return {};
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

TEST_CASE("policy: plugins list shows the plugins and keys policy holds, and trust refuses a key it does not allow",
          "[e2e][policy][plugins]") {
    e2e::PluginSandbox sandbox;
    // Three plugins from disk, two signed with the sandbox's key, one with another publisher's;
    // the user trusts both publishers and turned test.throws off.
    sandbox.install("test.good");
    sandbox.install("test.throws");
    const auto other_key = sandbox.root() / "other.pem";
    const auto other = plugins::generate_key_pair(other_key, other_key.string() + ".pub");
    plugins::sign_plugin(sandbox.install("test.hang", false), other_key);
    sandbox.trust_sandbox_key();
    plugins::trust_key(other_key.string() + ".pub", sandbox.root() / "config/rdpmedic/trusted-keys");
    std::ofstream(sandbox.root() / "config/rdpmedic/settings.json") << R"({"plugins_disabled": ["test.throws"]})";
    const std::string allowed = plugins::read_public_key(sandbox.key().string() + ".pub").id;

    const auto before = listed_plugins();
    CHECK(before.at("test.hang")["check"] == "trusted");
    CHECK(before.at("test.good")["enabled"] == true);
    CHECK(before.at("test.throws")["enabled"] == false);
    CHECK(before.at("test.throws")["enabled_source"] == "user");

    const PolicyFile policy(R"({"trusted_publisher_keys": [")" + allowed + R"("], "plugins_disabled": ["test.good"]})");
    const auto after = listed_plugins();
    INFO(after.at("test.hang").dump());
    // Trusted by the user, but not by the organization: refused, and the message says why.
    CHECK(after.at("test.hang")["check"] == "signer-not-allowed");
    CHECK(after.at("test.hang")["loadable"] == false);
    CHECK_THAT(after.at("test.hang")["message"].get<std::string>(),
               Catch::Contains("its signer " + other.id + " is trusted here, but your organization's policy lets only "
                               "plugins signed by " + allowed + " load"));
    // The policy's list of plugins turned off replaces the user's.
    CHECK(after.at("test.good")["check"] == "trusted");
    CHECK(after.at("test.good")["enabled"] == false);
    CHECK(after.at("test.good")["enabled_source"] == "policy (machine)");
    CHECK(after.at("test.throws")["enabled"] == true);

    const auto table = run_command({RDPMEDIC_CLI, "plugins", "list"});
    INFO(table.output);
    CHECK(table.exit_code == 0);
    CHECK_THAT(table_line(table.output, "test.good"), Catch::Contains("trusted") && Catch::Contains("off (policy)"));
    CHECK_THAT(table_line(table.output, "test.throws"), Catch::Contains("on (policy)"));
    CHECK_THAT(table_line(table.output, "test.hang"), Catch::Contains("signer-not-allowed"));
    CHECK_THAT(table.output, Catch::Contains("trusted_publisher_keys = [\"" + allowed + "\"]  (policy (machine): " +
                                             policy.file().string() + ")"));
    CHECK(run_command({RDPMEDIC_CLI, "plugins", "verify"}).exit_code == 1);

    // Trusting a key the policy does not allow is refused, naming the policy, and nothing is filed.
    const auto third_key = sandbox.root() / "third.pem";
    const auto third = plugins::generate_key_pair(third_key, third_key.string() + ".pub");
    const auto refused = run_command({RDPMEDIC_CLI, "plugins", "trust", third_key.string() + ".pub"});
    CHECK(refused.exit_code == 1);
    CHECK_THAT(refused.output, Catch::Contains("rdpmedic-cli plugins trust: key " + third.id +
                                               " is not among the publisher keys your organization's policy allows (" +
                                               allowed + "; trusted_publisher_keys in " + policy.file().string() + ")"));
    const auto trusted_folder = sandbox.root() / "config/rdpmedic/trusted-keys";
    CHECK_FALSE(std::filesystem::exists(trusted_folder / (third.id + ".pem")));
    // The allowed one is trusted as ever.
    std::filesystem::remove(trusted_folder / (allowed + ".pem"));
    CHECK(run_command({RDPMEDIC_CLI, "plugins", "trust", sandbox.key().string() + ".pub"}).exit_code == 0);
    CHECK(std::filesystem::exists(trusted_folder / (allowed + ".pem")));
}

TEST_CASE("policy: connect's fix stage refuses and turns off the plugins plugins list shows so", "[e2e][policy][plugins]") {
    ensure_display();
    e2e::PluginSandbox sandbox;
    sandbox.install("test.good");
    const auto other_key = sandbox.root() / "other.pem";
    plugins::generate_key_pair(other_key, other_key.string() + ".pub");
    plugins::sign_plugin(sandbox.install("test.hang", false), other_key);
    sandbox.trust_sandbox_key();
    plugins::trust_key(other_key.string() + ".pub", sandbox.root() / "config/rdpmedic/trusted-keys");
    const std::string allowed = plugins::read_public_key(sandbox.key().string() + ".pub").id;
    const PolicyFile policy(R"({"trusted_publisher_keys": [")" + allowed + R"("], "plugins_disabled": ["test.good"]})");
    lab::LabOptions options;
    options.initial = {lab::Fault::PortClosed};
    const lab::Lab lab(options);
    const auto r = connect_to_closed_port(lab, "1", true);
    INFO(r.output);
    // The same refusal, in the same words, as plugins list gives.
    CHECK_THAT(r.output, Catch::Contains("note: plugin refused: plugin test.hang (") &&
                             Catch::Contains("your organization's policy lets only plugins signed by " + allowed));
    CHECK_THAT(r.output, Catch::Contains("every fix strategy is turned off"));
}
