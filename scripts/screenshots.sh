#!/usr/bin/env bash
# Runs the GUI tests and copies the screenshots they take into docs/screenshots/ for the README.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build/default}
cmake --build "$build" --target rdpmedic-gui-tests
"$build/tests/gui/rdpmedic-gui-tests" "[gui]"
mkdir -p docs/screenshots
for name in tray-menu connect diagnosis-notification connected history settings consent plugins \
            undo-notification; do
  src="$build/tests/gui/artifacts/$name.png"
  [ -f "$src" ] && cp "$src" docs/screenshots/
done
echo "screenshots: docs/screenshots/"
