# Sourced by the shell tests that run the cross-built programs under wine: check WHAT CMD…
# counts a failure, a fresh wine prefix in $work (removed at exit) keeps what a test writes
# from every other test, and finish reports and sets the exit code.
failures=0
check() {
  local what="$1"; shift
  if "$@" >/dev/null 2>&1; then echo "ok: $what"; else echo "FAILED: $what"; failures=$((failures + 1)); fi
}
finish() {
  echo "$failures failure(s)"
  [ "$failures" -eq 0 ]
}
for tool in wine wineboot wineserver python3; do
  command -v "$tool" >/dev/null || { echo "FAILED: $tool is not installed (scripts/install-deps.sh)"; exit 1; }
done

work="$(mktemp -d)"
export WINEPREFIX="$work/prefix" WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml=" WINEARCH=win64
cleanup_wine_prefix() {
  wineserver -k >/dev/null 2>&1
  rm -rf "$work"
}
trap cleanup_wine_prefix EXIT
# Callers set what shapes the prefix (USER names the profile folder) before sourcing this.
wineboot --init >/dev/null 2>&1
wineserver --wait
