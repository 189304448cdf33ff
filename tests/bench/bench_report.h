#pragma once
// What every benchmark prints the same way: medians and percentiles of its samples, each
// target beside the verdict computed from the figure measured in this run, and the tables
// scripts/bench-tables.sh copies into README.md (Markdown between marker comments).

#include <chrono>
#include <string>
#include <vector>

namespace rdpmedic::bench {

using Steady = std::chrono::steady_clock;

double ms(Steady::duration duration);
double ms_since(Steady::time_point start);
/// The sample at fraction `p` (0.5 is the median, 0.95 the p95) of the sorted samples; 0 for none.
double percentile(std::vector<double> samples, double p);
double median(std::vector<double> samples);

/// A figure's target: `measured < limit` (or `measured <= limit` when `inclusive`).
struct Target {
    std::string figure; ///< what is measured, in words
    double limit = 0;
    std::string unit;   ///< "ms", "s", "" for a ratio
    bool inclusive = false;
    bool met_by(double measured) const;
    /// "< 1 ms", "<= 1.3"
    std::string text() const;
};

/// Prints "  target: FIGURE TARGET: met (MEASURED UNIT)" (or "missed") and returns whether met.
bool report(const Target& target, double measured);
/// "met" or "missed" for a table cell.
std::string verdict(const Target& target, double measured);

/// "%.Nf" of a figure, for table cells.
std::string fixed(double value, int decimals);

/// A Markdown table printed between <!-- bench:NAME begin --> and <!-- bench:NAME end -->, the
/// markers README.md carries where this benchmark's figures go.
class Table {
  public:
    Table(std::string name, std::vector<std::string> header);
    void row(std::vector<std::string> cells);
    /// Prints the table with its markers; a run that stops early prints none.
    void print() const;

  private:
    std::string name_;
    std::vector<std::string> header_;
    std::vector<std::vector<std::string>> rows_;
};

} // namespace rdpmedic::bench
