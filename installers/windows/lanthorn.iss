; Inno Setup (6.3 or later) script of the Windows installer: the one-folder app PyInstaller built from
; installers/lanthorn.spec (the same spec and data as the Linux and macOS packages).
; Built by `python -m installers.build` on Windows, which passes the version and the app folder:
;   iscc /DAppVersion=0.1.0 /DAppFolder=build\installer\dist\Lanthorn /Odist installers\windows\lanthorn.iss
; Installs for the current user by default (no administrator prompt; the dialog offers all users),
; with a Start-menu entry, an optional desktop icon, and an uninstaller that leaves the user's
; documents, chats and settings (in %LOCALAPPDATA%\Lanthorn) in place.

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#ifndef AppFolder
  #define AppFolder "..\..\build\installer\dist\Lanthorn"
#endif

[Setup]
AppId={{6F0C2B7E-3D4A-4E8B-9C51-7A2F4D1E8B30}
AppName=Lanthorn
AppVersion={#AppVersion}
AppPublisher=Lanthorn
AppComments=Private, offline chat with your own documents
DefaultDirName={autopf}\Lanthorn
DefaultGroupName=Lanthorn
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputBaseFilename=Lanthorn-{#AppVersion}-windows-setup
SetupIconFile=..\..\resources\icons\lanthorn.ico
UninstallDisplayIcon={app}\Lanthorn.exe
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern

; Setup speaks English: Inno Setup's Simplified Chinese (ChineseSimplified.isl) is an unofficial
; translation that does not come with the compiler. The app itself follows the system language.
[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "{#AppFolder}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\Lanthorn"; Filename: "{app}\Lanthorn.exe"; Comment: "Private, offline chat with your own documents"
Name: "{group}\{cm:UninstallProgram,Lanthorn}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\Lanthorn"; Filename: "{app}\Lanthorn.exe"; Tasks: desktopicon

[Run]
Filename: "{app}\Lanthorn.exe"; Description: "{cm:LaunchProgram,Lanthorn}"; Flags: nowait postinstall skipifsilent
