#!/usr/bin/env bash
# The pkexec path for the privilege tests: a polkit rule that lets the test account
# (scripts/test-account.sh) run rdpmedic-helper through pkexec without a password, and the
# system D-Bus and polkitd that pkexec asks, started when no init system runs them (a CI
# container). Idempotent. Exits non-zero, saying why, when polkit cannot run here.
set -euo pipefail
account=rdpmedic-test
if [ "$(id -u)" -ne 0 ]; then
  echo "polkit-for-tests: run as root" >&2
  exit 1
fi
for tool in pkexec dbus-daemon /usr/lib/polkit-1/polkitd; do
  command -v "$tool" >/dev/null || { echo "polkit-for-tests: $tool is missing (scripts/install-deps.sh installs it)" >&2; exit 1; }
done
install -d -m 0755 /etc/polkit-1/rules.d
cat > /etc/polkit-1/rules.d/49-rdpmedic-tests.rules.new <<RULES
// Installed by rdpmedic's scripts/polkit-for-tests.sh for its test account only.
polkit.addRule(function(action, subject) {
    if (action.id == "org.freedesktop.policykit.exec" && subject.user == "$account" &&
        /\/rdpmedic-helper\$/.test(action.lookup("program"))) {
        return polkit.Result.YES;
    }
});
RULES
mv /etc/polkit-1/rules.d/49-rdpmedic-tests.rules.new /etc/polkit-1/rules.d/49-rdpmedic-tests.rules
if [ ! -S /run/dbus/system_bus_socket ] || ! dbus-send --system --dest=org.freedesktop.DBus / org.freedesktop.DBus.Peer.Ping 2>/dev/null; then
  install -d -m 0755 /run/dbus
  rm -f /run/dbus/pid
  dbus-daemon --system --fork
fi
if ! dbus-send --system --print-reply --dest=org.freedesktop.DBus / org.freedesktop.DBus.NameHasOwner \
      string:org.freedesktop.PolicyKit1 2>/dev/null | grep -q "boolean true"; then
  /usr/lib/polkit-1/polkitd --no-debug >/dev/null 2>&1 &
  for _ in $(seq 50); do
    dbus-send --system --print-reply --dest=org.freedesktop.DBus / org.freedesktop.DBus.NameHasOwner \
      string:org.freedesktop.PolicyKit1 2>/dev/null | grep -q "boolean true" && break
    sleep 0.1
  done
fi
dbus-send --system --print-reply --dest=org.freedesktop.DBus / org.freedesktop.DBus.NameHasOwner \
  string:org.freedesktop.PolicyKit1 2>/dev/null | grep -q "boolean true" ||
  { echo "polkit-for-tests: polkitd did not start on the system bus" >&2; exit 1; }
echo "polkit-for-tests: pkexec lets $account run rdpmedic-helper"
