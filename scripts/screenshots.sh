#!/usr/bin/env bash
# Runs the GUI tests and copies the screenshots they take into docs/screenshots/ for the README.
# usage: screenshots.sh [LINUX_BUILD_DIR] [WINDOWS_BUILD_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build/default}
cmake --build "$build" --target rdpmedic-gui-tests
"$build/tests/gui/rdpmedic-gui-tests" "[gui]"
mkdir -p docs/screenshots
for name in tray-menu connect diagnosis-notification connected history settings-trusted-publishers consent certificate \
            plugins-last-result undo-notification notification-actions; do
  src="$build/tests/gui/artifacts/$name.png"
  [ -f "$src" ] && cp "$src" docs/screenshots/
done
# The Windows tray test's, when the Windows build has run it (ctest --preset windows).
windows_artifacts=${2:-build/windows}/tests/gui/artifacts
for name in windows-notification; do
  [ -f "$windows_artifacts/$name.png" ] && cp "$windows_artifacts/$name.png" docs/screenshots/
done
echo "screenshots: docs/screenshots/"
