#!/usr/bin/env bash
# Builds the .deb without the test suite, then checks it: its dependencies resolve on this
# machine (apt-get --simulate, nothing is installed) and the programs it carries start.
# usage: scripts/package.sh [BUILD_DIR]   (default build/package)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build/package}
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DRDPMEDIC_BUILD_TESTS=OFF \
      -DCMAKE_INSTALL_PREFIX=/usr >/dev/null
cmake --build "$build" -j "$(nproc)"
(cd "$build" && cpack -G DEB >/dev/null)
deb=$(ls -t "$build"/rdpmedic_*.deb | head -n 1)
echo "package: $deb"
dpkg-deb --field "$deb" Depends
depends=$(dpkg-deb --field "$deb" Depends)
for needed in "freerdp3-x11 | freerdp2-x11" libwxgtk3.2 libssl3 libspdlog libsecret-1-0; do
  case "$depends" in
    *"$needed"*) ;;
    *) echo "missing dependency: $needed" >&2; exit 1 ;;
  esac
done
apt-get install --simulate "./$deb" | grep -E '^(Inst|Conf) rdpmedic ' \
  || { echo "the dependencies do not resolve" >&2; exit 1; }
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
dpkg-deb -x "$deb" "$root"
for file in usr/bin/rdpmedic usr/bin/rdpmedic-cli usr/share/applications/rdpmedic.desktop \
            usr/share/metainfo/io.github.rdpmedic.rdpmedic.metainfo.xml \
            usr/share/icons/hicolor/scalable/apps/rdpmedic.svg; do
  [ -e "$root/$file" ] || { echo "not in the package: /$file" >&2; exit 1; }
done
"$root/usr/bin/rdpmedic-cli" --version
"$root/usr/bin/rdpmedic" --version
echo "package ok"
