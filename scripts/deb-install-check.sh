#!/usr/bin/env bash
# Installs the .deb on a clean Debian system and removes it again, the way a user's machine
# gets it: a minimal root made by debootstrap, apt-get resolving the package's dependencies
# from Debian (the mirrors this machine's apt uses), both programs started inside, every ELF
# file of the package checked for libraries nothing provides, then apt-get remove and a check
# that none of the package's files is left.
#
# usage: scripts/deb-install-check.sh [PACKAGE.deb | BUILD_DIR]   (default: build/default)
#   With a build directory, the .deb is made there by cpack into a temporary folder.
# Needs root (debootstrap, chroot, overlay mounts).
#
# The clean root is made once and kept outside the repository, one per suite and the day it
# was made: $RDPMEDIC_ROOTFS_CACHE (default /var/cache/rdpmedic/rootfs)/bookworm-YYYYMMDD. It
# is reused for $RDPMEDIC_ROOTFS_MAX_AGE_DAYS days (default 7) and never written to: each run
# works on an overlay of it, so every run starts from the same clean system. Downloaded
# packages are kept beside it, so a warm run downloads nothing it already has.
set -euo pipefail
cd "$(dirname "$0")/.."

suite=bookworm
cache=${RDPMEDIC_ROOTFS_CACHE:-/var/cache/rdpmedic/rootfs}
max_age_days=${RDPMEDIC_ROOTFS_MAX_AGE_DAYS:-7}
input=${1:-build/default}
started=$(date +%s)

fail() { echo "deb-install-check: $*" >&2; exit 1; }
step() { echo "deb-install-check: [$(( $(date +%s) - started ))s] $*"; }

[ "$(id -u)" -eq 0 ] || fail "needs root (debootstrap, chroot and mounts); run it as root"
for tool in debootstrap chroot mount dpkg-deb flock; do
  command -v "$tool" >/dev/null || fail "$tool is missing; scripts/install-deps.sh installs it"
done

