#!/usr/bin/env bash
# Installs what a fresh Debian 12 machine lacks to build, test and demo rdpmedic.
# Idempotent: packages already present are skipped, so a second run is quick.
set -euo pipefail

packages=(
  # build
  build-essential cmake ninja-build pkg-config
  # libraries
  libwxgtk3.2-dev libboost-dev libboost-filesystem-dev libssl-dev
  libspdlog-dev libfmt-dev catch2 nlohmann-json3-dev libpugixml-dev libsecret-1-dev
  # the translations: msgfmt compiles po/*.po at build time (xgettext, msgmerge refresh them)
  gettext
  # the system log: journald's client library
  libsystemd-dev
  # runtime pieces the tests use for real
  freerdp2-x11 xrdp xvfb xauth openssl iproute2 nftables
  # a real syslog daemon for the system log's fallback when there is no journal
  busybox
  # FreeRDP 3 beside 2.11 (what current distributions ship; from bookworm-backports), and its
  # shadow server, the lab's real NLA server (winpr-hash3 writes its SAM file)
  freerdp3-x11 freerdp3-shadow-x11 winpr3-utils
  # that NLA server with its clock moved (the probe's nla.clock-skew finding)
  faketime
  # the stale DNS cache scenario (dns-reset): a DNS server and a resolver cache, both run
  # privately inside a network namespace
  dnsmasq-base nscd
  # fuzzing (libFuzzer with clang) and the diagnosis benchmark's comparison (nmap)
  clang-14 libclang-rt-14-dev nmap
  # the tray app's GUI tests and benchmark: a tray host, input, screenshots, Remmina to compare
  # and, with its RDP plugin, to hand failing connections to (client-fallback);
  # the Windows .ico's SVG renderer; a clean Debian root for the .deb install check
  trayer xdotool imagemagick x11-utils remmina remmina-plugin-rdp librsvg2-bin debootstrap
  # the helper's privilege tests: a real pkexec with polkitd on a system D-Bus (setpriv and
  # runuser, for the ordinary test account, come with util-linux)
  pkexec polkitd dbus-daemon dbus-bin
  # the credential store's tests: a real Secret Service (GNOME Keyring) in a private D-Bus session
  gnome-keyring
  # the tray icon as a StatusNotifierItem (Ayatana AppIndicator), and its GUI tests' real host:
  # xfce4-panel, whose status tray is also the StatusNotifierWatcher, on a private session bus
  libayatana-appindicator3-dev xfce4-panel dbus-x11
  # the notifications' GUI tests: a real org.freedesktop.Notifications server that draws
  # action buttons (dunst shows actions in a menu only)
  xfce4-notifyd
  # the Windows cross build (MinGW-w64, source packages for its libraries), its tests (wine)
  # and its installers (NSIS; the MSI with msitools' wixl; Authenticode with osslsigncode)
  g++-mingw-w64-x86-64-posix gcc-mingw-w64-x86-64-posix dpkg-dev wine wine64 nsis wixl msitools osslsigncode
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: everything is already installed"
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "install-deps: missing packages: ${missing[*]}" >&2
  echo "install-deps: run this script as root (or with sudo) to install them" >&2
  exit 1
fi

echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
# FreeRDP 3 is in Debian 12 only through bookworm-backports; apt prefers the stable suite for
# everything else (backports are pinned low by default), so nothing else moves.
backports=/etc/apt/sources.list.d/rdpmedic-backports.sources
if ! grep -rqs 'bookworm-backports' /etc/apt/sources.list /etc/apt/sources.list.d/; then
  echo "install-deps: adding Debian's bookworm-backports ($backports)"
  cat > "$backports" <<'SOURCES'
Types: deb
URIs: http://deb.debian.org/debian
Suites: bookworm-backports
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SOURCES
fi
apt-get update -qq
backported=()
regular=()
for p in "${missing[@]}"; do
  case "$p" in
    freerdp3-* | winpr3-*) backported+=("$p") ;;
    *) regular+=("$p") ;;
  esac
done
[ ${#regular[@]} -eq 0 ] || apt-get install -y -qq --no-install-recommends "${regular[@]}"
[ ${#backported[@]} -eq 0 ] || apt-get install -y -qq --no-install-recommends -t bookworm-backports "${backported[@]}"
# xrdp's and nscd's packages start their services; the lab runs its own instances, so keep the
# system ones off (a machine-wide nscd would also answer lookups inside the lab's namespaces).
if command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; then
  systemctl disable --now xrdp xrdp-sesman nscd >/dev/null 2>&1 || true
elif command -v update-rc.d >/dev/null 2>&1; then
  for service in xrdp nscd; do
    [ -x "/etc/init.d/$service" ] || continue
    "/etc/init.d/$service" stop >/dev/null 2>&1 || true
    update-rc.d "$service" disable >/dev/null 2>&1 || true
  done
fi
