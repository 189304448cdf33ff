#!/usr/bin/env bash
# The MSI on a clean wine prefix, as a deployment tool uses it: a silent per-machine install
# of the previous version, the upgrade to this one (one product afterwards, the new files),
# files, Start menu, registry entries and the installed CLI, a repair that puts back a deleted
# file, a silent uninstall that first closes the running tray and undoes the machine-wide
# changes two users made through the installed helper, and leaves only the user's data (and,
# with UNDO=0, keeps a machine-wide change; UNDO=7 refused), start at login and a custom
# install folder by property (both remembered by an upgrade, AUTOSTART=0 turning start at
# login off), and AUTOSTART=7 refused with a message naming it. The MSI and every PE file it
# installs are Authenticode-signed, and a changed byte breaks that.
#   windows_msi_test.sh SOURCE_DIR BUILD_DIR DESKTOP_PROBE_EXE   (run by ctest of the windows preset)
set -uo pipefail
cd "$1"
build_dir="$2"
probe_exe="$3"
version="$(sed -n 's/^CMAKE_PROJECT_VERSION:STATIC=//p' "$build_dir/CMakeCache.txt")"
stage="$build_dir/msi-stage"
source tests/installer/checks.sh
source tests/installer/authenticode_checks.sh
msi="$(bash scripts/package-windows-msi.sh "$build_dir")" || { echo "FAILED: the MSI could not be built"; exit 1; }
echo "MSI: $msi ($(du -h "$msi" | cut -f1))"
check_signed "the MSI" "$msi"
check_tampered_copy_refused "$msi"
work="$(mktemp -d /tmp/rdpmedic-msi-work.XXXXXX)"
source tests/installer/clean_wine_prefix.sh rdpmedic-msi-wine "$work"

# The previous version: the same UpgradeCode, a lower ProductVersion, and a stage that differs
# from this one by a file this version no longer ships and an older policy template.
previous_stage="$work/previous-stage"
cp -r "$stage" "$previous_stage"
echo 'shipped by the previous version only' > "$previous_stage/previous-only.txt"
echo '<!-- previous version -->' >> "$previous_stage/policy/rdpmedic.admx"
previous_msi="$work/rdpmedic-0.0.1.msi"
check "the previous version's MSI (0.0.1) builds" bash installer/windows/build-msi.sh 0.0.1 "$previous_stage" "$previous_msi"


program_files="$WINEPREFIX/drive_c/Program Files/rdpmedic"
user_data="$(wine cmd /c echo %LOCALAPPDATA% 2>/dev/null | tr -d '\r')"
user_data_unix="$(winepath -u "$user_data" 2>/dev/null)/rdpmedic"
reg_has() { wine reg query "$1" /v "$2"; }
reg_default() { wine reg query "$1" /ve; }
source tests/installer/installed_rdpmedic.sh
reg_value() { wine reg query "$1" /v "$2" 2>/dev/null | tr -d '\r' | sed -n "s/^ *$2 *REG_[A-Z_]* *//p"; }
uninstall_key='HKLM\Software\Microsoft\Windows\CurrentVersion\Uninstall'
products_named_rdpmedic() { wine reg query "$uninstall_key" /s 2>/dev/null | tr -d '\r' | grep -cE '^ *DisplayName +REG_SZ +rdpmedic$'; }
run_key='HKLM\Software\Microsoft\Windows\CurrentVersion\Run'
event_source='HKLM\SYSTEM\CurrentControlSet\Services\EventLog\Application\rdpmedic'

msiexec_quietly() { # log-name msiexec-arguments...: runs msiexec /qn with a verbose log, says how long
  local log="$work/$1.log"; shift
  local start=$SECONDS
  wine msiexec "$@" /qn /l*v "$(winepath -w "$log")"; local status=$?
  wineserver --wait
  echo "msiexec $* /qn exited $status in $((SECONDS - start)) s"
  return $status
}

