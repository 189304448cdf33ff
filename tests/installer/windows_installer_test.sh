#!/usr/bin/env bash
# The Windows installer on a clean wine prefix, as an administrator deploying rdpmedic would
# use it: silent install (with start at login), files, Start menu, registry entries, the
# installed CLI and its signed plugins, then a silent uninstall that first closes the running
# tray (it quits when asked) and undoes the machine-wide changes two users made through the
# installed helper, and leaves the user's history and journal; and one with /PURGE=1 that
# removes them too (and, with /UNDO=0, keeps a machine-wide change). Every installed PE file,
# the installer and the uninstaller are Authenticode-signed, and a changed byte breaks that.
#   windows_installer_test.sh SOURCE_DIR BUILD_DIR   (run by ctest of the windows preset)
set -uo pipefail
source_dir="$1"
build_dir="$2"
cd "$source_dir"
source tests/installer/checks.sh
source tests/installer/authenticode_checks.sh

setup="$(bash scripts/package-windows.sh "$build_dir")" || { echo "FAILED: the installer could not be built"; exit 1; }
echo "installer: $setup ($(du -h "$setup" | cut -f1))"
check_signed "the installer" "$setup"

source tests/installer/clean_wine_prefix.sh rdpmedic-installer-wine

program_files="$WINEPREFIX/drive_c/Program Files/rdpmedic"
start_menu="$WINEPREFIX/drive_c/ProgramData/Microsoft/Windows/Start Menu/Programs/rdpmedic"
user_data="$(wine cmd /c echo %LOCALAPPDATA% 2>/dev/null | tr -d '\r')"
user_data_unix="$(winepath -u "$user_data" 2>/dev/null)/rdpmedic"
reg_has() { wine reg query "$1" /v "$2"; }
reg_default() { wine reg query "$1" /ve; }
source tests/installer/installed_rdpmedic.sh

silently() { # what program args...: runs it with /S, waits for everything it started, says how long
  local what="$1" program="$2"; shift 2
  local start=$SECONDS
  wine "$program" /S "$@"; local status=$?
  wineserver --wait
  echo "silent $what $* exited $status in $((SECONDS - start)) s"
  return $status
}
install() { silently install "$setup" "$@"; }
# The uninstaller copies itself to %TEMP% and returns at once; wineserver --wait waits for it.
uninstall() { silently uninstall "C:\\Program Files\\rdpmedic\\uninstall.exe" "$@"; }

check "silent install with /AUTOSTART=1" install /AUTOSTART=1
for file in rdpmedic.exe rdpmedic-cli.exe rdpmedic-fixer.exe rdpmedic-helper.exe uninstall.exe \
            sdk/include/rdpmedic/plugin.h sdk/lib/cmake/RdpMedicSdk/RdpMedicSdkConfig.cmake \
            policy/rdpmedic.admx policy/en-US/rdpmedic.adml locale/de/LC_MESSAGES/rdpmedic.mo; do
  check "installed $file" test -f "$program_files/$file"
done
check_every_pe_signed "installed" "$program_files"
check_signed "the installed uninstaller" "$program_files/uninstall.exe"
check_tampered_copy_refused "$program_files/rdpmedic-helper.exe"
check_tampered_copy_refused "$setup"
plugin_count="$(find "$program_files/plugins" -name plugin.json 2>/dev/null | wc -l)"
signature_count="$(find "$program_files/plugins" -name plugin.sig 2>/dev/null | wc -l)"
dll_count="$(find "$program_files/plugins" -name '*.dll' 2>/dev/null | wc -l)"
echo "plugins installed: $plugin_count manifests, $dll_count DLLs, $signature_count signatures"
strategy_count="$(find plugins -mindepth 2 -maxdepth 2 -name CMakeLists.txt | wc -l)"
check "every strategy ($strategy_count) installed with its DLL and signature" test "$plugin_count" -eq "$strategy_count" -a "$dll_count" -eq "$plugin_count" -a "$signature_count" -eq "$plugin_count"
check "a trusted publisher key installed" compgen -G "$program_files/trusted-keys/*.pem"
check "Start menu entry" test -f "$start_menu/rdpmedic.lnk"
check ".rdp Open with rdpmedic (ProgID command)" reg_default 'HKLM\Software\Classes\rdpmedic.rdp\shell\open\command'
check ".rdp lists rdpmedic under OpenWithProgids" reg_has 'HKLM\Software\Classes\.rdp\OpenWithProgids' rdpmedic.rdp
check "start at login for every user (HKLM Run)" reg_has 'HKLM\Software\Microsoft\Windows\CurrentVersion\Run' rdpmedic
check "Programs and Features entry" reg_has 'HKLM\Software\Microsoft\Windows\CurrentVersion\Uninstall\rdpmedic' UninstallString
event_source='HKLM\SYSTEM\CurrentControlSet\Services\EventLog\Application\rdpmedic'
message_file="$(wine reg query "$event_source" /v EventMessageFile 2>/dev/null | tr -d '\r' | sed -n 's/.*REG_EXPAND_SZ *//p')"
echo "event source rdpmedic: EventMessageFile=$message_file"
check "event source rdpmedic names the installed message DLL" test "$message_file" = 'C:\Program Files\rdpmedic\rdpmedic-messages.dll'
check "the message DLL is installed" test -f "$program_files/rdpmedic-messages.dll"
check "event source rdpmedic supports error, warning and information" grep -q '0x7' <<<"$(wine reg query "$event_source" /v TypesSupported 2>/dev/null)"

