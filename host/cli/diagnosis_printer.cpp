#include "diagnosis_printer.h"

#include "rdpmedic/i18n/translate.h"
#include "rdpmedic/i18n/translated.h"

#include <string>

namespace rdpmedic::cli {

namespace {

using i18n::tr;

std::string join_detail(const std::map<std::string, std::string>& detail) {
    std::string out;
    for (const auto& [key, value] : detail) {
        out += (out.empty() ? "" : ", ") + key + "=" + value;
    }
    return out;
}

} // namespace

void print_diagnosis_text(const Diagnosis& diagnosis, int indent, std::FILE* out) {
    const std::string pad(static_cast<std::size_t>(indent), ' ');
    for (const Layer& layer : diagnosis.layers) {
        std::fprintf(out, "%s%-5s %-8s %5lld ms  %s\n", pad.c_str(), layer.name.c_str(),
                     std::string(to_id(layer.status)).c_str(),
                     static_cast<long long>(layer.elapsed.count()),
                     join_detail(layer.detail).c_str());
    }
    for (const Finding& finding : diagnosis.findings) {
        std::fprintf(out, "%s%-7s %s: %s\n", pad.c_str(),
                     std::string(to_id(finding.severity)).c_str(), finding.id.c_str(),
                     i18n::translated(finding.summary).c_str());
        if (!finding.evidence.empty()) {
            std::fprintf(out, tr("%s        evidence: %s\n"), pad.c_str(),
                         join_detail(finding.evidence).c_str());
        }
    }
    std::fprintf(out, tr("%sverdict: %s (%s)\n"), pad.c_str(),
                 i18n::translated(describe_cause(diagnosis.verdict.cause)).c_str(),
                 diagnosis.verdict.cause.c_str());
    std::fprintf(out, tr("%sfix: %s\n"), pad.c_str(),
                 i18n::translated(diagnosis.verdict.fix).c_str());
    std::fflush(out);
}

} // namespace rdpmedic::cli
