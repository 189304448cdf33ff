#!/usr/bin/env bash
# rdpmedic-VERSION.msi from the Windows build: `cmake --install` into a stage folder (the
# same contents scripts/package-windows.sh gives NSIS, signed when they were linked), then
# installer/windows/build-msi.sh, then the MSI's own Authenticode signature
# (scripts/authenticode-sign.sh). Prints the MSI's path.
#   package-windows-msi.sh [BUILD_DIR]   (default build/windows)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/stage-windows.sh "${1:-build/windows}" msi-stage
output="$build/rdpmedic-$version.msi"
bash installer/windows/build-msi.sh "$version" "$stage" "$output" ${icon:+"$icon"} >&2
bash scripts/authenticode-sign.sh "$build" "$output"
echo "$output"
