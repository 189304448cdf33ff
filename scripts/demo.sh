#!/usr/bin/env bash
# The main job on an embedded default: rdpmedic connects to the local lab (a real xrdp and
# real faults on 127.0.0.1) in two scenarios that fail the way users meet "0x904 / 0x7",
# showing every step: launch, failure decoded, diagnosis, fix, retry, outcome. The client is
# the newest installed FreeRDP (xfreerdp3 where installed, else xfreerdp), as rdpmedic finds it.
#  1. A connection set up for standard RDP security (/sec:rdp) against a server that
#     requires TLS: the server closes the socket (FreeRDP exit 147, mstsc's 0x904); the
#     security-negotiation strategy asks for TLS and the retry connects.
#  2. A server that accepts and then closes every connection for a while (overloaded, too
#     many pending logons), then recovers: decoded, diagnosed, retried with backoff.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh
bin=build/default
# The build signs the project's strategies and stages them like an installation.
export RDPMEDIC_SYSTEM_DIR="$PWD/$bin/stage/rdpmedic"

workdir=$(mktemp -d)
lab_pids=()
cleanup() {
  for pid in "${lab_pids[@]}"; do kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null; done
  [ -n "${xvfb_pid:-}" ] && kill "$xvfb_pid" 2>/dev/null
  rm -rf "$workdir"
}
trap cleanup EXIT

if [ -z "${DISPLAY:-}" ]; then
  # FreeRDP needs an X display; without a desktop, use a virtual one.
  exec 3<> "$workdir/display"
  Xvfb -displayfd 3 -nolisten tcp >/dev/null 2>&1 &
  xvfb_pid=$!
  for _ in $(seq 50); do [ -s "$workdir/display" ] && break; sleep 0.1; done
  export DISPLAY=":$(head -n1 "$workdir/display")"
fi

# Starts a lab with the given options; sets $port and $ca.
start_lab() {
  local name=$1; shift
  mkfifo "$workdir/$name-in"
  "$bin/tests/lab/rdpmedic-lab" "$@" <"$workdir/$name-in" >"$workdir/$name-out" 2>&1 &
  lab_pids+=($!)
  exec {fd}>"$workdir/$name-in" # keeps the lab's stdin open until the demo ends
  for _ in $(seq 100); do grep -q '^ca: ' "$workdir/$name-out" 2>/dev/null && break; sleep 0.1; done
  port=$(sed -n 's/.*listening on 127\.0\.0\.1:\([0-9]*\).*/\1/p' "$workdir/$name-out")
  ca=$(sed -n 's/^ca: //p' "$workdir/$name-out")
  [ -n "$port" ] && [ -n "$ca" ] || { cat "$workdir/$name-out"; echo "demo: the lab did not start" >&2; exit 1; }
}

status=0
# The lab's certificate is issued by its own CA; trusting it is what an admin does for a company CA.
connect() {
  SSL_CERT_FILE="$ca" "$bin/host/cli/rdpmedic-cli" connect "localhost:$port" \
    --until-connected --backoff 500 --log-dir "$workdir/log" "$@" || status=$?
}

start_lab tls --xrdp-security tls
echo
echo "== 1. A connection that asks for standard RDP security (/sec:rdp); the server requires TLS"
echo
connect --client-arg /sec:rdp

# Each attempt costs this lab three connections: FreeRDP (2 and 3) falls back once by itself, and
# the diagnosis probes once; six faulty connections make two failed attempts.
start_lab busy --fault accept-close --clear-after 6
echo
echo "== 2. A server that accepts and closes connections (error code 0x904) for a while"
echo
connect --max-attempts 5

echo
echo "== rdpmedic-cli exited with $status (0 = both connected)"
exit $status
