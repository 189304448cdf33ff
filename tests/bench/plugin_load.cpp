// Discovery + signature verification + load of one signed plugin, median over ROUNDS, then the
// same work split into its phases (each timed on its own, in the order check_plugin() and
// load_plugin() run them, through the same functions), and one assess round trip through the
// worker. Target: under 1 ms per plugin for discovery + verify + load.
#include "bench_report.h"
#include "plugin_file.h"
#include "rdpmedic/platform/file_permissions.h"
#include "rdpmedic/plugins/discovery.h"
#include "rdpmedic/plugins/loader.h"
#include "rdpmedic/plugins/signing.h"
#include "rdpmedic/plugins/trust_store.h"
#include "rdpmedic/plugins/worker_client.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <dlfcn.h>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

using namespace rdpmedic::plugins;
using rdpmedic::writable_by_others;
using rdpmedic::bench::ms_since;
using rdpmedic::bench::Steady;

namespace {

// The phases of one check and load, timed one by one; a phase that fails stops the benchmark.
class Phases {
  public:
    template <typename Step> auto time(const std::string& name, Step&& step) {
        if (std::find(order_.begin(), order_.end(), name) == order_.end()) {
            order_.push_back(name);
        }
        const auto start = Steady::now();
        if constexpr (std::is_void_v<decltype(step())>) {
            step();
            samples_[name].push_back(ms_since(start));
        } else {
            auto result = step();
            samples_[name].push_back(ms_since(start));
            return result;
        }
    }
    const std::vector<std::string>& order() const { return order_; }
    double median(const std::string& name) const { return rdpmedic::bench::median(samples_.at(name)); }

