#!/usr/bin/env bash
# Runs the Windows unit cases that need real windows ([windows-desktop]: a program shows a
# window and a modal dialog) under wine with a display: wine creates no window without one,
# and the rest of the unit suite runs headless. xvfb-run gives it an X server of its own.
# Usage: windows_window_tests.sh WINE_RUN PREFIX UNIT_TESTS_EXE
set -euo pipefail
wine_run="$1"
prefix="$2"
unit_tests="$3"
command -v xvfb-run >/dev/null || { echo "FAILED: xvfb-run is not installed (scripts/install-deps.sh)"; exit 1; }
exec xvfb-run --auto-servernum --server-args="-screen 0 1024x768x24 -nolisten tcp" \
  bash "$wine_run" "$prefix" "$unit_tests" "[windows-desktop]" --warn NoTests
