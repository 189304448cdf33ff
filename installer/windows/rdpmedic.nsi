; rdpmedic for Windows: a per-machine installer made with NSIS from the cross build's install
; tree (scripts/package-windows.sh passes VERSION, STAGE, OUTFILE and SIGN).
;
; Silent use, for administrators deploying to laptops:
;   rdpmedic-VERSION-setup.exe /S [/AUTOSTART=1] [/D=C:\Program Files\rdpmedic]
;   "C:\Program Files\rdpmedic\uninstall.exe" /S [/PURGE=1] [/UNDO=0]
; The uninstaller keeps each user's history, settings and change journal
; (%LOCALAPPDATA%\rdpmedic) unless /PURGE=1 is given or the box is ticked: the journal is
; what undoes changes rdpmedic made, so it is not thrown away by default.
; Before it deletes anything it closes the running rdpmedic programs and undoes the
; machine-wide changes (HKLM values) still in effect in every user's journal, which would
; otherwise outlive rdpmedic; /UNDO=0 or unticking the box keeps them.

; A 64-bit installer: rdpmedic is 64-bit only, and a 32-bit installer would need WoW64 (and,
; under wine, a 32-bit wine) just to copy 64-bit files.
Target amd64-unicode
ManifestDPIAware true
RequestExecutionLevel admin
SetCompressor /SOLID lzma

!ifndef VERSION
  !error "pass -DVERSION=x.y.z"
!endif
!ifndef STAGE
  !error "pass -DSTAGE=folder (cmake --install of the Windows build)"
!endif
!ifndef OUTFILE
  !define OUTFILE "rdpmedic-${VERSION}-setup.exe"
!endif
; SIGN: a command that Authenticode-signs the file named after it in place. The uninstaller is
; signed before makensis packs it (WriteUninstaller writes it out as signed), the installer last.
!ifdef SIGN
  !uninstfinalize '${SIGN} "%1"' = 0
  !finalize '${SIGN} "%1"' = 0
!endif

!include "MUI2.nsh"
!include "FileFunc.nsh"
!include "LogicLib.nsh"
!include "x64.nsh"

!define APP "rdpmedic"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\rdpmedic"
!define RUN_KEY "Software\Microsoft\Windows\CurrentVersion\Run"
!define PROGID "rdpmedic.rdp"
; The Application log's event source rdpmedic (see README, "The system log").
!define EVENTLOG_KEY "SYSTEM\CurrentControlSet\Services\EventLog\Application\rdpmedic"

Name "rdpmedic ${VERSION}"
OutFile "${OUTFILE}"
InstallDir "$PROGRAMFILES64\rdpmedic"
InstallDirRegKey HKLM "${UNINSTALL_KEY}" "InstallLocation"
BrandingText "rdpmedic ${VERSION}"
!ifdef ICON
  !define MUI_ICON "${ICON}"
  !define MUI_UNICON "${ICON}"
!endif

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_COMPONENTS
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
; "Run rdpmedic" starts the tray as the desktop user, not as this elevated installer (which
; runs as another account when an administrator's credentials were typed, and whose elevated
; tray later unelevated starts could not reach): explorer.exe hands the start to the running
; shell, which runs it with the signed-in user's own token.
!define MUI_FINISHPAGE_RUN
!define MUI_FINISHPAGE_RUN_TEXT "Run rdpmedic"
!define MUI_FINISHPAGE_RUN_FUNCTION StartTrayAsDesktopUser
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_COMPONENTS
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "English"

Section "rdpmedic (required)" SecMain
  SectionIn RO
  SetOutPath "$INSTDIR"
  File /r "${STAGE}\*.*"
  WriteUninstaller "$INSTDIR\uninstall.exe"

  ; Start menu.
  CreateDirectory "$SMPROGRAMS\rdpmedic"
  CreateShortcut "$SMPROGRAMS\rdpmedic\rdpmedic.lnk" "$INSTDIR\rdpmedic.exe"
  CreateShortcut "$SMPROGRAMS\rdpmedic\Uninstall rdpmedic.lnk" "$INSTDIR\uninstall.exe"

  ; "Open with rdpmedic" for .rdp files, beside (not instead of) Remote Desktop Connection.
  WriteRegStr HKLM "Software\Classes\${PROGID}" "" "Remote Desktop connection (rdpmedic)"
  WriteRegStr HKLM "Software\Classes\${PROGID}\DefaultIcon" "" "$INSTDIR\rdpmedic.exe,0"
  WriteRegStr HKLM "Software\Classes\${PROGID}\shell\open" "FriendlyAppName" "rdpmedic"
  WriteRegStr HKLM "Software\Classes\${PROGID}\shell\open\command" "" '"$INSTDIR\rdpmedic.exe" "%1"'
  WriteRegStr HKLM "Software\Classes\.rdp\OpenWithProgids" "${PROGID}" ""

  ; The event source: Event Viewer reads rdpmedic's event texts from the message DLL.
  WriteRegExpandStr HKLM "${EVENTLOG_KEY}" "EventMessageFile" "$INSTDIR\rdpmedic-messages.dll"
  WriteRegDWORD HKLM "${EVENTLOG_KEY}" "TypesSupported" 7

  ; Programs and Features.
  WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayName" "rdpmedic"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "Publisher" "rdpmedic"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\rdpmedic.exe,0"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKLM "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKLM "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKLM "${UNINSTALL_KEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  WriteRegDWORD HKLM "${UNINSTALL_KEY}" "EstimatedSize" $0
