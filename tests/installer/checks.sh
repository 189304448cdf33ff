# Sourced by the installer tests: check and check_not run a command quietly, print "ok: …" or
# "FAILED: …" and count the failures in $failures.
failures=0
check() { # description, command...
  local what="$1"; shift
  if "$@" >/dev/null 2>&1; then echo "ok: $what"; else echo "FAILED: $what"; failures=$((failures + 1)); fi
}
check_not() {
  local what="$1"; shift
  if "$@" >/dev/null 2>&1; then echo "FAILED: $what"; failures=$((failures + 1)); else echo "ok: $what"; fi
}
