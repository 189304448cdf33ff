#!/usr/bin/env bash
# The Windows tray app (wxMSW, the cross build's rdpmedic.exe) as a person meets it, in wine's
# virtual desktop on Xvfb: its icon drawn in the taskbar's notification area, a left click
# opening the status window, the right-click menu and the windows it opens, a second start
# handing over to the first, and Quit taking the icon away. Windows inside wine's desktop are
# not X windows, so desktop-probe.exe (EnumWindows, in the same desktop) reports which are
# shown; xdotool clicks and types; ImageMagick reads the pixels. Screenshots go to ARTIFACTS.
#
# usage: windows_tray_test.sh RDPMEDIC_EXE DESKTOP_PROBE_EXE STAGE_DIR ARTIFACTS
set -u
tray_exe="$1"
probe_exe="$2"
stage_dir="$3"
artifacts="$4"

failures=0
check() {
  local what="$1"; shift
  if "$@" >/dev/null 2>&1; then echo "ok: $what"; else echo "FAILED: $what"; failures=$((failures + 1)); fi
}
for tool in Xvfb xdotool convert import wine wineboot wineserver; do
  command -v "$tool" >/dev/null || { echo "FAILED: $tool is not installed (scripts/install-deps.sh)"; exit 1; }
done

work="$(mktemp -d)"
mkdir -p "$artifacts"
export WINEPREFIX="$work/prefix" WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml=" WINEARCH=win64
xvfb_pid=""
cleanup() {
  wineserver -k >/dev/null 2>&1
  [ -n "$xvfb_pid" ] && kill "$xvfb_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

exec 3>"$work/display"
Xvfb -displayfd 3 -screen 0 1024x768x24 -nolisten tcp >"$work/xvfb.log" 2>&1 &
xvfb_pid=$!
exec 3>&-
for _ in $(seq 100); do [ -s "$work/display" ] && break; sleep 0.1; done
export DISPLAY=":$(cat "$work/display")"
wineboot --init >/dev/null 2>&1
wineserver --wait
# The build's signed plugins and their key, as an install has them beside the program.
RDPMEDIC_SYSTEM_DIR="$(winepath -w "$stage_dir")"
export RDPMEDIC_SYSTEM_DIR

# Every program goes into one virtual desktop; "shell" gives it wine's taskbar with its
# notification area, where Shell_NotifyIcon puts icons.
in_desktop() { wine explorer /desktop=shell,1024x768 "$@" >/dev/null 2>&1; }
log_file="$WINEPREFIX/drive_c/users/$(id -un)/AppData/Local/rdpmedic/rdpmedic.log"
wait_for() { # seconds command...: polls every 0.25 s
  local tries=$(($1 * 4)); shift
  for _ in $(seq "$tries"); do "$@" >/dev/null 2>&1 && return 0; sleep 0.25; done
  return 1
}
listing="$work/windows.txt"
windows() { # the visible windows: class, title, rectangle
  rm -f "$listing"
  in_desktop "$(winepath -w "$probe_exe")" "$(winepath -w "$listing")"
  wait_for 10 test -f "$listing" && cat "$listing"
}
top_level() { windows | grep -v '^  '; }
shown() { top_level | cut -f2 | grep -qx "$1"; }
menu_open() { top_level | cut -f1 | grep -qx '#32768'; }
menu_closed() { ! menu_open; }
gone() { ! shown "$1"; }
logged() { grep -qF "$1" "$log_file" 2>/dev/null; }
shot() { import -window root "$artifacts/$1.png"; }
centre() { awk -F'\t' '{split($3, r, ","); print r[1] + int(r[3] / 2), r[2] + int(r[4] / 2); exit}'; }
click_button() { # title label...: clicks the first of those buttons the window has
  local title="$1"; shift
  local labels; labels="$(printf '%s\n' "$@")"
  local at; at="$(windows | awk -F'\t' -v title="$title" -v labels="$labels" '
      BEGIN {n = split(labels, wanted, "\n")}
      !/^  / {inside = ($2 == title); next}
      inside && $1 == "  Button" {label = $2; gsub("&", "", label); for (i = 1; i <= n; i++) if (label == wanted[i]) print}' | centre)"
  [ -n "$at" ] || return 1
  xdotool mousemove ${at% *} ${at#* } sleep 0.2 click 1
}

# The notification area is the right end of the taskbar; empty, it is all one colour.
read -r bar_x bar_y bar_w bar_h < <(windows | awk -F'\t' '$1 == "Shell_TrayWnd" {split($3, r, ","); print r[1], r[2], r[3], r[4]}')
check "wine's taskbar is on the desktop" test -n "${bar_h:-}"
area_x=$(( ${bar_x:-0} + ${bar_w:-1024} - 80 )) area_y=${bar_y:-748}
area="80x${bar_h:-20}+$area_x+$area_y"
shot windows-desktop-empty
colours() { convert "$artifacts/$1.png" -crop "$area" +repage -format %k info:; }
check "the notification area is empty before rdpmedic starts" test "$(colours windows-desktop-empty)" -le 2

in_desktop "$(winepath -w "$tray_exe")" --verbose &
check "rdpmedic.exe starts and shows its tray icon" wait_for 30 logged "tray icon shown"
sleep 1
shot windows-tray-idle
# The icon: what differs from the taskbar's colour in the notification area.
box="$(convert "$artifacts/windows-tray-idle.png" -crop "$area" +repage -trim -format '%w %h %X %Y' info: 2>/dev/null)"
read -r icon_w icon_h icon_dx icon_dy <<<"$box"
icon_left=$(( area_x + ${icon_dx:-0} )) icon_top=$(( area_y + ${icon_dy:-0} ))
icon_x=$(( icon_left + ${icon_w:-0} / 2 )) icon_y=$(( icon_top + ${icon_h:-0} / 2 ))
icon_box="${icon_w:-1}x${icon_h:-1}+$icon_left+$icon_top"
echo "icon: ${icon_w:-?}x${icon_h:-?} at $icon_x,$icon_y"
check "an icon is drawn in the notification area (12 to 32 pixels wide)" test "${icon_w:-0}" -ge 12 -a "${icon_w:-0}" -le 32
has_colour() { # screenshot colour: the notification area of the screenshot shows that colour
  convert "$artifacts/$1.png" -crop "$area" +repage -fuzz 10% -fill '#00FF00' -opaque "$2" -format %c histogram:info: |
    grep -qi '#00FF00'
}
check "the icon is rdpmedic's (its dark blue #1F4E79)" has_colour windows-tray-idle '#1F4E79'
lacks_colour() { ! has_colour "$@"; }

xdotool mousemove "$icon_x" "$icon_y" click 1
check "a left click opens the status and history window" wait_for 10 shown "History - rdpmedic"
shot windows-history
xdotool key Escape
check "Escape closes it" wait_for 10 gone "History - rdpmedic"

open_menu() { # a right click on the icon, the pointer coming from elsewhere as a hand's would
  xdotool mousemove 500 300 sleep 0.3 mousemove "$icon_x" "$icon_y" sleep 0.3 click 3
  wait_for 10 menu_open
}
menu_items() { # the vertical centre of each item of the open menu, from its pixels
  local rect; rect="$(top_level | awk -F'\t' '$1 == "#32768" {print $3; exit}')"
  [ -n "$rect" ] || return 1
  local x y w h; IFS=, read -r x y w h <<<"$rect"
  import -window root "$work/menu.png"
  # One grey level per row of the menu's inside: the commonest is the background; an item is
  # a band of 4 or more rows of text, a separator a thinner one.
  convert "$work/menu.png" -crop "$((w - 8))x$((h - 6))+$((x + 4))+$((y + 3))" +repage -colorspace gray \
      -scale "1x$((h - 6))!" -depth 8 txt:- |
    awk -F'[ ,:()]+' -v top=$((y + 3)) 'NR > 1 {row[$2] = $4; count[$4]++; n = $2 + 1}
      END {for (v in count) if (count[v] > best) {best = count[v]; bg = v}
           start = -1
           for (i = 0; i <= n; i++) {
             busy = (i < n) && (row[i] - bg > 2 || bg - row[i] > 2)
             if (busy && start < 0) start = i
             if (!busy && start >= 0) {if (i - start >= 4) print top + int((start + i - 1) / 2); start = -1}
           }}'
  echo "x=$((x + w / 2))"
}
menu_pick() { # the tray menu's item number N (Connect… is 1, Quit is 8), clicked
  open_menu || return 1
  local items; items="$(menu_items)" || return 1
  local x; x="$(grep '^x=' <<<"$items" | cut -d= -f2)"
  local y; y="$(grep -v '^x=' <<<"$items" | sed -n "${1}p")"
  [ "$(grep -vc '^x=' <<<"$items")" -eq 8 ] && [ -n "$y" ] || { echo "menu items not found: $items"; return 1; }
  xdotool mousemove "$x" "$y" sleep 0.2 click 1
}
check "a right click opens the menu" open_menu
check "the menu shows 8 items" test "$(menu_items | grep -vc '^x=')" -eq 8
check "the menu has every item" wait_for 5 logged \
  "tray menu: Connect… | Diagnose… | History… | Log… | Plugins… | Undo last change | Settings… | Quit"
shot windows-tray-menu
xdotool mousemove 500 300 click 1 # a click elsewhere closes it
check "a click elsewhere closes the menu" wait_for 10 menu_closed

for item in "7:Settings - rdpmedic" "1:Connect - rdpmedic" "2:Diagnose - rdpmedic" "5:rdpmedic: plugins"; do
  number="${item%%:*}"; title="${item#*:}"
  menu_pick "$number"
  check "menu → $title" wait_for 10 shown "$title"
  shot "windows-$(echo "$title" | tr -c 'a-zA-Z\n' '-' | tr 'A-Z' 'a-z' | sed 's/-*$//; s/--*/-/g')"
  click_button "$title" Close Cancel
  check "its Close or Cancel button closes $title" wait_for 10 gone "$title"
done
check "the plugins window lists the build's signed strategies, tls-compat and security-negotiation too" \
  sh -c "grep -F 'plugins window rows:' '$log_file' | tail -1 | grep -F 'rdpmedic.tls-compat' | grep -qF 'rdpmedic.security-negotiation'"

# A second start finds the first (one instance per user), which shows itself.
in_desktop "$(winepath -w "$tray_exe")"
check "a second start hands over: the first shows its window" wait_for 15 shown "History - rdpmedic"
check "only one tray icon" test "$(grep -c 'tray icon shown' "$log_file")" -eq 1
click_button "History - rdpmedic" Close
check "its Close button closes it" wait_for 10 gone "History - rdpmedic"

# "Open with rdpmedic" on an .rdp file while it runs: the file goes to the running instance,
# which reads it and starts mstsc, which wine does not have: the failure says so, in a balloon.
rdp_file="$WINEPREFIX/drive_c/users/$(id -un)/office.rdp"
printf 'full address:s:127.0.0.1:3389\r\nusername:s:alice\r\n' >"$rdp_file"
in_desktop "$(winepath -w "$tray_exe")" "$(winepath -w "$rdp_file")"
check "a second start with an .rdp file hands it over" wait_for 15 logged "connecting to $(winepath -w "$rdp_file")"
check "the missing mstsc is reported in a notification, with what to do" wait_for 10 logged \
  "notification: rdpmedic: cannot connect to 127.0.0.1:3389: Remote Desktop Connection (mstsc.exe) is not installed"
sleep 1
shot windows-notification
changed_pixels() { # how many pixels of the icon differ between two screenshots
  convert "$artifacts/$1.png" -crop "$icon_box" +repage "$work/icon-before.png"
  convert "$artifacts/$2.png" -crop "$icon_box" +repage "$work/icon-after.png"
  compare -metric AE "$work/icon-before.png" "$work/icon-after.png" null: 2>&1 | cut -d' ' -f1
}
check "the icon turns to the failed state" test "$(changed_pixels windows-tray-idle windows-notification)" -ge 10
# A click on the balloon dismisses it, as a person would before using the menu again.
balloon="$(top_level | awk -F'\t' '$1 == "tooltips_class32" {split($3, r, ","); if (r[4] > 30) print}' | centre)"
[ -n "$balloon" ] && xdotool mousemove ${balloon% *} ${balloon#* } sleep 0.2 click 1
balloon_gone() { ! top_level | awk -F'\t' '$1 == "tooltips_class32" {split($3, r, ","); if (r[4] > 30) found = 1} END {exit !found}'; }
check "a click dismisses the balloon" wait_for 15 balloon_gone

menu_pick 8
check "Quit ends rdpmedic" wait_for 10 logged "quitting"
sleep 1
shot windows-after-quit
check "and takes its icon away" lacks_colour windows-after-quit '#1F4E79'

cp "$log_file" "$artifacts/rdpmedic.log" 2>/dev/null
echo "windows tray test: $failures failure(s); screenshots and rdpmedic's log in $artifacts"
[ "$failures" -eq 0 ]
