"""Finding a batch's input photos: folders searched recursively, and every file that is NOT read named with why.

Links are followed (a folder reached twice through a link loop is scanned once); broken links, unsupported types,
hidden images and unreadable folders are listed as skipped with the reason, so a photographer learns about the
HEIC or GIF that was left out instead of missing it later. The output folder is never scanned as input: when it
lies inside an input folder it is left out, and when it is the input folder itself, the files this app wrote
there (they carry our ``Software`` tag) are left out, so a second run never cuts out its own cut-outs.
"""
from __future__ import annotations

import os
import stat
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .imaging.reader import is_image_file
from .imaging.atomic import is_temporary
from .imaging.writer import OUTPUT_SUFFIXES, is_own_output


@dataclass(frozen=True)
class Found:
    source: Path
    relative: Path  # below the folder it was found in (a file given by itself: just its name)


@dataclass(frozen=True)
class Skipped:
    path: Path
    reason: str


@dataclass
class Scan:
    found: list[Found] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    #: files left out because this app wrote them (the output folder, our outputs, our temporaries)
    own_files: int = 0


class ScanError(ValueError):
    """An input does not exist; the message is for the user."""


def scan_inputs(inputs: Iterable[Path], out_dir: Path | None = None) -> Scan:
    """Every image under ``inputs`` (files, or folders searched recursively), in a stable order."""
    scan = Scan()
    out_real = _real(out_dir) if out_dir is not None else None
    for root in inputs:
        root = Path(root)
        if root.is_dir():
            _scan_folder(root, out_real, scan)
        elif root.is_file():
            scan.found.append(Found(root, Path(root.name)))
        elif root.is_symlink():
            raise ScanError(f"{root}: a broken link (what it points to does not exist)")
        elif root.exists():
            raise ScanError(f"{root}: not a file or folder")
        else:
            raise ScanError(f"{root}: no such file or folder")
    return scan


def _real(path: Path) -> Path:
    try:
        return Path(os.path.realpath(path))
    except OSError:
        return Path(path).absolute()


def _scan_folder(root: Path, out_real: Path | None, scan: Scan) -> None:
    seen: set[tuple[int, int]] = set()
    found: list[Found] = []
    pending = [root]
    while pending:
        folder = pending.pop()
        try:
            st = folder.stat()
        except OSError as exc:
            scan.skipped.append(Skipped(folder, f"cannot open the folder ({exc.strerror or exc})"))
            continue
        if (st.st_dev, st.st_ino) in seen:
            scan.skipped.append(Skipped(folder, "a link back to a folder already scanned (link loop)"))
            continue
        seen.add((st.st_dev, st.st_ino))
        real = _real(folder)
        if out_real is not None and real == out_real and folder != root:
            scan.own_files += 1  # the output folder inside an input folder: never input
            continue
        own_folder = out_real is not None and real == out_real
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as exc:
            scan.skipped.append(Skipped(folder, f"cannot open the folder ({exc.strerror or exc})"))
            continue
        for entry in entries:
            path = Path(entry.path)
            if is_temporary(entry.name):
                scan.own_files += 1  # our temporary files
                continue
            try:
                mode = os.stat(entry.path).st_mode  # follows links
            except FileNotFoundError:
                if entry.is_symlink():
                    scan.skipped.append(Skipped(path, "a broken link (what it points to does not exist)"))
                continue
            except OSError as exc:
                if entry.is_symlink():  # e.g. a link pointing at itself
                    scan.skipped.append(Skipped(path, f"a link that cannot be followed ({exc.strerror or exc})"))
                else:
                    scan.skipped.append(Skipped(path, f"cannot read it ({exc.strerror or exc})"))
                continue
            if stat.S_ISDIR(mode):
                if not entry.name.startswith("."):  # hidden folders (.git, .thumbnails...) are not photos
                    pending.append(path)
                continue
            if not stat.S_ISREG(mode):
                scan.skipped.append(Skipped(path, "not a regular file"))
                continue
            if entry.name.startswith("."):
                if is_image_file(path.with_name(entry.name.lstrip("."))):
                    scan.skipped.append(Skipped(path, "a hidden file (its name starts with '.')"))
                continue
            if not is_image_file(path):
                suffix = path.suffix.lower()
                what = f"{suffix} files are not a supported image type" if suffix else "no file extension"
                scan.skipped.append(Skipped(path, what))
                continue
            if own_folder and path.suffix.lower() in OUTPUT_SUFFIXES and is_own_output(path):
                scan.own_files += 1  # a cut-out written by this app into the input folder itself
                continue
            found.append(Found(path, path.relative_to(root)))
    found.sort(key=lambda f: f.relative.parts)
    scan.found.extend(found)
