#!/usr/bin/env bash
# The Windows build: the libraries Debian does not ship for MinGW (cached, see
# windows-deps.sh), then the whole project cross-built with the `windows` preset.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/windows-deps.sh
cmake --preset windows >/dev/null
cmake --build --preset windows -j "$(nproc)"
