; Inno Setup 6 script of Matting Studio for Windows (x64). Build procedure: docs/packaging.md.
;
;   iscc packaging\windows\MattingStudio.iss                          CPU variant from dist\MattingStudio
;   iscc /DVariant=gpu packaging\windows\MattingStudio.iss            GPU variant (bundle built with paddlepaddle-gpu)
;   iscc /DAppVersion=0.1.0 /DBundleDir=C:\path\to\MattingStudio ...  other version / bundle folder
;
; Installs the one-folder bundle (MattingStudio.exe = the app, matting-studio.exe = the command line) for the current
; user (no administrator rights; %LOCALAPPDATA%\Programs\Matting Studio) or, when chosen in the dialog, for all users
; (Program Files). Models, caches and settings are NOT in the install folder: %LOCALAPPDATA%\MattingStudio; uninstalling
; keeps them (delete that folder to remove them too).

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#ifndef Variant
  #define Variant "cpu"
#endif
#ifndef BundleDir
  #define BundleDir "..\..\dist\MattingStudio"
#endif
#ifndef IconFile
  #define IconFile "..\..\build\icons\MattingStudio.ico"
#endif
#if Variant == "gpu"
  #define VariantName " (NVIDIA GPU)"
#else
  #define VariantName ""
#endif

[Setup]
; one AppId for both variants: installing one replaces the other
AppId={{6E0C7D52-3B7A-4E8C-9A47-2B8F3C1D5A90}
AppName=Matting Studio
AppVersion={#AppVersion}
AppVerName=Matting Studio {#AppVersion}{#VariantName}
AppPublisher=Matting Studio
DefaultDirName={autopf}\Matting Studio
DefaultGroupName=Matting Studio
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
OutputDir=..\..\dist
OutputBaseFilename=MattingStudio-{#AppVersion}-windows-x64-{#Variant}-setup
SetupIconFile={#IconFile}
UninstallDisplayIcon={app}\MattingStudio.exe
UninstallDisplayName=Matting Studio{#VariantName}
Compression=lzma2/normal
SolidCompression=yes
LZMANumBlockThreads=4
; a GPU bundle (CUDA libraries) can pass the 2 GB a single setup file may hold: then it is split into .bin files
#if Variant == "gpu"
DiskSpanning=yes
DiskSliceSize=max
#endif
WizardStyle=modern
ChangesEnvironment=yes
ChangesAssociations=no

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked
Name: "addtopath"; Description: "Add the command line (matting-studio) to PATH"; GroupDescription: "Command line:"; Flags: unchecked

[InstallDelete]
; the bundle's folder is replaced whole on upgrade (no stale libraries of an older version, or of the other variant)
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#BundleDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\Matting Studio"; Filename: "{app}\MattingStudio.exe"; Comment: "Cut people out of photos"
Name: "{autodesktop}\Matting Studio"; Filename: "{app}\MattingStudio.exe"; Tasks: desktopicon

[Registry]
; the command line on PATH: HKCU for a per-user install, HKLM for all users
Root: HKCU; Subkey: "Environment"; ValueType: expandsz; ValueName: "Path"; ValueData: "{olddata};{app}"; \
  Tasks: addtopath; Check: (not IsAdminInstallMode) and NeedsAddPath(ExpandConstant('{app}'))
Root: HKLM; Subkey: "SYSTEM\CurrentControlSet\Control\Session Manager\Environment"; ValueType: expandsz; \
  ValueName: "Path"; ValueData: "{olddata};{app}"; \
  Tasks: addtopath; Check: IsAdminInstallMode and NeedsAddPath(ExpandConstant('{app}'))

[Run]
Filename: "{app}\MattingStudio.exe"; Description: "{cm:LaunchProgram,Matting Studio}"; Flags: nowait postinstall skipifsilent

[Code]
function PathKey(var Root: Integer): String;
begin
  if IsAdminInstallMode then begin
    Root := HKEY_LOCAL_MACHINE;
    Result := 'SYSTEM\CurrentControlSet\Control\Session Manager\Environment';
  end else begin
    Root := HKEY_CURRENT_USER;
    Result := 'Environment';
  end;
end;

function NeedsAddPath(Dir: String): Boolean;
var
  Root: Integer;
  Key, Paths: String;
begin
  Key := PathKey(Root);
  if not RegQueryStringValue(Root, Key, 'Path', Paths) then begin
    Result := True;
    exit;
  end;
  Result := Pos(';' + Uppercase(Dir) + ';', ';' + Uppercase(Paths) + ';') = 0;
end;

procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
var
  Root, P: Integer;
  Key, Paths, Dir: String;
begin
  { take the install folder off PATH again (if the task had put it there) }
  if CurUninstallStep <> usPostUninstall then exit;
  Key := PathKey(Root);
  Dir := ExpandConstant('{app}');
  if not RegQueryStringValue(Root, Key, 'Path', Paths) then exit;
  P := Pos(';' + Uppercase(Dir), Uppercase(Paths));
  if P = 0 then exit;
  Delete(Paths, P, Length(Dir) + 1);
  RegWriteExpandStringValue(Root, Key, 'Path', Paths);
end;
