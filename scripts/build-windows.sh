#!/usr/bin/env bash
# The Windows build: the libraries Debian does not ship for MinGW (cached, see
# windows-deps.sh), the whole project cross-built with the `windows` preset, then the MSI
# (build/windows/rdpmedic-VERSION.msi) for deployment tools.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/windows-deps.sh
cmake --preset windows >/dev/null
cmake --build --preset windows -j "$(nproc)"
bash scripts/package-windows-msi.sh build/windows >/dev/null
