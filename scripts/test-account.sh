#!/usr/bin/env bash
# The ordinary account the privilege tests act as (CI runs as root): rdpmedic-test, with a
# home of its own and no rights beyond an ordinary user's. Idempotent; prints the account.
set -euo pipefail
account=rdpmedic-test
if [ "$(id -u)" -ne 0 ]; then
  echo "test-account: run as root to create the account $account" >&2
  exit 1
fi
if ! id "$account" >/dev/null 2>&1; then
  useradd --create-home --shell /usr/sbin/nologin --user-group "$account"
fi
home=$(getent passwd "$account" | cut -d: -f6)
# Only the account itself may change its home: the tests rely on that, as users' homes do.
chown "$account:$account" "$home"
chmod 0700 "$home"
# The tests run the build tree's rdpmedic-cli as the account, so it must be able to pass
# through the folders above this checkout (a checkout under a 0700 /root would stop it).
# Passing through (o+x) is all it gets: it can list none of them.
folder=$(cd "$(dirname "$0")/.." && pwd)
while [ "$folder" != / ]; do
  if ! setpriv --reuid="$account" --regid="$account" --init-groups test -x "$folder" 2>/dev/null; then
    echo "test-account: letting $account pass through $folder (chmod o+x)"
    chmod o+x "$folder"
  fi
  folder=$(dirname "$folder")
done
echo "$account"