  private:
    std::vector<std::string> order_;
    std::map<std::string, std::vector<double>> samples_;
};

[[noreturn]] void stop(const std::string& why) {
    std::fprintf(stderr, "bench: %s\n", why.c_str());
    std::exit(1);
}

// One check and load of the plugin in `folder`, phase by phase, as check_plugin() and
// load_plugin() do it.
void check_and_load_in_phases(Phases& phases, const std::filesystem::path& plugins,
                              const std::filesystem::path& trust_dir) {
    const TrustStore trust = phases.time("trust store: read and parse the keys", [&] { return TrustStore::load({trust_dir}); });
    const auto folder = phases.time("discovery: list the plugin folders", [&] {
        std::vector<std::filesystem::path> folders;
        for (const auto& entry : std::filesystem::directory_iterator(plugins)) {
            if (entry.is_directory()) {
                folders.push_back(entry.path());
            }
        }
        std::sort(folders.begin(), folders.end());
        return folders.at(0);
    });
    std::string manifest_text;
    const Manifest manifest = phases.time("manifest: read (no links) and parse", [&] {
        manifest_text = read_plugin_file(folder / kManifestFile);
        return parse_manifest(manifest_text, (folder / kManifestFile).string());
    });
    const auto library_path = folder / manifest.library;
    phases.time("permissions: folder and files not writable by others", [&] {
        for (const auto& path : {folder, folder / kManifestFile, library_path, folder / kSignatureFile}) {
            if (writable_by_others(path)) {
                stop(path.string() + " is writable by others");
            }
        }
        if (!std::filesystem::is_regular_file(library_path)) {
            stop("no library");
        }
    });
    const auto library = phases.time("library: open once (O_NOFOLLOW) and read", [&] { return PluginLibraryFile::open(library_path); });
    const SignatureFile signature = phases.time("signature: read, parse, Ed25519 verify", [&] {
        SignatureFile parsed = parse_signature_file(read_plugin_file(folder / kSignatureFile));
        const PublicKey* key = trust.find(parsed.signer);
        if (key == nullptr || !verify_signature(*key, signed_message(parsed), parsed.signature)) {
            stop("the signature does not verify");
        }
        return parsed;
    });
    phases.time("hashes: SHA-256 of manifest and library", [&] {
        if (sha256_hex(manifest_text) != signature.manifest_sha256 ||
            sha256_hex(library->bytes()) != signature.library_sha256) {
            stop("a hash does not match");
        }
    });
    const auto load_path = phases.time("load path: sealed in-memory copy", [&] {
        std::string error;
        auto path = library->load_path(error);
        if (path.empty()) {
            stop(error);
        }
        return path;
    });
    void* handle = phases.time("dlopen (RTLD_NOW, RTLD_LOCAL)", [&] { return ::dlopen(load_path.c_str(), RTLD_NOW | RTLD_LOCAL); });
    if (handle == nullptr) {
        stop(::dlerror());
    }
    phases.time("entry and ABI check", [&] {
        using Entry = const rdpmedic_plugin_t* (*)();
        const auto entry = reinterpret_cast<Entry>(::dlsym(handle, RDPMEDIC_PLUGIN_ENTRY_SYMBOL));
        const rdpmedic_plugin_t* api = entry ? entry() : nullptr;
        if (api == nullptr || !abi_incompatibility({api->abi.major, api->abi.minor, api->abi.patch}).empty() ||
            api->info == nullptr || manifest.id != api->info->id) {
            stop("the entry or its ABI is wrong");
        }
    });
    phases.time("unload (dlclose), not in the target", [&] { ::dlclose(handle); });
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
    std::vector<double> whole;
    for (int i = 0; i < rounds; ++i) {
        auto start = Steady::now();
        const TrustStore trust = TrustStore::load({root / "trusted-keys"});
        const auto found = discover_plugins({plugins}, trust, {});
        discover_verify.push_back(ms_since(start));
        if (found.size() != 1 || !found[0].loadable()) {
            stop("the plugin did not verify: " + (found.empty() ? std::string("none") : found[0].message));
        }
        const auto load_start = Steady::now();
        auto outcome = load_plugin(found[0]);
        load.push_back(ms_since(load_start));
        whole.push_back(ms_since(start));
        if (!outcome.plugin) {
            stop(outcome.message);
        }
    }
    Phases phases;
    for (int i = 0; i < rounds; ++i) {
        check_and_load_in_phases(phases, plugins, root / "trusted-keys");
    }
    const std::size_t library_size = std::filesystem::file_size(folder / "libtest_plugin_good.so");

    const rdpmedic::bench::Target target{"per plugin, discovery + verify + load", 1.0, "ms"};
    const double total = rdpmedic::bench::median(whole);
    std::printf("plugin discovery + trust store + signature verify: median %.3f ms (%d rounds)\n",
                rdpmedic::bench::median(discover_verify), rounds);
    std::printf("plugin load (Boost.DLL, entry, ABI check):        median %.3f ms\n", rdpmedic::bench::median(load));
    std::printf("per plugin, discovery + verify + load:            median %.3f ms\n", total);
    rdpmedic::bench::report(target, total);

    std::printf("the same, phase by phase (medians, %zu-byte library):\n", library_size);
    double sum = 0;
    rdpmedic::bench::Table table("plugins", {"phase", "median"});
    for (const auto& name : phases.order()) {
        const double phase = phases.median(name);
        std::printf("  %-56s %8.3f ms\n", name.c_str(), phase);
        table.row({name, rdpmedic::bench::fixed(phase, 3) + " ms"});
        if (name.find("not in the target") == std::string::npos) {
            sum += phase;
        }
    }
    std::printf("  %-56s %8.3f ms\n", "sum of the phases in the target", sum);

    ::setenv("RDPMEDIC_SYSTEM_DIR", root.c_str(), 1);
    ::setenv("XDG_CONFIG_HOME", (root / "config").c_str(), 1);
    std::filesystem::create_directories(root / "trusted-keys");
    WorkerClient worker({RDPMEDIC_FIXER_EXE, std::chrono::milliseconds(5000)});
    auto start = Steady::now();
    worker.load(folder);
    const double first_load = ms_since(start);
    const auto context = make_context("localhost", 3389, {{"kind", "socket-closed"}}, nullptr);
    std::vector<double> round_trips;
    for (int i = 0; i < rounds; ++i) {
        start = Steady::now();
        worker.assess("test.good", context);
        round_trips.push_back(ms_since(start));
    }
    std::printf("worker start + load of the plugin:                %.3f ms\n", first_load);
    std::printf("assess round trip through the worker:             median %.3f ms (%d rounds)\n",
                rdpmedic::bench::median(round_trips), rounds);
    table.row({"**discovery + verify + load (whole, " + target.text() + ")**",
               "**" + rdpmedic::bench::fixed(total, 3) + " ms: " + rdpmedic::bench::verdict(target, total) + "**"});
    table.row({"worker start + load of the plugin", rdpmedic::bench::fixed(first_load, 3) + " ms"});
    table.row({"assess round trip through the worker", rdpmedic::bench::fixed(rdpmedic::bench::median(round_trips), 3) + " ms"});
    table.print();
    std::filesystem::remove_all(root);
    return 0;
}
