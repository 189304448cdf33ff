#include "arguments.h"
#include "commands.h"
#include "event_printer.h"
#include "exit_codes.h"
#include "rdpmedic/core/decode.h"
#include "rdpmedic/core/json.h"
#include "rdpmedic/i18n/translate.h"
#include "rdpmedic/i18n/translated.h"

#include <algorithm>
#include <cstdio>

namespace rdpmedic::cli {

const char* const kDecodeUsage = N_(
    "usage: rdpmedic-cli decode CODE [--ext CODE] [--as mstsc|freerdp|exit] [--json]\n"
    "  Explains a client's error code: mstsc's \"error code\" (e.g. 0x904) with its\n"
    "  \"extended error code\" (--ext 0x7), a FreeRDP error (0x0002000D) or an xfreerdp\n"
    "  exit code (--as exit 147). Without --as, values of the form 0x000C00NN with\n"
    "  class 1 or 2 are read as FreeRDP's, everything else as mstsc's.\n");

namespace {

using i18n::formatted;
using i18n::tr;

const std::vector<OptionSpec> kOptions = {
    {"ext", true, false}, {"as", true, false}, {"json", false, false}};

std::uint32_t code_or_throw(const std::string& text, const char* what) {
    const auto code = parse_code(text);
    if (!code) {
        // TRANSLATORS: the first %s is "the code" or "the extended code".
        throw UsageError(formatted(tr("%s '%s' is not a number; give it as hex (0x904) or decimal (2308)"), what,
                                   text.c_str()));
    }
    return *code;
}

void print_meaning(const char* label, const CodeMeaning& meaning, bool freerdp_value) {
    char freerdp_hex[16];
    std::snprintf(freerdp_hex, sizeof freerdp_hex, "0x%08X", meaning.value);
    const std::string hex = freerdp_value ? freerdp_hex : to_hex(meaning.value);
    if (meaning.known) {
        std::printf("%-15s %s (%u) %.*s: %s\n", label, hex.c_str(), meaning.value,
                    static_cast<int>(meaning.name.size()), meaning.name.data(),
                    i18n::translated(meaning.meaning).c_str());
    } else {
        std::printf(tr("%-15s %s (%u): not a code rdpmedic knows\n"), label, hex.c_str(),
                    meaning.value);
    }
}

nlohmann::json meaning_json(const CodeMeaning& meaning) {
    return {{"value", to_hex(meaning.value)},
            {"known", meaning.known},
            {"name", meaning.name},
            {"meaning", meaning.meaning},
            {"kind", to_id(meaning.kind)}};
}

} // namespace

int run_decode(const std::vector<std::string>& raw) {
    const Arguments args(raw, kOptions);
    if (args.positionals().size() != 1) {
        throw UsageError(tr("decode needs exactly one CODE, e.g. rdpmedic-cli decode 0x904 --ext 0x7"));
    }
    const std::uint32_t code = code_or_throw(args.positionals().front(), tr("the code"));
    std::optional<std::uint32_t> ext;
    if (auto text = args.value("ext")) {
        ext = code_or_throw(*text, tr("the extended code"));
    }
    std::string as = args.value("as").value_or("");
    if (as.empty()) {
        const auto error_class = code >> 16;
        as = (error_class == 1 || error_class == 2) ? "freerdp" : "mstsc";
    }

    std::vector<CodeMeaning> meanings;
    Failure failure;
    if (as == "mstsc") {
        meanings.push_back(describe_disc_reason(code));
        if (ext) {
            meanings.push_back(describe_extended_reason(*ext));
        }
        failure = failure_from_mstsc(code, ext);
    } else if (as == "freerdp") {
        meanings.push_back(describe_freerdp_error(code));
        failure = failure_from_freerdp(code, ext, 0); // 0: no exit code to weigh in
    } else if (as == "exit") {
        if (code > 255) {
            throw UsageError(formatted(tr("an exit code is 0 to 255, got %u"), code));
        }
        meanings.push_back(describe_xfreerdp_exit(static_cast<int>(code)));
        failure = failure_from_freerdp(std::nullopt, ext, static_cast<int>(code));
    } else {
        throw UsageError(formatted(tr("--as takes mstsc, freerdp or exit, got '%s'"), as.c_str()));
    }
    if (ext && as != "mstsc") {
        meanings.push_back(describe_extended_reason(*ext));
    }
    const bool all_known = std::all_of(meanings.begin(), meanings.end(),
                                       [](const CodeMeaning& m) { return m.known; });
    const auto causes = likely_causes(failure);

    if (args.flag("json")) {
        nlohmann::json out = {{"as", as}, {"failure", to_json(failure)}, {"likely_causes", causes}};
        out["codes"] = nlohmann::json::array();
        for (const auto& meaning : meanings) {
            out["codes"].push_back(meaning_json(meaning));
        }
        std::printf("%s\n", out.dump(2).c_str());
        return all_known ? kOk : kFailed;
    }
    print_meaning(as == "exit" ? tr("exit code") : tr("code"), meanings.front(), as == "freerdp");
    if (meanings.size() > 1) {
        print_meaning(tr("extended code"), meanings.back(), false);
    }
    std::printf(tr("\nIn short:       %s: %s\n"), std::string(to_id(failure.kind)).c_str(),
                i18n::translated(failure.message).c_str());
    std::printf(tr("Retrying:       %s\n"), failure.retriable ? tr("may help") : tr("will not help"));
    if (!causes.empty()) {
        std::fputs(tr("Possible causes (rdpmedic's diagnosis tells which applies):\n"), stdout);
        for (const auto& cause : causes) {
            std::printf("  - %s\n", i18n::translated(cause).c_str());
        }
    }
    return all_known ? kOk : kFailed;
}

} // namespace rdpmedic::cli