check "silent install of the previous version with AUTOSTART=1" msiexec_quietly previous /i "$(winepath -w "$previous_msi")" AUTOSTART=1
check "the previous version's own file installed" test -f "$program_files/previous-only.txt"
check "silent install of this version over it (major upgrade)" msiexec_quietly upgrade /i "$(winepath -w "$msi")"
products="$(products_named_rdpmedic)"
echo "products named rdpmedic in Programs and Features after the upgrade: $products"
check "only one rdpmedic registered after the upgrade" test "$products" -eq 1
check "the registered version is this one ($version)" grep -q "DisplayVersion *REG_SZ *$version" <<<"$(wine reg query "$uninstall_key" /s 2>/dev/null | tr -d '\r')"
check_not "the previous version's file is gone" test -e "$program_files/previous-only.txt"
check "the policy template is this version's" cmp "$stage/policy/rdpmedic.admx" "$program_files/policy/rdpmedic.admx"
# Windows Installer sets UPGRADINGPRODUCTCODE when a major upgrade removes the old version, and
# the uninstall's custom actions skip that removal; wine's RemoveExistingProducts runs a plain
# REMOVE=ALL (installer/README.md), so the package's conditions are checked instead.
uninstall_actions="$(msiinfo export "$msi" InstallExecuteSequence | tr -d '\r' | grep -E '^(CloseRunningRdpmedic|UndoMachineWideChanges)'$'\t')"
echo "$uninstall_actions" | sed 's/^/  uninstall action: /'
check "closing and undoing run on a real uninstall only, before RemoveFiles" test "$(grep -cP '\tREMOVE = "ALL" AND NOT UPGRADINGPRODUCTCODE( AND NOT UNDO = "0")?\t15\d\d$' <<<"$uninstall_actions")" -eq 2
# The upgrade finds the remembered AUTOSTART=1, so start at login stays chosen.
check "start at login kept by the upgrade without AUTOSTART" test "$(reg_value "$run_key" rdpmedic)" = '"C:\Program Files\rdpmedic\rdpmedic.exe" --at-login'

# Every file of the stage (what the NSIS installer packs too) is installed, byte for byte.
stage_files="$(cd "$stage" && find . -type f | wc -l)"
different_files="$(cd "$stage" && find . -type f | while read -r file; do cmp -s "$file" "$program_files/$file" || echo "$file"; done)"
echo "stage files: $stage_files, missing or different after install: ${different_files:-none}"
check "every stage file installed as built" test -z "$different_files" -a "$stage_files" -gt 10
check_every_pe_signed "installed" "$program_files"
# Windows resolves ProgramMenuFolder to the all-users Start menu for a per-machine install;
# wine 8 gives the installing user's (see installer/README.md), so the log says which.
program_menu="$(tr -d '\r' < "$work/upgrade.log" | sed -n 's/^Property(S): ProgramMenuFolder = //p' | head -1)"
start_menu="$(winepath -u "${program_menu}rdpmedic" 2>/dev/null)"
echo "Start menu folder: ${program_menu}rdpmedic"
check "Start menu entry starts the installed rdpmedic.exe" grep -aq 'rdpmedic.exe' "$start_menu/rdpmedic.lnk"
check ".rdp Open with rdpmedic (ProgID command)" test "$(wine reg query 'HKLM\Software\Classes\rdpmedic.rdp\shell\open\command' /ve 2>/dev/null | tr -d '\r' | sed -n 's/.*REG_SZ *//p')" = '"C:\Program Files\rdpmedic\rdpmedic.exe" "%1"'
check ".rdp lists rdpmedic under OpenWithProgids" reg_has 'HKLM\Software\Classes\.rdp\OpenWithProgids' rdpmedic.rdp
echo "event source rdpmedic: $(wine reg query "$event_source" /v EventMessageFile 2>/dev/null | tr -d '\r' | grep EventMessageFile)"
check "event source rdpmedic names the installed message DLL (REG_EXPAND_SZ)" grep -q 'REG_EXPAND_SZ *C:\\Program Files\\rdpmedic\\rdpmedic-messages.dll' <<<"$(wine reg query "$event_source" /v EventMessageFile 2>/dev/null)"
check "event source rdpmedic supports error, warning and information" test "$(reg_value "$event_source" TypesSupported)" = 0x7

