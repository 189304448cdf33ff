# Sourced by the installer tests (after clean_wine_prefix.sh, with program_files, user_data and
# user_data_unix set): what an uninstall must clean up after, made with the installed programs.
#   apply_udp JOURNAL VALUE    a machine-wide change through the helper installed in
#                              $installed_dir, as udp-disable makes it (fClientDisableUDP)
#   add_other_profile          a second user of the machine (ProfileList) in $other_profile
#   start_tray                 the installed tray in a wine desktop on an Xvfb of the test's own
#   two_users_set_udp          this user sets fClientDisableUDP = 1, a second user then 0: undone
#                              newest first across both journals it is gone again (in the
#                              wrong order the second user's prior, 1, would be left)
#   start_tray_before_uninstall   start_tray on an Xvfb of the test's own, checked
#   tray_running               whether rdpmedic.exe runs from the default install folder
installed_dir='C:\Program Files\rdpmedic'
udp_key='HKLM\Software\Policies\Microsoft\Windows NT\Terminal Services\Client'
other_profile='C:\users\other'
tray_log="$user_data_unix/rdpmedic.log"
json_text() { local text="${1//\\/\\\\}"; printf '%s' "${text//\"/\\\"}"; }
apply_udp() {
  local change; change="{\"kind\":\"registry-set\",\"key\":\"$(json_text "$udp_key")\",\"name\":\"fClientDisableUDP\",\"type\":\"dword\",\"value\":\"$2\"}"
  printf '{"op":"apply","journal":"%s","plugin":"rdpmedic.udp-disable","change":%s}\n' "$(json_text "$1")" "$change" |
    wine "$installed_dir\\rdpmedic-helper.exe" 2>&1 | tr -d '\r'
}
udp_value() { wine reg query "$udp_key" /v fClientDisableUDP 2>/dev/null | tr -d '\r' | sed -n 's/.*REG_DWORD *//p'; }
add_other_profile() {
  wine reg add 'HKLM\Software\Microsoft\Windows NT\CurrentVersion\ProfileList\S-1-5-21-0-0-0-1001' /v ProfileImagePath /t REG_EXPAND_SZ /d "$other_profile" /f >/dev/null 2>&1
  mkdir -p "$(winepath -u "$other_profile" 2>/dev/null)/AppData/Local/rdpmedic"
}
other_journal_unix() { echo "$(winepath -u "$other_profile" 2>/dev/null)/AppData/Local/rdpmedic/journal.jsonl"; }
start_own_xvfb() { # WIDTHxHEIGHT: exports DISPLAY; the Xvfb ends with the wine prefix
  local display_file; display_file="$(mktemp)"
  exec 3>"$display_file"
  Xvfb -displayfd 3 -screen 0 "${1}x24" -nolisten tcp >/dev/null 2>&1 &
  clean_wine_prefix_kills+=("$!")
  exec 3>&-
  for _ in $(seq 100); do [ -s "$display_file" ] && break; sleep 0.1; done
  export DISPLAY=":$(cat "$display_file")"
  rm -f "$display_file"
}
start_tray() {
  wine explorer /desktop=shell,800x600 "C:\\Program Files\\rdpmedic\\rdpmedic.exe" --verbose >/dev/null 2>&1 &
  for _ in $(seq 120); do grep -qF "tray icon shown" "$tray_log" 2>/dev/null && break; sleep 0.25; done
}
tray_running() { pgrep -f '^C:.Program Files.rdpmedic.rdpmedic\.exe'; }
two_users_set_udp() {
  add_other_profile
  echo "helper, this user: $(apply_udp "$user_data\rdpmedic\journal.jsonl" 1)"
  check "this user's change set fClientDisableUDP = 1" test "$(udp_value)" = 0x1
  sleep 1 # a later journal time for the second change
  echo "helper, other user: $(apply_udp "$other_profile\AppData\Local\rdpmedic\journal.jsonl" 0)"
  check "the other user's change set fClientDisableUDP = 0" test "$(udp_value)" = 0x0
}
start_tray_before_uninstall() {
  start_own_xvfb 800x600
  start_tray
  check "the installed tray runs before the uninstall" grep -qF "tray icon shown" "$tray_log"
  check "rdpmedic.exe is a running process" tray_running
}
