#include "bench_report.h"

#include <algorithm>
#include <cstdio>

namespace rdpmedic::bench {

double ms(Steady::duration duration) { return std::chrono::duration<double, std::milli>(duration).count(); }

double ms_since(Steady::time_point start) { return ms(Steady::now() - start); }

double percentile(std::vector<double> samples, double p) {
    if (samples.empty()) {
        return 0;
    }
    std::sort(samples.begin(), samples.end());
    const auto index = static_cast<std::size_t>(p * static_cast<double>(samples.size() - 1) + 0.5);
    return samples[std::min(index, samples.size() - 1)];
}

double median(std::vector<double> samples) { return percentile(std::move(samples), 0.5); }

bool Target::met_by(double measured) const { return inclusive ? measured <= limit : measured < limit; }

std::string Target::text() const {
    char limit_text[32];
    std::snprintf(limit_text, sizeof limit_text, "%g", limit);
    return std::string(inclusive ? "<= " : "< ") + limit_text + (unit.empty() ? "" : " " + unit);
}

std::string verdict(const Target& target, double measured) { return target.met_by(measured) ? "met" : "missed"; }

bool report(const Target& target, double measured) {
    std::printf("  target: %s %s: %s (%.3f%s%s)\n", target.figure.c_str(), target.text().c_str(),
                verdict(target, measured).c_str(), measured, target.unit.empty() ? "" : " ", target.unit.c_str());
    std::fflush(stdout);
    return target.met_by(measured);
}

std::string fixed(double value, int decimals) {
    char text[64];
    std::snprintf(text, sizeof text, "%.*f", decimals, value);
    return text;
}

Table::Table(std::string name, std::vector<std::string> header) : name_(std::move(name)), header_(std::move(header)) {}

void Table::row(std::vector<std::string> cells) { rows_.push_back(std::move(cells)); }

void Table::print() const {
    const auto line = [](const std::vector<std::string>& cells) {
        std::string text = "|";
        for (const auto& cell : cells) {
            text += " " + cell + " |";
        }
        std::printf("%s\n", text.c_str());
    };
    std::printf("<!-- bench:%s begin -->\n", name_.c_str());
    line(header_);
    std::string rule = "|";
    for (std::size_t i = 0; i < header_.size(); ++i) {
        rule += "---|";
    }
    std::printf("%s\n", rule.c_str());
    for (const auto& cells : rows_) {
        line(cells);
    }
    std::printf("<!-- bench:%s end -->\n", name_.c_str());
    std::fflush(stdout);
}

} // namespace rdpmedic::bench