version_output="$(wine "C:\\Program Files\\rdpmedic\\rdpmedic-cli.exe" --version 2>&1 | tr -d '\r')"
echo "installed rdpmedic-cli --version: $version_output"
check "rdpmedic-cli --version from the install folder" grep -Eq '^rdpmedic(-cli)? [0-9]+\.[0-9]+\.[0-9]+' <<<"$version_output"
verify_output="$(wine "C:\\Program Files\\rdpmedic\\rdpmedic-cli.exe" plugins verify 2>&1 | tr -d '\r')"; verify_status=$?
echo "$verify_output" | sed 's/^/  verify: /'
check "installed plugins verify against the installed trusted key" test "$verify_status" -eq 0

# A user's data, which the plain uninstall must keep.
mkdir -p "$user_data_unix"
echo '[]' > "$user_data_unix/history.json"

# Machine-wide changes of two users through the installed helper, as udp-disable makes them,
# and the installed tray running in a virtual desktop.
two_users_set_udp
start_tray_before_uninstall

check "silent uninstall" uninstall
check "the tray was asked to quit before the files went" grep -qF "asked to quit (rdpmedic is being removed)" "$tray_log"
check "the tray quit" grep -qF "quitting" "$tray_log"
check_not "no rdpmedic.exe left running" tray_running
check_not "both users' machine-wide changes undone: fClientDisableUDP is gone" reg_has "$udp_key" fClientDisableUDP
check "the other user's journal records the undo" grep -q '"op":"undone"' "$(other_journal_unix)"
check_not "install folder removed" test -e "$program_files"
check_not "Start menu entry removed" test -e "$start_menu"
check_not ".rdp ProgID removed" reg_default 'HKLM\Software\Classes\rdpmedic.rdp\shell\open\command'
check_not "OpenWithProgids entry removed" reg_has 'HKLM\Software\Classes\.rdp\OpenWithProgids' rdpmedic.rdp
check_not "start at login removed" reg_has 'HKLM\Software\Microsoft\Windows\CurrentVersion\Run' rdpmedic
check_not "Programs and Features entry removed" reg_has 'HKLM\Software\Microsoft\Windows\CurrentVersion\Uninstall\rdpmedic' UninstallString
check_not "event source rdpmedic removed" reg_has "$event_source" EventMessageFile
check "the user's history and journal kept" test -f "$user_data_unix/history.json" -a -f "$user_data_unix/journal.jsonl"

check "second silent install (no autostart)" install
check_not "no start at login unless asked" reg_has 'HKLM\Software\Microsoft\Windows\CurrentVersion\Run' rdpmedic
echo "helper, this user again: $(apply_udp "$user_data\rdpmedic\journal.jsonl" 1)"
check "silent uninstall with /PURGE=1 /UNDO=0" uninstall /PURGE=1 /UNDO=0
check "/UNDO=0 keeps the machine-wide change" test "$(udp_value)" = 0x1
check_not "the user's data removed when asked" test -e "$user_data_unix"
check_not "install folder removed again" test -e "$program_files"

echo "windows installer: $failures check(s) failed"
[ "$failures" -eq 0 ]
