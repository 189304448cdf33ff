#!/usr/bin/env bash
# The main job on an embedded default: rdpmedic connects to the local lab, whose server
# first refuses connections the way users meet "0x904 / 0x7" (it accepts, then closes),
# and recovers after two failed attempts. Every step is shown: launch, failure decoded,
# diagnosis, retry, outcome. Each attempt costs the lab three connections: xfreerdp falls
# back once by itself, and the diagnosis probes once.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh
bin=build/default

workdir=$(mktemp -d)
cleanup() {
  [ -n "${lab_pid:-}" ] && kill "$lab_pid" 2>/dev/null && wait "$lab_pid" 2>/dev/null
  [ -n "${xvfb_pid:-}" ] && kill "$xvfb_pid" 2>/dev/null
  rm -rf "$workdir"
}
trap cleanup EXIT

if [ -z "${DISPLAY:-}" ]; then
  # xfreerdp needs an X display; without a desktop, use a virtual one.
  exec 3<> "$workdir/display"
  Xvfb -displayfd 3 -nolisten tcp >/dev/null 2>&1 &
  xvfb_pid=$!
  for _ in $(seq 50); do [ -s "$workdir/display" ] && break; sleep 0.1; done
  export DISPLAY=":$(head -n1 "$workdir/display")"
fi

mkfifo "$workdir/lab-in"
"$bin/tests/lab/rdpmedic-lab" --fault accept-close --clear-after 6 <"$workdir/lab-in" >"$workdir/lab-out" 2>&1 &
lab_pid=$!
exec 4>"$workdir/lab-in" # keeps the lab's stdin open until the demo ends
for _ in $(seq 100); do grep -q '^ca: ' "$workdir/lab-out" 2>/dev/null && break; sleep 0.1; done
port=$(sed -n 's/.*listening on 127\.0\.0\.1:\([0-9]*\).*/\1/p' "$workdir/lab-out")
ca=$(sed -n 's/^ca: //p' "$workdir/lab-out")
[ -n "$port" ] && [ -n "$ca" ] || { cat "$workdir/lab-out"; echo "demo: the lab did not start" >&2; exit 1; }

echo
echo "== rdpmedic demo: connecting to a server that accepts and then closes connections"
echo "== (mstsc shows this as error code 0x904); it recovers after two attempts"
echo
# The lab's certificate is issued by its own CA; trusting it is what an admin does for a company CA.
status=0
SSL_CERT_FILE="$ca" "$bin/host/cli/rdpmedic-cli" connect "localhost:$port" \
  --max-attempts 5 --backoff 500 --until-connected --log-dir "$workdir/log" || status=$?
echo
echo "== rdpmedic-cli exited with $status (0 = connected)"
exit $status
