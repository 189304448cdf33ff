#!/usr/bin/env bash
# rdpmedic's MSI from a stage folder (`cmake --install` of the Windows build), with Debian's
# wixl: every file of the stage becomes a component of the group StageFiles (wixl-heat), so
# the MSI carries exactly what the NSIS installer packs from the same stage; rdpmedic.wxs
# adds the Start menu entry, the .rdp Open with entry, the event source and start at login.
#   build-msi.sh VERSION STAGE OUTFILE [ICON]   (scripts/package-windows-msi.sh passes these)
set -euo pipefail
version="$1"
stage="$(realpath "$2")"
output="$(realpath -m "$3")"
icon="${4:-}"
wxs="$(realpath "$(dirname "$0")/rdpmedic.wxs")"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# wixl 0.101 resolves File and Icon sources relative to the current folder only.
cd "$stage"
find . -type f | LC_ALL=C sort |
  wixl-heat --prefix ./ --directory-ref INSTALLDIR --component-group StageFiles --var var.StageDir --win64 \
  > "$work/stage-files.wxs"
# The uninstall's custom actions run the installed rdpmedic-cli.exe, named by its File Id.
cli_file_id="$(sed -n 's|.*<File Id="\([^"]*\)".*Source="$(var.StageDir)/rdpmedic-cli.exe".*|\1|p' "$work/stage-files.wxs")"
[ -n "$cli_file_id" ] || { echo "build-msi.sh: no rdpmedic-cli.exe in $stage" >&2; exit 1; }
icon_define=()
[ -n "$icon" ] && icon_define=(-D "Icon=$(realpath --relative-to="$stage" "$icon")")
wixl --arch x64 -D Version="$version" -D StageDir=. -D Win64=yes -D CliFileId="$cli_file_id" "${icon_define[@]}" \
  -o "$output" "$wxs" "$work/stage-files.wxs"

# wixl 0.101 writes Type="expandable" values as plain strings; Windows Installer makes a
# REG_EXPAND_SZ of a value starting with #%, which the event log expects for EventMessageFile.
msibuild "$output" -q "UPDATE \`Registry\` SET \`Value\` = '#%[INSTALLDIR]rdpmedic-messages.dll' WHERE \`Name\` = 'EventMessageFile'"
# The command line's AUTOSTART, INSTALLDIR and UNDO reach the elevated part of an install that a
# standard user started (UAC) only as secure properties; wixl lists only its own.
secure="$(msiinfo export "$output" Property | tr -d '\r' | sed -n 's/^SecureCustomProperties\t//p')"
msibuild "$output" -q "UPDATE \`Property\` SET \`Value\` = '${secure:+$secure;}AUTOSTART;INSTALLDIR;UNDO' WHERE \`Property\` = 'SecureCustomProperties'"
