// Discovery + signature verification + load of one signed plugin, median over ROUNDS, and
// one assess round trip through the worker. Target: under 1 ms per plugin for the first.
#include "rdpmedic/plugins/discovery.h"
#include "rdpmedic/plugins/loader.h"
#include "rdpmedic/plugins/signing.h"
#include "rdpmedic/plugins/trust_store.h"
#include "rdpmedic/plugins/worker_client.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

using namespace rdpmedic::plugins;
using Clock = std::chrono::steady_clock;

namespace {

double median_ms(std::vector<double> samples) {
    std::sort(samples.begin(), samples.end());
    return samples[samples.size() / 2];
}

double ms_since(Clock::time_point start) {
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

} // namespace

int main(int argc, char** argv) {
    const int rounds = argc > 1 ? std::max(1, std::atoi(argv[1])) : 100;
    char pattern[] = "/tmp/rdpmedic-bench-plugins-XXXXXX";
    if (::mkdtemp(pattern) == nullptr) {
        return 1;
    }
    const std::filesystem::path root = pattern;
    std::filesystem::permissions(root, std::filesystem::perms(0755));
    const auto plugins = root / "plugins";
    const auto folder = plugins / "test.good";
    std::filesystem::create_directories(plugins);
    std::filesystem::copy(std::filesystem::path(RDPMEDIC_TEST_PLUGINS) / "test.good", folder);
    generate_key_pair(root / "key.pem", root / "key.pem.pub");
    sign_plugin(folder, root / "key.pem");
    trust_key(root / "key.pem.pub", root / "trusted-keys");

    std::vector<double> discover_verify;
    std::vector<double> load;
    for (int i = 0; i < rounds; ++i) {
        auto start = Clock::now();
        const TrustStore trust = TrustStore::load({root / "trusted-keys"});
        const auto found = discover_plugins({plugins}, trust, {});
        discover_verify.push_back(ms_since(start));
        if (found.size() != 1 || !found[0].loadable()) {
            std::fprintf(stderr, "bench: the plugin did not verify: %s\n", found.empty() ? "none" : found[0].message.c_str());
            return 1;
        }
        start = Clock::now();
        auto outcome = load_plugin(found[0]);
        load.push_back(ms_since(start));
        if (!outcome.plugin) {
            std::fprintf(stderr, "bench: %s\n", outcome.message.c_str());
            return 1;
        }
    }
    const double total = median_ms(discover_verify) + median_ms(load);
    std::printf("plugin discovery + trust store + signature verify: median %.3f ms (%d rounds)\n",
                median_ms(discover_verify), rounds);
    std::printf("plugin load (Boost.DLL, entry, ABI check):        median %.3f ms\n", median_ms(load));
    std::printf("per plugin, discovery + verify + load:            %.3f ms (target < 1 ms): %s\n", total,
                total < 1.0 ? "met" : "missed");

    ::setenv("RDPMEDIC_SYSTEM_DIR", root.c_str(), 1);
    ::setenv("XDG_CONFIG_HOME", (root / "config").c_str(), 1);
    std::filesystem::create_directories(root / "trusted-keys");
    WorkerClient worker({RDPMEDIC_FIXER_EXE, std::chrono::milliseconds(5000)});
    auto start = Clock::now();
    worker.load(folder);
    const double first_load = ms_since(start);
    const auto context = make_context("localhost", 3389, {{"kind", "socket-closed"}}, nullptr);
    std::vector<double> round_trips;
    for (int i = 0; i < rounds; ++i) {
        start = Clock::now();
        worker.assess("test.good", context);
        round_trips.push_back(ms_since(start));
    }
    std::printf("worker start + load of the plugin:                %.3f ms\n", first_load);
    std::printf("assess round trip through the worker:             median %.3f ms (%d rounds)\n",
                median_ms(round_trips), rounds);
    std::filesystem::remove_all(root);
    return 0;
}
