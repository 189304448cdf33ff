#!/usr/bin/env bash
# Builds and runs the whole test suite on both platforms:
# - Linux: unit tests, then end-to-end tests with the real xfreerdp under Xvfb against the lab
#   (real xrdp, real faults), the tray under a real tray host;
# - Windows: the MinGW cross build's unit tests under wine (registry, processes, plugin DLLs),
#   and the NSIS installer installed and uninstalled in a fresh wine prefix.
# Arguments go to both ctest runs (e.g. -R PATTERN).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh
bash scripts/build-windows.sh
linux=0
ctest --preset default "$@" || linux=$?
windows=0
ctest --preset windows "$@" || windows=$?
echo "test summary: Linux suite $([ "$linux" -eq 0 ] && echo passed || echo FAILED)," \
     "Windows suite under wine $([ "$windows" -eq 0 ] && echo passed || echo FAILED)"
[ "$linux" -eq 0 ] && [ "$windows" -eq 0 ]
