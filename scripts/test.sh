#!/usr/bin/env bash
# Builds and runs the whole test suite: unit tests, then end-to-end tests with the real
# xfreerdp under Xvfb against the lab (real xrdp, real faults).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh
ctest --preset default "$@"