SectionEnd

Section "Plugin SDK (headers and CMake package)" SecSdk
  ; The SDK is part of the stage (sdk\); this section only exists so it can be left out.
SectionEnd

; Every user of this machine: the tray starts at login. A user can still turn it off for
; themselves in Settings, which records HKCU\Software\rdpmedic\StartAtLogin = 0 (read by
; --at-login) rather than adding a second entry of their own.
Section /o "Start at login for every user" SecAutostart
  WriteRegStr HKLM "${RUN_KEY}" "rdpmedic" '"$INSTDIR\rdpmedic.exe" --at-login'
SectionEnd

Function StartTrayAsDesktopUser
  Exec '"$WINDIR\explorer.exe" "$INSTDIR\rdpmedic.exe"'
FunctionEnd

Function .onInit
  ${IfNot} ${RunningX64}
    MessageBox MB_ICONSTOP "rdpmedic needs 64-bit Windows." /SD IDOK
    Abort
  ${EndIf}
  SetRegView 64
  ; Start menu entries for every user of the machine, not only the administrator installing.
  SetShellVarContext all
  ; /AUTOSTART=1 on the command line ticks "Start at login" in a silent install.
  ${GetParameters} $0
  ClearErrors
  ${GetOptions} $0 "/AUTOSTART=" $1
  ${IfNot} ${Errors}
  ${AndIf} $1 == "1"
    SectionSetFlags ${SecAutostart} ${SF_SELECTED}
  ${EndIf}
FunctionEnd

Function .onInstSuccess
  ${IfNot} ${SectionIsSelected} ${SecSdk}
    RMDir /r "$INSTDIR\sdk"
  ${EndIf}
FunctionEnd

; and undoing come first: sections run in the order they are written.
; The running programs hold their files open: the tray is asked to quit (as its Quit does),
; anything still running after 10 s is ended. A helper ended halfway leaves its journal entry
; pending, which the undo below completes.
Section "-un.Close running rdpmedic" UnSecClose
  DetailPrint "Closing rdpmedic"
  nsExec::ExecToLog '"$INSTDIR\rdpmedic-cli.exe" close-running --wait 10000'
  Pop $0
SectionEnd

; What rdpmedic changed for the whole machine (udp-disable's fClientDisableUDP and the like)
; is put back from every user's journal while the helper is still there to do it. Changes
; under a user's own HKCU stay that user's to undo (rdpmedic-cli undo --all, before removal).
Section "un.Undo rdpmedic's machine-wide changes" UnSecUndoMachine
  DetailPrint "Undoing rdpmedic's machine-wide changes"
  nsExec::ExecToLog '"$INSTDIR\rdpmedic-cli.exe" undo --machine-wide --all-users'
  Pop $0
  ${If} $0 != 0
    MessageBox MB_ICONEXCLAMATION "Some of rdpmedic's machine-wide changes could not be undone (exit code $0); the details list them." /SD IDOK
  ${EndIf}
SectionEnd

Section "un.rdpmedic" UnSecMain
  SectionIn RO
  SetRegView 64
  ; Only what the installer put there: the stage's folders and files, by name.
  RMDir /r "$INSTDIR\plugins"
  RMDir /r "$INSTDIR\trusted-keys"
  RMDir /r "$INSTDIR\policy"
  RMDir /r "$INSTDIR\locale"
  RMDir /r "$INSTDIR\sdk"
  Delete "$INSTDIR\*.exe"
  Delete "$INSTDIR\*.dll"
  Delete "$INSTDIR\*.txt"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"

  Delete "$SMPROGRAMS\rdpmedic\rdpmedic.lnk"
  Delete "$SMPROGRAMS\rdpmedic\Uninstall rdpmedic.lnk"
  RMDir "$SMPROGRAMS\rdpmedic"

  DeleteRegValue HKLM "Software\Classes\.rdp\OpenWithProgids" "${PROGID}"
  DeleteRegKey HKLM "Software\Classes\${PROGID}"
  DeleteRegValue HKLM "${RUN_KEY}" "rdpmedic"
  DeleteRegValue HKCU "${RUN_KEY}" "rdpmedic"
  DeleteRegKey HKLM "${UNINSTALL_KEY}"
  DeleteRegKey HKLM "${EVENTLOG_KEY}"
SectionEnd

; History, settings and the journal of changes; left alone unless asked (see the header).
Section /o "un.Also remove my history, settings and change journal" UnSecPurge
  ; The data of the user running the uninstaller, not the all-users folders.
  SetShellVarContext current
  RMDir /r "$LOCALAPPDATA\rdpmedic"
  RMDir /r "$APPDATA\rdpmedic"
SectionEnd

Function un.onInit
  SetShellVarContext all
  Call un.ReadUndoOption
  ${GetParameters} $0
  ClearErrors
  ${GetOptions} $0 "/PURGE=" $1
  ${IfNot} ${Errors}
  ${AndIf} $1 == "1"
    SectionSetFlags ${UnSecPurge} ${SF_SELECTED}
  ${EndIf}
FunctionEnd

; /UNDO=0 on the command line keeps the machine-wide changes in a silent uninstall.
Function un.ReadUndoOption
  ${GetParameters} $0
  ClearErrors
  ${GetOptions} $0 "/UNDO=" $1
  ${IfNot} ${Errors}
  ${AndIf} $1 == "0"
    SectionSetFlags ${UnSecUndoMachine} 0
  ${EndIf}
FunctionEnd
