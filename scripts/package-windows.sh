#!/usr/bin/env bash
# rdpmedic-VERSION-setup.exe from the Windows build: `cmake --install` into a stage folder,
# then Debian's makensis with installer/windows/rdpmedic.nsi. Prints the installer's path.
#   package-windows.sh [BUILD_DIR]   (default build/windows)
set -euo pipefail
cd "$(dirname "$0")/.."
build="$(realpath "${1:-build/windows}")"
[ -f "$build/CMakeCache.txt" ] || { echo "package-windows: build the Windows tree first (scripts/build-windows.sh)" >&2; exit 1; }
version="$(sed -n 's/^CMAKE_PROJECT_VERSION:STATIC=//p' "$build/CMakeCache.txt")"
stage="$build/installer-stage"
rm -rf "$stage"
cmake --install "$build" --prefix "$stage" >/dev/null
output="$build/rdpmedic-$version-setup.exe"
icon_args=()
[ -f "$build/assets/rdpmedic.ico" ] && icon_args=("-DICON=$build/assets/rdpmedic.ico")
makensis -V2 -DVERSION="$version" -DSTAGE="$stage" -DOUTFILE="$output" "${icon_args[@]}" \
  installer/windows/rdpmedic.nsi >&2
echo "$output"
