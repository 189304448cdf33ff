#!/bin/sh
# Runs a command in a private D-Bus session whose Secret Service is a fresh GNOME Keyring,
# unlocked with a throwaway password. Its keyring files live in a temporary home, so the
# user's own keyrings are never read or touched; the daemon ends with the session bus.
set -eu
home=$(mktemp -d "${TMPDIR:-/tmp}/rdpmedic-keyring-XXXXXX")
trap 'rm -rf "$home"' EXIT
mkdir -m 700 "$home/run"
export HOME="$home" XDG_DATA_HOME="$home/data" XDG_CONFIG_HOME="$home/config" XDG_CACHE_HOME="$home/cache" \
  XDG_RUNTIME_DIR="$home/run"
status=0
dbus-run-session -- sh -c '
  head -c 24 /dev/urandom | od -An -tx1 | tr -d " \n" | gnome-keyring-daemon --unlock --components=secrets >/dev/null
  exec "$@"' keyring-session "$@" || status=$?
exit "$status"
