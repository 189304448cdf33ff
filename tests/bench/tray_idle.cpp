// Idle footprint of the tray app beside Remmina's tray (`remmina -i`): both started on the
// same Xvfb with the same tray host (trayer), each timed from launch to its icon being
// embedded, then left alone together for the measured interval. Figures come from /proc:
// resident and proportional memory, CPU time (utime + stime, clock ticks) and context
// switches summed over all threads; an idle process that switches is a process that was woken.
// The start-up figures (CPU and switches from launch to the start of the interval) show the
// counters at work where the idle ones stay at zero. Then each opens three sessions to three
// lab servers and the same interval is measured again: rdpmedic's sessions run in xfreerdp
// processes of their own (counted beside the tray), Remmina's inside its own process.
#include "bench_report.h"
#include "gui_support.h"
#include "rdpmedic/lab/lab.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <unistd.h>
#include <vector>

using namespace rdpmedic::gui;
using rdpmedic::bench::Steady;

namespace {

struct Sample {
    long rss_kb = 0;
    long pss_kb = 0;
    double cpu_ms = 0;
    long long switches = 0;
    int threads = 0;
};

// The first number after `key` in a "Key:   value kB" file, or 0.
long long field_of(const std::filesystem::path& file, const std::string& key) {
    std::ifstream in(file);
    std::string line;
    while (std::getline(in, line)) {
        if (line.starts_with(key)) {
            return std::atoll(line.c_str() + key.size());
        }
    }
    return 0;
}

Sample sample(int pid) {
    const std::filesystem::path proc = "/proc/" + std::to_string(pid);
    Sample s;
    s.rss_kb = static_cast<long>(field_of(proc / "status", "VmRSS:"));
    s.pss_kb = static_cast<long>(field_of(proc / "smaps_rollup", "Pss:"));
    std::error_code ec;
    for (const auto& task : std::filesystem::directory_iterator(proc / "task", ec)) {
        ++s.threads;
        s.switches += field_of(task.path() / "status", "voluntary_ctxt_switches:") +
                      field_of(task.path() / "status", "nonvoluntary_ctxt_switches:");
    }
    // Fields 14 and 15 of stat, counted after the command name, which may hold spaces.
    std::ifstream stat(proc / "stat");
    std::string text;
    std::getline(stat, text);
    const auto close = text.rfind(')');
    if (close != std::string::npos) {
        std::istringstream rest(text.substr(close + 2));
        std::string skip;
        for (int field = 3; field < 14 && rest >> skip; ++field) {
        }
        long long utime = 0;
        long long stime = 0;
        rest >> utime >> stime;
        s.cpu_ms = static_cast<double>(utime + stime) * 1000.0 /
                   static_cast<double>(::sysconf(_SC_CLK_TCK));
    }
    return s;
}

struct Contender {
    std::string label;
    std::vector<std::string> argv;
    std::string icon_class;
    std::unique_ptr<Background> process;
    std::optional<double> launch_to_icon_ms;
    Sample before;
    Sample after;
};

// Starts the program and polls the window tree until trayer has embedded its icon.
void launch(Contender& c, const std::filesystem::path& output, std::chrono::seconds timeout) {
    const auto start = Steady::now();
    c.process = std::make_unique<Background>(c.argv, output);
    const auto until = start + timeout;
    while (Steady::now() < until) {
        if (tray_icon(c.icon_class)) {
            c.launch_to_icon_ms = rdpmedic::bench::ms_since(start);
            return;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
}

void print_row(const Contender& c, double seconds) {
    if (!c.launch_to_icon_ms) {
        std::printf("%-12s no icon appeared; not measured\n", c.label.c_str());
        return;
    }
    const double cpu_ms = c.after.cpu_ms - c.before.cpu_ms;
    const auto switches = c.after.switches - c.before.switches;
    std::printf("%-12s %7.0f %7.0f %7lld %7.1f %7.1f %7d %8.0f %8lld %9.2f\n", c.label.c_str(),
                *c.launch_to_icon_ms, c.before.cpu_ms, c.before.switches,
                static_cast<double>(c.after.rss_kb) / 1024,
                static_cast<double>(c.after.pss_kb) / 1024, c.after.threads, cpu_ms, switches,
                static_cast<double>(switches) / seconds);
}

constexpr int kSessions = 3;

/// The PIDs of the processes whose command line matches `pattern` (pgrep -f).
std::vector<int> processes_matching(const std::string& pattern) {
    std::vector<int> pids;
    std::istringstream lines(sh("pgrep -f -- '" + pattern + "'"));
    for (int pid = 0; lines >> pid;) {
        pids.push_back(pid);
    }
    return pids;
}

/// The figures of several processes added up (threads too); one that has ended counts nothing.
Sample total(const std::vector<int>& pids) {
    Sample sum;
    for (const int pid : pids) {
        const Sample one = sample(pid);
        sum.rss_kb += one.rss_kb;
        sum.pss_kb += one.pss_kb;
        sum.cpu_ms += one.cpu_ms;
        sum.switches += one.switches;
        sum.threads += one.threads;
    }
    return sum;
}

/// How many of rdpmedic's sessions in the history are connected now.
int connected_sessions(const Desktop& desktop) {
    int connected = 0;
    const auto h = history(desktop);
    if (h.is_object() && h.contains("sessions")) {
        for (const auto& session : h["sessions"]) {
            connected += json_text(session, "outcome") == "connected" ? 1 : 0;
        }
    }
    return connected;
}

/// A Remmina profile for one lab: RDP, the lab's certificate accepted without a dialog.
std::filesystem::path remmina_profile(const Desktop& desktop, const rdpmedic::lab::Lab& lab, int number) {
    const auto file = desktop.home() / ("lab" + std::to_string(number) + ".remmina");
    std::ofstream(file) << "[remmina]\nname=lab" << number << "\nprotocol=RDP\nserver=localhost:" << lab.port()
                        << "\ncert_ignore=1\nviewmode=1\ncolordepth=16\n";
    return file;
}

} // namespace

int main(int argc, char** argv) {
    const int seconds = argc > 1 ? std::atoi(argv[1]) : 60;
    if (seconds <= 0) {
        std::fprintf(stderr, "usage: rdpmedic-bench-tray-idle [SECONDS]   (default 60)\n");
        return 2;
    }
    Desktop desktop;
    // Remmina keeps data and cache under XDG directories too; keep them in the private home.
    ::setenv("XDG_DATA_HOME", (desktop.home() / "data").c_str(), 1);
    ::setenv("XDG_CACHE_HOME", (desktop.home() / "cache").c_str(), 1);
    ::setenv("HOME", desktop.home().c_str(), 1);

    // The labs first: each has a CA of its own, and the programs read SSL_CERT_FILE at start.
    std::vector<std::unique_ptr<rdpmedic::lab::Lab>> labs;
    std::string authorities;
    for (int i = 0; i < kSessions; ++i) {
        labs.push_back(std::make_unique<rdpmedic::lab::Lab>());
        authorities += whole_file(labs.back()->ca_certificate());
    }
    std::ofstream(desktop.home() / "lab-authorities.pem") << authorities;
    desktop.set_environment("SSL_CERT_FILE", (desktop.home() / "lab-authorities.pem").string());

    std::vector<Contender> contenders;
    contenders.push_back({"rdpmedic", {RDPMEDIC_TRAY}, "Rdpmedic", {}, {}, {}, {}});
    contenders.push_back({"remmina -i", {"remmina", "-i"}, "remmina-icon", {}, {}, {}, {}});
    // The first GTK 3 program on a display surveys its GL visuals (Mesa, ~50 MiB of LLVM) and
    // caches the answer on the root window; later ones skip that. So each starts once and is
    // stopped before the measured starts, which are then what a user sees every day, and
    // neither carries the survey for the other.
    for (auto& c : contenders) {
        launch(c, desktop.home() / "warm-up.out", std::chrono::seconds(30));
        c.process.reset();
        c.launch_to_icon_ms.reset();
        wait_until([&] { return !tray_icon(c.icon_class); }, std::chrono::seconds(5));
    }
    // One at a time, so neither start-up slows the other's.
    for (auto& c : contenders) {
        launch(c, desktop.home() / (c.argv.front().substr(c.argv.front().rfind('/') + 1) + ".out"),
               std::chrono::seconds(30));
    }
    // Let both finish whatever follows start-up (first paint, config writes) before measuring.
    std::this_thread::sleep_for(std::chrono::seconds(3));
    for (auto& c : contenders) {
        if (c.launch_to_icon_ms) {
            c.before = sample(c.process->pid());
        }
    }
    std::this_thread::sleep_for(std::chrono::seconds(seconds));
    for (auto& c : contenders) {
        if (c.launch_to_icon_ms) {
            c.after = sample(c.process->pid());
        }
    }

    std::printf("idle in the tray for %d s, same Xvfb and trayer\n", seconds);
    std::printf("%-12s %7s %7s %7s | %7s %7s %7s %8s %8s %9s\n", "", "icon ms", "CPU ms", "switch",
                "RSS MiB", "PSS MiB", "threads", "CPU ms", "switches", "wakeups/s");
    std::printf("%-12s %23s | %s\n", "", "launch to idle", "idle interval");
    for (const auto& c : contenders) {
        print_row(c, seconds);
    }
    // An idle tray app that wakes up at all runs a timer or polls; none is allowed.
    const rdpmedic::bench::Target target{"rdpmedic's wake-ups per second, idle", 1.0, ""};
    const Contender& own = contenders.front();
    if (!own.launch_to_icon_ms) {
        std::printf("  target: %s %s: not measured (no icon)\n", target.figure.c_str(), target.text().c_str());
        return 1;
    }
    const auto wakeups = [&](const Contender& c) {
        return static_cast<double>(c.after.switches - c.before.switches) / seconds;
    };
    rdpmedic::bench::report(target, wakeups(own));
    rdpmedic::bench::Table table("tray-idle", {"", "icon after", "RSS", "PSS", "threads", "CPU idle", "switches idle",
                                               "wake-ups/s"});
    for (const auto& c : contenders) {
        if (!c.launch_to_icon_ms) {
            table.row({"`" + c.label + "`", "no icon", "", "", "", "", "", ""});
            continue;
        }
        table.row({"`" + c.label + "`", rdpmedic::bench::fixed(*c.launch_to_icon_ms, 0) + " ms",
                   rdpmedic::bench::fixed(static_cast<double>(c.after.rss_kb) / 1024, 1) + " MiB",
                   rdpmedic::bench::fixed(static_cast<double>(c.after.pss_kb) / 1024, 1) + " MiB",
                   std::to_string(c.after.threads), rdpmedic::bench::fixed(c.after.cpu_ms - c.before.cpu_ms, 0) + " ms",
                   std::to_string(c.after.switches - c.before.switches),
                   rdpmedic::bench::fixed(wakeups(c), 2) +
                       (&c == &own ? " (target " + target.text() + ": " + rdpmedic::bench::verdict(target, wakeups(own)) + ")"
                                   : "")});
    }
    table.print();

    // Three sessions each. rdpmedic's: handed to the running tray as a user's
    // `rdpmedic HOST` is; Remmina's: its profiles opened in the running instance.
    Contender& remmina = contenders.back();
    for (int i = 0; i < kSessions; ++i) {
        sh(std::string(RDPMEDIC_TRAY) + " localhost:" + std::to_string(labs[static_cast<std::size_t>(i)]->port()) +
           " >/dev/null 2>&1");
        if (remmina.launch_to_icon_ms) {
            Background(std::vector<std::string>{"remmina", "-c", remmina_profile(desktop, *labs[static_cast<std::size_t>(i)], i + 1).string()},
                       desktop.home() / "remmina-connect.out")
                .wait_exit(std::chrono::seconds(10));
        }
    }
    const bool own_connected = wait_until([&] { return connected_sessions(desktop) == kSessions; }, std::chrono::seconds(60));
    // Remmina says nothing a script can read; each session it keeps open has a window named
    // after its profile.
    const auto remmina_reached = [&] {
        for (int i = 1; i <= kSessions; ++i) {
            if (sh("xdotool search --name '^lab" + std::to_string(i) + "' 2>/dev/null").empty()) {
                return false;
            }
        }
        return true;
    };
    const bool remmina_connected = remmina.launch_to_icon_ms && wait_until(remmina_reached, std::chrono::seconds(30));
    if (remmina.launch_to_icon_ms && !remmina_connected) {
        std::printf("Remmina's windows: %s; its output: %s\n",
                    sh("xdotool search --class remmina getwindowname %@ 2>/dev/null | tr '\\n' ','").c_str(),
                    whole_file(desktop.home() / "remmina-connect.out").c_str());
    }
    std::this_thread::sleep_for(std::chrono::seconds(5));
    // Remmina may open the sessions in a process of its own beside the tray's: all its
    // processes are counted, as all of rdpmedic's clients are.
    // Each client's own command line starts with it; its keeper's (rdpmedic-session) names it
    // too. The keepers, which only wait for their clients, are counted with them.
    const auto clients = processes_matching("^[^ ]*[x]freerdp[^ ]* .*/v:localhost:");
    auto clients_and_keepers = clients;
    for (const int keeper : processes_matching("^[^ ]*rdpmedic-[s]ession .*[x]freerdp")) {
        clients_and_keepers.push_back(keeper);
    }
    const auto remmina_processes = processes_matching("^remmina( |$)");
    for (auto& c : contenders) {
        if (c.launch_to_icon_ms) {
            c.before = sample(c.process->pid());
        }
    }
    const Sample clients_before = total(clients_and_keepers);
    const Sample remmina_before = total(remmina_processes);
    std::this_thread::sleep_for(std::chrono::seconds(seconds));
    for (auto& c : contenders) {
        if (c.launch_to_icon_ms) {
            c.after = sample(c.process->pid());
        }
    }
    const Sample clients_after = total(clients_and_keepers);
    const Sample remmina_after = total(remmina_processes);
    std::printf("with %d live sessions each, %d s: rdpmedic %s (%zu xfreerdp clients), Remmina %s (%zu processes)\n",
                kSessions, seconds, own_connected ? "connected" : "NOT all connected", clients.size(),
                remmina_connected ? "connected" : "NOT all connected", remmina_processes.size());
    rdpmedic::bench::report(target, wakeups(own));
    rdpmedic::bench::Table busy("tray-sessions", {"", "sessions", "RSS", "PSS", "threads", "CPU idle",
                                                   "wake-ups/s"});
    const auto figures = [&](const std::string& label, const std::string& sessions, const Sample& before,
                             const Sample& after) {
        busy.row({label, sessions, rdpmedic::bench::fixed(static_cast<double>(after.rss_kb) / 1024, 1) + " MiB",
                  rdpmedic::bench::fixed(static_cast<double>(after.pss_kb) / 1024, 1) + " MiB",
                  std::to_string(after.threads), rdpmedic::bench::fixed(after.cpu_ms - before.cpu_ms, 0) + " ms",
                  rdpmedic::bench::fixed(static_cast<double>(after.switches - before.switches) / seconds, 2)});
    };
    figures("`rdpmedic` (the tray)", own_connected ? std::to_string(kSessions) : "not all connected", own.before,
            own.after);
    figures("its " + std::to_string(clients.size()) + " `xfreerdp` clients and their keepers", "", clients_before,
            clients_after);
    if (remmina_connected) {
        figures("`remmina`, its " + std::to_string(remmina_processes.size()) + " processes", std::to_string(kSessions),
                remmina_before, remmina_after);
    } else if (remmina.launch_to_icon_ms) {
        // Its figures without the sessions would flatter it: none are shown.
        busy.row({"`remmina -i`", "its sessions did not open: not compared", "", "", "", "", ""});
    }
    busy.print();
    return own_connected ? 0 : 1;
}
