#!/usr/bin/env bash
# The cross-built rdpmedic-cli.exe under wine, for a user whose profile folder has a non-ASCII
# name and with an ANSI code page that is not UTF-8:
# - wine names the profile after $USER, so USER=Jürgen makes C:\users\Jürgen;
# - wine gives the C.UTF-8 Unix locale the Windows locale en-US, ANSI code page 1252, which has
#   "ü" (as the byte 0xFC, not UTF-8's 0xC3 0xBC) and no "日本" at all: a program that takes
#   main()'s argv gets "J\xFCrgen" and "??". (Wine 8 ignores the registry's
#   HKLM\System\CurrentControlSet\Control\Nls\CodePage ACP, and this machine has no other
#   Unix locales, so that is the code page tested.)
# Arguments, files the CLI writes, its state folder and what it prints must all name the real
# folders; the checks look at them from the Unix side, where wine keeps names in UTF-8.
#
# usage: windows_non_ascii_paths_test.sh RDPMEDIC_CLI_EXE
set -u
cli_exe="$1"

export USER="Jürgen" LOGNAME="Jürgen" LC_ALL=C.UTF-8
source "$(dirname "$0")/../support/wine_checks.sh"

profile="$WINEPREFIX/drive_c/users/Jürgen"
check "wine made the profile folder C:\\users\\Jürgen" test -d "$profile"

cli() { wine "$cli_exe" "$@" 2>"$work/stderr" | tr -d '\r' >"$work/stdout"; }

# --log-dir into a folder whose name the ANSI code page cannot hold.
before="$(ls -A "$profile")"
cli connect 127.0.0.1:1 --max-attempts 1 --no-fix --no-diagnose --log-dir 'C:\users\Jürgen\日本\logs'
check "connect --log-dir writes the log into C:\\users\\Jürgen\\日本\\logs" test -s "$profile/日本/logs/rdpmedic.log"
check "and makes no other folder in the profile" test "$(ls -A "$profile" | grep -vx '日本')" = "$before"

# Without --log-dir the log goes to the state folder, %LOCALAPPDATA%\rdpmedic in the profile.
cli connect 127.0.0.1:1 --max-attempts 1 --no-fix --no-diagnose
check "connect logs into C:\\users\\Jürgen\\AppData\\Local\\rdpmedic" test -s "$profile/AppData/Local/rdpmedic/rdpmedic.log"

# A client path in the argument: refused, and named in UTF-8 in the message.
cli connect 127.0.0.1:1 --max-attempts 1 --no-fix --no-diagnose --client 'C:\users\Jürgen\日本\no-client.exe'
check "a missing client is named as given, in UTF-8" grep -qF 'C:\users\Jürgen\日本\no-client.exe' "$work/stderr"

# Files named in arguments, with letters from both sides of the code page.
cli plugins keygen 'C:\users\Jürgen\日本\Schlüssel.pem'
check "plugins keygen writes the private key under the name given" test -s "$profile/日本/Schlüssel.pem"
check "and the public key beside it" test -s "$profile/日本/Schlüssel.pem.pub"
check "and names both in UTF-8" grep -qF 'C:\users\Jürgen\日本\Schlüssel.pem' "$work/stdout"

# The state and settings folders come from the profile and are printed in UTF-8.
cli settings --json
check "settings --json names the settings file in the profile" python3 -c '
import json, sys
assert json.load(open(sys.argv[1], encoding="utf-8"))["user_file"] == sys.argv[2], sys.argv[2]
' "$work/stdout" 'C:\users\Jürgen\AppData\Roaming\rdpmedic\settings.json'

# A UTF-8 argument the ANSI code page cannot hold, as a file to read.
mkdir -p "$profile/日本"
printf '<Events></Events>\n' >"$profile/日本/Ereignisse.xml"
cli analyze 'C:\users\Jürgen\日本\Ereignisse.xml'
check "analyze opens a file under C:\\users\\Jürgen\\日本" grep -qF 'no RDP client connections in C:\users\Jürgen\日本\Ereignisse.xml' "$work/stdout"

finish