version_output="$(wine "C:\\Program Files\\rdpmedic\\rdpmedic-cli.exe" --version 2>&1 | tr -d '\r')"
echo "installed rdpmedic-cli --version: $version_output"
check "rdpmedic-cli --version from the install folder" grep -Eq "^rdpmedic(-cli)? $version" <<<"$version_output"
check "installed plugins verify against the installed trusted key" wine "C:\\Program Files\\rdpmedic\\rdpmedic-cli.exe" plugins verify

rm -f "$program_files/rdpmedic-cli.exe" "$program_files/plugins/rdpmedic.dns-reset/plugin.sig"
# What `msiexec /fa rdpmedic.msi` asks of Windows Installer; wine's msiexec cannot take /fa
# with a package (installer/README.md), so the same request goes in as properties.
check "repair (REINSTALL=ALL REINSTALLMODE=a, as msiexec /fa)" msiexec_quietly repair /i "$(winepath -w "$msi")" REINSTALL=ALL REINSTALLMODE=a
check "repair put back the deleted program" cmp "$stage/rdpmedic-cli.exe" "$program_files/rdpmedic-cli.exe"
check "repair put back the deleted plugin signature" cmp "$stage/plugins/rdpmedic.dns-reset/plugin.sig" "$program_files/plugins/rdpmedic.dns-reset/plugin.sig"

# A user's data, which the uninstall must keep.
mkdir -p "$user_data_unix"
echo '[]' > "$user_data_unix/history.json"
# Machine-wide changes of two users through the installed helper and the installed tray
# running, as in windows_installer_test.sh.
two_users_set_udp
start_tray_before_uninstall
check "silent uninstall (msiexec /x)" msiexec_quietly uninstall /x "$(winepath -w "$msi")"
check "the tray was asked to quit before the files went" grep -qF "asked to quit (rdpmedic is being removed)" "$tray_log"
check "the tray quit" grep -qF "quitting" "$tray_log"
check_not "no rdpmedic.exe left running" tray_running
check_not "both users' machine-wide changes undone: fClientDisableUDP is gone" reg_has "$udp_key" fClientDisableUDP
check "the other user's journal records the undo" grep -q '"op":"undone"' "$(other_journal_unix)"
check_not "install folder removed" test -e "$program_files"
check_not "Start menu folder removed" test -e "$start_menu"
check_not ".rdp ProgID removed with all its keys" wine reg query 'HKLM\Software\Classes\rdpmedic.rdp'
check_not "OpenWithProgids entry removed" reg_has 'HKLM\Software\Classes\.rdp\OpenWithProgids' rdpmedic.rdp
check_not "start at login removed" reg_has "$run_key" rdpmedic
check_not "event source rdpmedic removed with its key" wine reg query "$event_source"
check "no rdpmedic left in Programs and Features" test "$(products_named_rdpmedic)" -eq 0
check_not "the remembered install folder and start at login removed" wine reg query 'HKLM\Software\Wow6432Node\rdpmedic'
check_not "the Start menu entry's key path removed" wine reg query 'HKLM\Software\rdpmedic'
check "the user's history and journal kept" test -f "$user_data_unix/history.json" -a -f "$user_data_unix/journal.jsonl"

