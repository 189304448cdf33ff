#!/usr/bin/env bash
# rdpmedic-VERSION-setup.exe from the Windows build: `cmake --install` into a stage folder,
# then Debian's makensis with installer/windows/rdpmedic.nsi, which Authenticode-signs the
# uninstaller it embeds and the installer (scripts/authenticode-sign.sh, the build's signer;
# the stage's programs were signed when they were linked). Prints the installer's path.
#   package-windows.sh [BUILD_DIR]   (default build/windows)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/stage-windows.sh "${1:-build/windows}" installer-stage
output="$build/rdpmedic-$version-setup.exe"
icon_args=()
[ -n "$icon" ] && icon_args=("-DICON=$icon")
sign="bash \"$PWD/scripts/authenticode-sign.sh\" \"$build\""
makensis -V2 -DVERSION="$version" -DSTAGE="$stage" -DOUTFILE="$output" -DSIGN="$sign" "${icon_args[@]}" \
  installer/windows/rdpmedic.nsi >&2
echo "$output"
