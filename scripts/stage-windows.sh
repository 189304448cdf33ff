# Sourced by the Windows packaging scripts: `cmake --install` of the Windows build into a fresh
# stage folder, the one both installers pack. Sets build, version, stage and icon (the
# installer icon's path, or empty when the build has none).
#   source scripts/stage-windows.sh BUILD_DIR STAGE_FOLDER_NAME
build="$(realpath "$1")"
[ -f "$build/CMakeCache.txt" ] || { echo "$(basename "$0"): build the Windows tree first (scripts/build-windows.sh)" >&2; exit 1; }
version="$(sed -n 's/^CMAKE_PROJECT_VERSION:STATIC=//p' "$build/CMakeCache.txt")"
stage="$build/$2"
rm -rf "$stage"
cmake --install "$build" --prefix "$stage" >/dev/null
icon=""
if [ -f "$build/assets/rdpmedic.ico" ]; then icon="$build/assets/rdpmedic.ico"; fi
