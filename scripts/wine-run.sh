#!/usr/bin/env bash
# Runs a Windows executable of the cross build under Debian's wine, headless, in the wine
# prefix given as the first argument (created on first use), and returns its exit code.
# The toolchain file makes this the CMake cross-compiling emulator, so ctest, Catch's test
# discovery and build-time steps (signing the plugins) all run through it.
set -euo pipefail
prefix="$1"
shift
export WINEPREFIX="${WINEPREFIX:-$prefix}"
export WINEDEBUG="${WINEDEBUG:--all}"
# No Mono or Gecko installers: nothing here needs .NET or a browser engine, and their
# dialogs would wait for a display.
export WINEDLLOVERRIDES="${WINEDLLOVERRIDES:-mscoree,mshtml=}"
export WINEARCH=win64
if [ ! -f "$WINEPREFIX/system.reg" ]; then
  mkdir -p "$WINEPREFIX"
  wineboot --init >/dev/null 2>&1
  wineserver --wait
fi
exec wine "$@"