custom_dir='C:\Apps\rdpmedic\'
check "previous version with AUTOSTART=1 INSTALLDIR=$custom_dir" msiexec_quietly previous-custom /i "$(winepath -w "$previous_msi")" AUTOSTART=1 "INSTALLDIR=$custom_dir"
check "installed into INSTALLDIR" test -f "$WINEPREFIX/drive_c/Apps/rdpmedic/rdpmedic.exe"
echo "start at login: $(reg_value "$run_key" rdpmedic)"
check "start at login for every user (HKLM Run) starts the tray from INSTALLDIR" test "$(reg_value "$run_key" rdpmedic)" = '"C:\Apps\rdpmedic\rdpmedic.exe" --at-login'
check "upgrade with AUTOSTART=0" msiexec_quietly upgrade-custom /i "$(winepath -w "$msi")" AUTOSTART=0
check "the upgrade stays in the remembered INSTALLDIR" cmp "$stage/rdpmedic.exe" "$WINEPREFIX/drive_c/Apps/rdpmedic/rdpmedic.exe"
check_not "the previous version's file is gone from INSTALLDIR" test -e "$WINEPREFIX/drive_c/Apps/rdpmedic/previous-only.txt"
check_not "AUTOSTART=0 on the command line wins over the remembered start at login" reg_has "$run_key" rdpmedic
installed_dir='C:\Apps\rdpmedic'
echo "helper, this user again: $(apply_udp "$user_data\rdpmedic\journal.jsonl" 1)"
check_not "UNDO=7 is refused at /qn" msiexec_quietly refused-undo /x "$(winepath -w "$msi")" UNDO=7
check "the refusal comes from the launch conditions" grep -Eq 'LaunchConditions\. Return value [^1]' "$work/refused-undo.log"
check "still installed after the refusal" test -f "$WINEPREFIX/drive_c/Apps/rdpmedic/rdpmedic-cli.exe"
check "uninstall with UNDO=0 (the remembered INSTALLDIR)" msiexec_quietly uninstall-custom /x "$(winepath -w "$msi")" UNDO=0
check "UNDO=0 keeps the machine-wide change" test "$(udp_value)" = 0x1
check_not "custom install folder removed" test -e "$WINEPREFIX/drive_c/Apps/rdpmedic"

check_not "AUTOSTART=7 is refused at /qn" msiexec_quietly refused /i "$(winepath -w "$msi")" AUTOSTART=7
check "the refusal comes from the launch conditions" grep -Eq 'LaunchConditions\. Return value [^1]' "$work/refused.log"
check_not "nothing installed after the refusal" test -e "$program_files"

# The refusal as an administrator starting the MSI by hand meets it: with a UI, wine shows the
# launch condition's message (at /qn it neither shows nor logs it, see installer/README.md).
# desktop-probe.exe reads the message box's text and where its OK button is.
start_own_xvfb 1024x768
wine msiexec /i "$(winepath -w "$msi")" AUTOSTART=7 >/dev/null 2>&1 & refused_install=$!
message_box=""
for _ in $(seq 60); do
  rm -f "$work/windows.txt"
  wine "$(winepath -w "$probe_exe")" "$(winepath -w "$work/windows.txt")" >/dev/null 2>&1
  message_box="$(awk -F'\t' '!/^  / {inside = ($2 == "Install Failed"); next} inside' "$work/windows.txt" 2>/dev/null)"
  [ -n "$message_box" ] && break
  sleep 0.5
done
refusal="$(awk -F'\t' '$1 == "  Static" {print $2}' <<<"$message_box")"
echo "the refusal on screen: ${refusal:-none}"
check 'AUTOSTART=7 refused with: AUTOSTART must be 0 or 1, not "7".' test "$refusal" = 'AUTOSTART must be 0 or 1, not "7".'
ok_button="$(awk -F'\t' '$1 == "  Button" && $2 == "OK" {split($3, r, ","); print r[1] + int(r[3] / 2), r[2] + int(r[4] / 2)}' <<<"$message_box")"
if [ -n "$ok_button" ]; then
  xdotool mousemove ${ok_button% *} ${ok_button#* } sleep 0.2 click 1
else
  kill "$refused_install"
fi
wait "$refused_install"; refused_status=$?
wineserver --wait
echo "msiexec /i AUTOSTART=7 with a UI exited $refused_status after OK"
check "the refused install ends in an error" test "$refused_status" -ne 0
check_not "nothing installed after the refusal on screen" test -e "$program_files"
check "silent install without AUTOSTART" msiexec_quietly plain /i "$(winepath -w "$msi")"
check_not "no start at login unless asked" reg_has "$run_key" rdpmedic

echo "windows MSI: $failures check(s) failed"
[ "$failures" -eq 0 ]
