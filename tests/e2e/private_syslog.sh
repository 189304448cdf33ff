#!/bin/sh
# Runs a command (after WORK_DIR) with no systemd journal and a real syslog daemon, busybox's,
# serving /dev/log into WORK_DIR/syslog.txt, all in the mount namespace `unshare -m` gave it.
#   unshare -m -- sh private_syslog.sh WORK_DIR COMMAND ARGS...   (as root)
set -eu
work="$1"; shift
# The journal's socket hidden, so rdpmedic falls back to syslog(3).
if [ -d /run/systemd/journal ]; then mount -t tmpfs tmpfs /run/systemd/journal; fi
# A /dev of this namespace's own: the same devices, and a /dev/log only our syslogd serves.
mkdir -p "$work/host-dev"
mount --bind /dev "$work/host-dev"
mount -t tmpfs tmpfs /dev
for entry in "$work/host-dev"/* "$work/host-dev"/.[!.]*; do
  [ -e "$entry" ] || [ -L "$entry" ] || continue
  name="/dev/$(basename "$entry")"
  if [ -L "$entry" ]; then cp -a "$entry" "$name"
  elif [ -d "$entry" ]; then mkdir "$name"; mount --bind "$entry" "$name"
  else touch "$name"; mount --bind "$entry" "$name"; fi
done
busybox syslogd -n -O "$work/syslog.txt" &
syslogd=$!
tries=0
while [ ! -S /dev/log ] && [ $tries -lt 100 ]; do sleep 0.05; tries=$((tries + 1)); done
status=0
"$@" || status=$?
sleep 0.5
kill $syslogd
wait $syslogd || true
echo "command exited $status"
