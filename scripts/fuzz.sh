#!/usr/bin/env bash
# Builds the libFuzzer targets (tests/fuzz) with clang and runs each for a bounded time,
# starting from the committed seeds. New inputs go to a scratch directory, so the committed
# corpus only changes by hand. Usage: scripts/fuzz.sh [SECONDS_PER_TARGET] (default 20)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-20}"
cxx="$(command -v clang++-14 || command -v clang++ || true)"
if [ -z "$cxx" ]; then
  echo "fuzz: clang++ is missing; run scripts/install-deps.sh" >&2
  exit 3
fi
build=build/fuzz
# pugixml's source, unpacked by scripts/windows-deps.sh, is fuzzed instrumented with the reader.
deps="${RDPMEDIC_WINDOWS_DEPS:-${XDG_CACHE_HOME:-$HOME/.cache}/rdpmedic/windows-deps}"
pugixml_src="$(find "$deps/sources" -maxdepth 4 -path '*pugixml*/src/pugixml.cpp' 2>/dev/null | sort -V | tail -n 1)"
if [ -n "$pugixml_src" ]; then
  pugixml_src="$(dirname "$pugixml_src")"
else
  echo "fuzz: pugixml's source is not unpacked (scripts/windows-deps.sh does it); Debian's library is linked uninstrumented"
fi
cmake -S tests/fuzz -B "$build" -G Ninja -DCMAKE_CXX_COMPILER="$cxx" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DPUGIXML_SOURCE_DIR="$pugixml_src" >/dev/null
cmake --build "$build"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
for target in x224_reply certificate ntlm_challenge event_log rdp_file gateway_http; do
  mkdir -p "$scratch/$target"
  echo "fuzz: $target for ${seconds}s"
  "$build/fuzz_$target" -max_total_time="$seconds" -timeout=5 -rss_limit_mb=1024 -print_final_stats=1 \
    -artifact_prefix="$scratch/$target-" "$scratch/$target" "tests/fuzz/corpus/$target" 2>&1 |
    grep -E "^(stat::number_of_executed_units|stat::new_units_added|#[0-9]+ +DONE)|ERROR|SUMMARY" || true
  if ls "$scratch/$target-"* >/dev/null 2>&1; then
    echo "fuzz: $target found a crash; the input is kept in build/fuzz/crashes" >&2
    mkdir -p "$build/crashes" && cp "$scratch/$target-"* "$build/crashes/"
    exit 1
  fi
done
echo "fuzz: no crashes"
