// rdpmedic-cli: the command-line front end. Commands live in command_*.cpp.
#include "arguments.h"
#include "commands.h"
#include "exit_codes.h"

#include "rdpmedic/core/rdp_file.h"
#include "rdpmedic/i18n/system_language.h"
#include "rdpmedic/i18n/translate.h"
#include "rdpmedic/core/stored_file.h"
#include "rdpmedic/core/target.h"
#include "rdpmedic/platform/process_hardening.h"
#include "rdpmedic/platform/utf8_arguments.h"
#include "rdpmedic/platform/utf8_console.h"

#include <cstdio>
#include <cstring>
#include <exception>
#include <string>
#include <vector>

#ifndef RDPMEDIC_VERSION
#define RDPMEDIC_VERSION "unknown"
#endif

namespace {

const char* const kMainUsage = N_(
    "usage: rdpmedic-cli COMMAND [options]\n"
    "\n"
    "Commands:\n"
    "  connect HOST[:PORT] | FILE.rdp   connect, and on failure decode, retry and report\n"
    "  decode CODE [--ext CODE]         explain an RDP client's error code (e.g. 0x904 --ext 0x7)\n"
    "  diagnose HOST[:PORT]             probe DNS, TCP, RDP negotiation, TLS and the certificate\n"
    "  analyze FILE.xml                 decode the Windows RDP client's exported event log\n"
    "  plugins list|verify|trust|sign   fix-strategy plugins, their signatures and trusted keys\n"
    "  history                          the system changes fix strategies made\n"
    "  undo ID...|--all|--machine-wide  restore what those changes replaced\n"
    "  certificates list|forget HOST    server certificates accepted on connect\n"
    "  settings [--json]                the settings in effect, and which are set by policy\n"
    "  close-running [--wait MS]        quit the running rdpmedic programs (before an uninstall)\n"
    "\n"
    "  rdpmedic-cli COMMAND --help     the command's options\n"
    "  rdpmedic-cli --version          the version\n"
    "\n"
    "Exit codes: 0 ok, 1 connection failed (or unknown code), 2 bad arguments or input,\n"
    "            3 cannot run here (client missing, log not writable), 4 cancelled,\n"
    "            5 handed over to another installed client (its outcome is not known).\n");

struct Command {
    const char* name;
    const char* const& usage;
    int (*run)(const std::vector<std::string>&);
};

const Command kCommands[] = {
    {"connect", rdpmedic::cli::kConnectUsage, rdpmedic::cli::run_connect},
    {"decode", rdpmedic::cli::kDecodeUsage, rdpmedic::cli::run_decode},
    {"diagnose", rdpmedic::cli::kDiagnoseUsage, rdpmedic::cli::run_diagnose},
    {"analyze", rdpmedic::cli::kAnalyzeUsage, rdpmedic::cli::run_analyze},
    {"plugins", rdpmedic::cli::kPluginsUsage, rdpmedic::cli::run_plugins},
    {"undo", rdpmedic::cli::kUndoUsage, rdpmedic::cli::run_undo},
    {"history", rdpmedic::cli::kHistoryUsage, rdpmedic::cli::run_history},
    {"certificates", rdpmedic::cli::kCertificatesUsage, rdpmedic::cli::run_certificates},
    {"settings", rdpmedic::cli::kSettingsUsage, rdpmedic::cli::run_settings},
    {"close-running", rdpmedic::cli::kCloseRunningUsage, rdpmedic::cli::run_close_running},
};

} // namespace

int main(int argc, char** argv) {
    rdpmedic::harden_process();
    rdpmedic::use_utf8_console_output();
    rdpmedic::i18n::use_system_language();
    using namespace rdpmedic::cli;
    using rdpmedic::i18n::tr;
    const std::vector<std::string> args = rdpmedic::utf8_arguments(argc, argv);
    if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
        std::fputs(tr(kMainUsage), args.empty() ? stderr : stdout);
        return args.empty() ? kUsage : kOk;
    }
    if (args[0] == "--version") {
        std::printf("rdpmedic-cli %s\n", RDPMEDIC_VERSION);
        return kOk;
    }
    const std::string command = args[0];
    const std::vector<std::string> rest(args.begin() + 1, args.end());
    const bool wants_help = !rest.empty() && (rest[0] == "--help" || rest[0] == "-h");
    try {
        for (const auto& entry : kCommands) {
            if (command == entry.name) {
                return wants_help ? (std::fputs(tr(entry.usage), stdout), kOk) : entry.run(rest);
            }
        }
        std::fprintf(stderr, tr("rdpmedic-cli: unknown command '%s'; see rdpmedic-cli --help\n"), command.c_str());
        return kUsage;
    } catch (const UsageError& error) {
        std::fprintf(stderr, tr("rdpmedic-cli %s: %s; see rdpmedic-cli %s --help\n"), command.c_str(),
                     error.what(), command.c_str());
        return kUsage;
    } catch (const rdpmedic::TargetError& error) {
        std::fprintf(stderr, "rdpmedic-cli %s: %s\n", command.c_str(), error.what());
        return kUsage;
    } catch (const rdpmedic::RdpFileError& error) {
        std::fprintf(stderr, "rdpmedic-cli %s: %s\n", command.c_str(), error.what());
        return kUsage;
    } catch (const rdpmedic::StoredFileError& error) {
        std::fprintf(stderr, "rdpmedic-cli %s: %s\n", command.c_str(), error.what());
        return kEnvironment;
    } catch (const std::exception& error) {
        std::fprintf(stderr, tr("rdpmedic-cli %s: unexpected error: %s\n"), command.c_str(), error.what());
        return kEnvironment;
    }
}