work=$(mktemp -d /tmp/rdpmedic-deb-check.XXXXXX)
root="$work/root"
mounted=()
cleanup() {
  local i
  for ((i = ${#mounted[@]} - 1; i >= 0; i--)); do
    umount "${mounted[i]}" 2>/dev/null || umount -l "${mounted[i]}" 2>/dev/null || true
  done
  rmdir "$work" 2>/dev/null || rm -rf "$work"
}
trap cleanup EXIT
# What a run writes goes to memory: nothing of it is kept, and on a disk flushing and
# deleting the installed system took longer than installing it.
mount -t tmpfs -o size=4g,mode=700 rdpmedic-deb-check "$work"
mounted+=("$work")

# The package: given, or made from a build directory.
if [ -f "$input" ]; then
  deb=$(realpath "$input")
elif [ -f "$input/CPackConfig.cmake" ]; then
  step "making the .deb from $input"
  (cd "$input" && cpack -G DEB -B "$work/package" >"$work/cpack.log" 2>&1) \
    || { cat "$work/cpack.log" >&2; fail "cpack failed in $input"; }
  debs=("$work"/package/rdpmedic_*.deb)
  [ -f "${debs[0]}" ] || fail "cpack made no rdpmedic_*.deb in $input"
  deb=${debs[0]}
else
  fail "$input is neither a .deb nor a configured build directory (no CPackConfig.cmake)"
fi
package=$(dpkg-deb --field "$deb" Package)
version=$(dpkg-deb --field "$deb" Version)
step "package $package $version: $deb"

# Debian's sources as this machine's apt has them ("deb URI SUITE main"), so the clean system
# resolves dependencies from the same mirrors and suites (with security updates) as this one.
sources=$(apt-cache policy | awk '
  /^ *[0-9]+ [a-z]+:\/\/.* [^ ]+\/main [^ ]+ Packages$/ { uri = $2; split($3, s, "/"); suite = s[1]; next }
  uri != "" && /o=Debian/ { print "deb " uri " " suite " main"; uri = ""; next }
  { uri = "" }' | sort -u)
mirror=$(awk -v suite="$suite" '$3 == suite { print $2; exit }' <<<"$sources")
[ -n "$mirror" ] || fail "this machine's apt has no Debian $suite main source to make a clean system from"

# The clean root: the newest one young enough, or a new one.
mkdir -p "$cache/archives/partial"
exec 9>"$cache/.lock"
flock 9
shopt -s nullglob
roots=("$cache/$suite"-[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]) # one per day made, oldest first
shopt -u nullglob
base=""
for ((i = ${#roots[@]} - 1; i >= 0; i--)); do
  candidate=${roots[i]}
  made=${candidate##*-}
  age_days=$(( ( $(date +%s) - $(date -d "$made" +%s) ) / 86400 ))
  if [ -f "$candidate/ready" ] && [ "$age_days" -le "$max_age_days" ]; then
    base=$candidate
    break
  fi
done
if [ -z "$base" ]; then
  base="$cache/$suite-$(date +%Y%m%d)"
  rm -rf "$base" "$base.partial"
  step "making a clean $suite root with debootstrap from $mirror (first run: several minutes)"
  if ! debootstrap --variant=minbase "$suite" "$base.partial/root" "$mirror" >"$work/debootstrap.log" 2>&1; then
    tail -n 20 "$work/debootstrap.log" >&2
    fail "debootstrap could not make a $suite root from $mirror (log above)"
  fi
  printf '%s\n' "$sources" >"$base.partial/root/etc/apt/sources.list"
  # No service of any package may start inside the check.
  printf '#!/bin/sh\nexit 101\n' >"$base.partial/root/usr/sbin/policy-rc.d"
  chmod 755 "$base.partial/root/usr/sbin/policy-rc.d"
  rm -f "$base.partial/root/var/cache/apt/archives/"*.deb
  touch "$base.partial/ready"
  mv "$base.partial" "$base"
  # Older roots are superseded by this one.
  for old in "${roots[@]}"; do
    [ "$old" = "$base" ] || rm -rf "$old"
  done
  cold=yes
else
  cold=no
  step "reusing the clean root $base"
fi
flock -u 9

# This run's system: the clean root under an overlay, so the cache stays clean.
mkdir -p "$work/upper" "$work/overlay-work" "$root"
mount -t overlay overlay -o "lowerdir=$base/root,upperdir=$work/upper,workdir=$work/overlay-work" "$root"
mounted+=("$root")
mount -t proc proc "$root/proc"
mounted+=("$root/proc")
mount --bind /dev "$root/dev"
mounted+=("$root/dev")
mount --bind "$cache/archives" "$root/var/cache/apt/archives"
mounted+=("$root/var/cache/apt/archives")
cp /etc/resolv.conf "$root/etc/resolv.conf"
# A throwaway system: dpkg need not sync every file it unpacks.
echo force-unsafe-io >"$root/etc/dpkg/dpkg.cfg.d/rdpmedic-check-unsafe-io"
cp "$deb" "$root/tmp/$(basename "$deb")"
inside() { chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin DEBIAN_FRONTEND=noninteractive LANG=C.UTF-8 "$@"; }

step "apt-get update"
inside apt-get update -qq >"$work/update.log" 2>&1 || { cat "$work/update.log" >&2; fail "apt-get update failed inside the clean root"; }
step "apt-get install /tmp/$(basename "$deb") (dependencies from Debian, no recommends)"
if ! inside apt-get install -y -q --no-install-recommends "/tmp/$(basename "$deb")" >"$work/install.log" 2>&1; then
  tail -n 30 "$work/install.log" >&2
  fail "the package does not install on a clean $suite"
fi
installed=$(grep -c '^Setting up ' "$work/install.log" || true)
step "installed with $((installed - 1)) dependencies"

for program in rdpmedic rdpmedic-cli; do
  out=$(inside "$program" --version 2>&1) || fail "$program --version failed inside the clean root: $out"
  case "$out" in
    *"$version"*) step "$program --version: $out" ;;
    *) fail "$program --version says '$out', not version $version" ;;
  esac
done

# The bundled strategies are installed signed and trusted: none is refused on a clean system.
plugins=$(inside env HOME=/root rdpmedic-cli plugins list 2>&1) || fail "rdpmedic-cli plugins list failed: $plugins"
trusted=$(awk '/^[^ ]/ && $3 == "trusted"' <<<"$plugins" | wc -l)
refused=$(awk '/^[^ ]/ && $3 != "trusted"' <<<"$plugins")
if [ "$trusted" -eq 0 ] || [ -n "$refused" ]; then
  fail "plugins not trusted on a clean system: ${refused:-none listed}"
fi
step "$trusted bundled plugins, all trusted"

# Every ELF file of the package finds all its libraries: the Depends field is complete.
mapfile -t files < <(inside dpkg-query -L "$package" | sort -u)
elves=0
for file in "${files[@]}"; do
  if [ ! -f "$root$file" ] || [ -L "$root$file" ]; then continue; fi
  [ "$(head -c 4 "$root$file" | od -An -c | tr -d ' ')" = "177ELF" ] || continue
  elves=$((elves + 1))
  missing=$(inside ldd "$file" 2>&1 | grep 'not found' || true)
  [ -z "$missing" ] || fail "$file needs libraries the package does not depend on: $missing"
done
step "$elves ELF files, every library found"

step "apt-get remove $package"
inside apt-get remove -y -q "$package" >"$work/remove.log" 2>&1 || { cat "$work/remove.log" >&2; fail "apt-get remove failed"; }
left=()
for file in "${files[@]}"; do
  # Folders are shared with other packages (/usr/bin, …); only files belong to this one.
  if [ -e "$root$file" ] && [ ! -d "$root$file" ]; then
    left+=("$file")
  fi
done
[ ${#left[@]} -eq 0 ] || fail "left behind after apt-get remove: ${left[*]}"
# shellcheck disable=SC2016 # a dpkg-query field, not a shell expansion
state=$(inside dpkg-query -W -f='${db:Status-Status}' "$package" 2>/dev/null || echo not-installed)
case "$state" in
  not-installed | config-files) ;;
  *) fail "$package is still '$state' after apt-get remove" ;;
esac
step "removed: none of its ${#files[@]} paths' files is left ($state)"
echo "deb-install-check: ok in $(( $(date +%s) - started ))s ($([ "$cold" = yes ] && echo "cold: root made" || echo "warm: cached root"))"
