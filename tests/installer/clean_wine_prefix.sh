# Sourced by the installer tests: a new, empty 64-bit wine prefix in WINEPREFIX (named after
# $1), removed again with everything wine still runs in it when the test exits, together with
# the folders given after the name and the processes a test adds to clean_wine_prefix_kills.
#   source tests/installer/clean_wine_prefix.sh NAME [FOLDER_TO_REMOVE…]
export WINEPREFIX; WINEPREFIX="$(mktemp -d "/tmp/$1.XXXXXX")"
export WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml=" WINEARCH=win64
clean_wine_prefix_removes=("$WINEPREFIX" "${@:2}")
clean_wine_prefix_kills=()
trap 'wineserver -k >/dev/null 2>&1; kill "${clean_wine_prefix_kills[@]}" 2>/dev/null; rm -rf "${clean_wine_prefix_removes[@]}"' EXIT
start=$SECONDS
wineboot --init >/dev/null 2>&1; wineserver --wait
echo "clean wine prefix made in $((SECONDS - start)) s"
