#!/usr/bin/env bash
# The cross-built rdpmedic-cli.exe under wine for a German user: wine makes the Unix locale
# de_DE.UTF-8 the Windows user's UI language (de-DE), which rdpmedic reads there, and finds
# its catalogue in ..\share\locale of the build tree, as locale\ beside an installed .exe.
# --json stays English, and an English user gets English from the same prefix.
#
# usage: windows_translations_test.sh RDPMEDIC_CLI_EXE
set -u
cli_exe="$1"

export LC_ALL=de_DE.UTF-8
source "$(dirname "$0")/../support/wine_checks.sh"

cli() { wine "$cli_exe" "$@" 2>"$work/stderr" | tr -d '\r' >"$work/stdout"; }

cli decode 0x904 --ext 0x7
check "decode explains in German" grep -qF 'Kurz gesagt:' "$work/stdout"
check "and names its possible causes in German" grep -qF 'Mögliche Ursachen' "$work/stdout"
check "the code table's meaning is German" grep -qF 'der Socket der Verbindung wurde geschlossen, denn der Server hat die Verbindung verweigert (Fehlercode 0x904, erweiterter Code 0x7)' "$work/stdout"
check "and so is a cause" grep -qF 'der Server weist möglicherweise neue Verbindungen ab' "$work/stdout"
cli frobnicate
check "an unknown command is refused in German" grep -qF 'unbekannter Befehl „frobnicate“' "$work/stderr"
cli decode 0x904 --ext 0x7 --json
cp "$work/stdout" "$work/german.json"

export LC_ALL=C.UTF-8
cli decode 0x904 --ext 0x7
check "an English user gets English" grep -qF 'In short:' "$work/stdout"
cli decode 0x904 --ext 0x7 --json
check "--json is the same in German and English" cmp -s "$work/stdout" "$work/german.json"
check "and holds the failure's kind" grep -qF '"kind": "server-denied"' "$work/german.json"
check "and the English message" grep -qF "the connection's socket was closed because the server denied the connection" "$work/german.json"

finish
