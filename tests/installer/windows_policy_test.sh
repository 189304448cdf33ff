#!/usr/bin/env bash
# Policy in the Windows registry, read by the cross-built rdpmedic-cli.exe under wine: values
# written with `reg add` under HKCU and HKLM\Software\Policies\rdpmedic (as Group Policy writes
# them from installer/windows/policy/rdpmedic.admx) change what `rdpmedic-cli settings` shows;
# the machine's value wins over the user's; a malformed value is reported and ignored.
#
# usage: windows_policy_test.sh RDPMEDIC_CLI_EXE
set -u
cli_exe="$1"

# A prefix of its own: the values written here reach no other test.
source "$(dirname "$0")/../support/wine_checks.sh"

settings() { wine "$cli_exe" settings --json 2>"$work/stderr" | tr -d '\r' >"$work/settings.json"; }
# value_of KEY FIELD: the field ("value", "source") of one setting in the last `settings --json`.
value_of() {
  python3 -c 'import json,sys; print(json.dumps(json.load(open(sys.argv[1]))["settings"][sys.argv[2]][sys.argv[3]]))' \
    "$work/settings.json" "$1" "$2"
}
notices() { python3 -c 'import json,sys; print("\n".join(json.load(open(sys.argv[1]))["notices"]))' "$work/settings.json"; }
is() { [ "$(value_of "$1" "$2")" = "$3" ]; }

settings
check "without policy max_attempts is the default" is max_attempts source '"default"'

user_key='HKCU\Software\Policies\rdpmedic'
machine_key='HKLM\Software\Policies\rdpmedic'
wine reg add "$user_key" /v MaxAttempts /t REG_DWORD /d 1 /f >/dev/null 2>&1
wine reg add "$user_key" /v DiagnoseAfterFailure /t REG_DWORD /d 0 /f >/dev/null 2>&1
wine reg add "$user_key" /v ClientArgs /t REG_MULTI_SZ /d '/admin\0enablecredsspsupport:i:0' /f >/dev/null 2>&1
wine reg add "$user_key" /v BackoffMs /t REG_SZ /d 'soon' /f >/dev/null 2>&1
wine reg add "$user_key" /v PluginsDisabled /t REG_MULTI_SZ /d 'no-such-strategy' /f >/dev/null 2>&1
settings
check "the user's policy sets max_attempts to 1" is max_attempts value 1
check "its source is the user's policy" is max_attempts source '"policy (user)"'
check "its origin is the HKCU key" is max_attempts origin '"HKCU\\Software\\Policies\\rdpmedic"'
check "a DWORD 0 turns diagnosis off" is diagnose_after_failure value false
check "a MULTI_SZ is the list of client arguments" is client_args value '["/admin", "enablecredsspsupport:i:0"]'
check "a text where a number belongs is ignored" is backoff_ms source '"default"'
check "and reported" grep -q 'backoff_ms is "soon", not a whole number; ignored' <(notices)
check "an unknown strategy id is reported" grep -q 'plugins_disabled names "no-such-strategy"' <(notices)

wine reg add "$machine_key" /v MaxAttempts /t REG_DWORD /d 2 /f >/dev/null 2>&1
wine reg add "$machine_key" /v AutoRetry /t REG_DWORD /d 7 /f >/dev/null 2>&1
settings
check "the machine's value wins over the user's" is max_attempts value 2
check "its source is the machine's policy" is max_attempts source '"policy (machine)"'
check "a DWORD other than 0 or 1 for a boolean is reported" grep -q 'auto_retry is 7, not true or false' <(notices)
check "the user's other policy values still count" is diagnose_after_failure source '"policy (user)"'

wine "$cli_exe" settings 2>&1 | tr -d '\r' >"$work/text"
check "the text form names the source" grep -q 'max_attempts = 2  (policy (machine): HKLM' "$work/text"
wine "$cli_exe" settings --verbose >/dev/null 2>&1
check "a bad option exits 2" test $? -eq 2

finish
