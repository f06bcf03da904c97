#!/bin/sh
# Matting Studio for Linux: installs this unpacked folder for the current user (no root needed).
#
#   ./install.sh               copy to ~/.local/opt/MattingStudio, add `matting-studio` to ~/.local/bin and the app
#                              to the desktop's menu (~/.local/share/applications) with its icon
#   ./install.sh --prefix DIR  install under DIR instead of ~/.local (e.g. sudo ./install.sh --prefix /usr/local)
#   ./install.sh --uninstall   remove what was installed (your models and settings stay; see README "Install")
#
# The folder also runs where it is, without installing: ./MattingStudio (the app) or ./matting-studio (command line).
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
PREFIX="${HOME}/.local"
ACTION=install
while [ $# -gt 0 ]; do
  case "$1" in
    --prefix) PREFIX="$2"; shift 2 ;;
    --uninstall) ACTION=uninstall; shift ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
    *) echo "unknown option: $1" >&2; exit 2 ;;
  esac
done
APPDIR="$PREFIX/opt/MattingStudio"
BIN="$PREFIX/bin"
APPS="$PREFIX/share/applications"
ICONS="$PREFIX/share/icons/hicolor"

remove() {
  rm -rf "$APPDIR"
  rm -f "$BIN/matting-studio" "$BIN/matting-studio-gui" "$APPS/matting-studio.desktop"
  rm -f "$ICONS/scalable/apps/matting-studio.svg"
  for size in 16 24 32 48 64 128 256; do rm -f "$ICONS/${size}x${size}/apps/matting-studio.png"; done
}

refresh() {
  command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database -q "$APPS" || true
  command -v gtk-update-icon-cache >/dev/null 2>&1 && gtk-update-icon-cache -q -t "$ICONS" 2>/dev/null || true
}

if [ "$ACTION" = uninstall ]; then
  remove
  refresh
  echo "Matting Studio removed from $PREFIX (models and settings are kept)."
  exit 0
fi

[ -x "$HERE/MattingStudio" ] || { echo "run install.sh from the unpacked MattingStudio folder" >&2; exit 1; }
[ "$HERE" != "$(mkdir -p "$APPDIR" && cd "$APPDIR" && pwd)" ] || { echo "already installed in $APPDIR" >&2; exit 1; }
remove
mkdir -p "$APPDIR" "$BIN" "$APPS" "$ICONS/scalable/apps"
cp -a "$HERE/." "$APPDIR/"
ln -sf "$APPDIR/matting-studio" "$BIN/matting-studio"
ln -sf "$APPDIR/MattingStudio" "$BIN/matting-studio-gui"
cp "$HERE/share/icons/matting-studio.svg" "$ICONS/scalable/apps/matting-studio.svg"
for png in "$HERE"/share/icons/matting-studio-*.png; do
  size=$(basename "$png" .png | sed 's/.*-//')
  mkdir -p "$ICONS/${size}x${size}/apps"
  cp "$png" "$ICONS/${size}x${size}/apps/matting-studio.png"
done
sed -e "s|^Exec=MattingStudio|Exec=\"$APPDIR/MattingStudio\"|" -e "s|^TryExec=MattingStudio|TryExec=$APPDIR/MattingStudio|" \
  "$HERE/share/applications/matting-studio.desktop" > "$APPS/matting-studio.desktop"
refresh
echo "Matting Studio installed in $APPDIR"
echo "  menu: Graphics > Matting Studio; command line: $BIN/matting-studio (is $BIN on your PATH?)"
