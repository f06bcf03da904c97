#!/usr/bin/env bash
# Linux release archive from a built bundle: dist/MattingStudio-<version>-linux-<arch>.tar.gz
#
#   packaging/make_tarball.sh [BUNDLE_DIR] [OUT_DIR]      (defaults: dist/MattingStudio, dist)
#
# The archive unpacks to MattingStudio-<version>/: the bundle (MattingStudio, matting-studio, _internal/), install.sh
# (per-user install with a menu entry and icon), share/applications/matting-studio.desktop, share/icons/ (SVG and
# PNG sizes rendered from resources/icons at packaging time) and README.txt. Build the bundle first (make bundle).
set -euo pipefail
cd "$(dirname "$0")/.."
BUNDLE=${1:-dist/MattingStudio}
OUT=${2:-dist}
PY=${PYTHON:-.venv/bin/python}
[ -x "$BUNDLE/matting-studio" ] || { echo "no bundle at $BUNDLE: run make bundle first" >&2; exit 1; }

VERSION=$(env -i PATH=/usr/bin:/bin "$BUNDLE/matting-studio" --version | awk '{print $2}')
ARCH=$(uname -m)
NAME="MattingStudio-$VERSION"
STAGE=$(mktemp -d "${TMPDIR:-/tmp}/ms-tarball.XXXXXX")
trap 'rm -rf "$STAGE"' EXIT
ROOT="$STAGE/$NAME"

mkdir -p "$ROOT/share/applications" "$ROOT/share/icons"
cp -a "$BUNDLE/." "$ROOT/"
cp packaging/linux/install.sh "$ROOT/install.sh"
cp packaging/linux/matting-studio.desktop "$ROOT/share/applications/"
cp resources/icons/matting-studio.svg "$ROOT/share/icons/"
"$PY" packaging/make_icons.py "$STAGE/icons" >/dev/null
cp "$STAGE"/icons/matting-studio-*.png "$ROOT/share/icons/"
cat > "$ROOT/README.txt" <<TXT
Matting Studio $VERSION for Linux ($ARCH)

Run it from this folder:   ./MattingStudio            (the app)
                           ./matting-studio --help    (the command line)
Install it for yourself:   ./install.sh               (menu entry, icon, ~/.local/bin/matting-studio)
Remove it:                 ./install.sh --uninstall

Nothing else is needed: no Python, no download. Your models and settings live in ~/.local/share/MattingStudio,
~/.cache/MattingStudio and ~/.config/MattingStudio (or \$MATTING_STUDIO_HOME when set).
TXT

mkdir -p "$OUT"
ARCHIVE="$OUT/$NAME-linux-$ARCH.tar.gz"
if command -v pigz >/dev/null 2>&1; then COMPRESS="pigz -6"; else COMPRESS="gzip -6"; fi
tar -C "$STAGE" -cf - "$NAME" | $COMPRESS > "$ARCHIVE.part"
mv "$ARCHIVE.part" "$ARCHIVE"
echo "$ARCHIVE  $(du -m "$ARCHIVE" | cut -f1) MiB (unpacked $(du -sm "$ROOT" | cut -f1) MiB)"
