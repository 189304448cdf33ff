#!/usr/bin/env bash
# The benchmarks, and README.md's tables of their figures taken from a run of them. Every
# benchmark prints its figures, its targets with "met" or "missed", and its README table as
# Markdown between <!-- bench:NAME begin --> and <!-- bench:NAME end -->; README.md holds the
# same markers where that table goes.
#
#   scripts/bench-tables.sh run LOG      runs the benchmarks (as CI does), their output to LOG
#   scripts/bench-tables.sh readme LOG   replaces every marked table in README.md with LOG's
#   scripts/bench-tables.sh [LOG]        both (LOG: build/default/bench.log)
#
# A table missing from the log (a benchmark that could not run) is left as it was, and said so.
set -euo pipefail
cd "$(dirname "$0")/.."
bench_dir=build/default/tests/bench

# Benchmarks print figures; they are not tests, so one that cannot run says so and the rest go on.
bench() {
  local status=0
  "$@" || status=$?
  if [ "$status" -ne 0 ]; then
    echo "bench: ${1##*/} could not run (exit $status); its figures are missing from this log"
  fi
}

run_benchmarks() {
  # The lab closes the socket -> xfreerdp exits -> rdpmedic's `failed` (about 10 s).
  bench "$bench_dir/rdpmedic-bench-detection" 50
  # One diagnosis vs the bare TCP + X.224 + TLS floor, by address and by name, and nmap.
  bench "$bench_dir/rdpmedic-bench-diagnosis" 30
  # 1,000 named endpoints through dnsmasq in a network namespace, beside the floor (3 rounds).
  bench "$bench_dir/rdpmedic-bench-diagnose-many" 1000
  # Discovery + verify + load per plugin (target < 1 ms), its phases, one assess round trip.
  bench "$bench_dir/rdpmedic-bench-plugins" 100
  # The tray app idle for 60 s beside Remmina's tray on the same Xvfb and trayer (about 70 s).
  bench "$bench_dir/rdpmedic-bench-tray-idle" 60
  # Recovery with the project's strategies: first failure -> connected, ranked vs load order (~95 s:
  # the dropped stale address waits out xfreerdp's fixed 15 s connect timeout on every run).
  bench "$bench_dir/rdpmedic-bench-strategies" 2
  # FreeRDP 3 beside FreeRDP 2: failure kinds per lab fault, and failure -> first retry (~40 s).
  bench "$bench_dir/rdpmedic-bench-freerdp-generations" 5
}

# README.md with each marked table replaced by the one of the same name in the log.
rewrite_readme() {
  local log="$1" updated
  updated="$(mktemp)"
  awk -v log_file="$log" '
    BEGIN {
      while ((getline line < log_file) > 0) {
        if (match(line, /^<!-- bench:[a-z0-9-]+ begin -->$/)) {
          name = substr(line, 12, length(line) - 21); inside = name; table[name] = line; continue
        }
        if (inside != "") {
          table[inside] = table[inside] "\n" line
          if (line == "<!-- bench:" inside " end -->") { done[inside] = 1; inside = "" }
        }
      }
    }
    /^<!-- bench:[a-z0-9-]+ begin -->$/ {
      name = substr($0, 12, length($0) - 21)
      if (name in done) { print table[name]; skipping = name; used[name] = 1; next }
      print "bench-tables: no table \"" name "\" in " log_file "; README keeps its old one" > "/dev/stderr"
    }
    skipping != "" { if ($0 == "<!-- bench:" skipping " end -->") skipping = ""; next }
    { print }
    END {
      for (name in done) if (!(name in used)) print "bench-tables: README has no place for \"" name "\"" > "/dev/stderr"
    }
  ' README.md > "$updated"
  if cmp -s README.md "$updated"; then
    echo "bench-tables: README.md already shows these figures"
  else
    cat "$updated" > README.md
    echo "bench-tables: README.md tables rewritten from $log"
  fi
  rm -f "$updated"
}

case "${1:-}" in
  run) run_benchmarks 2>&1 | tee "${2:?usage: scripts/bench-tables.sh run LOG}" ;;
  readme) rewrite_readme "${2:?usage: scripts/bench-tables.sh readme LOG}" ;;
  *)
    log="${1:-build/default/bench.log}"
    run_benchmarks 2>&1 | tee "$log"
    rewrite_readme "$log"
    ;;
esac
