"""Output names: the one rule that gives every output of a batch (CLI or the app's export) its own file.

A batch decides all its output paths before any work. Each wanted path is kept when it is free; when another
output of the batch (or an input file, or a reserved path) already has it, ``-2``, ``-3``... is added to the stem
until it is free. Names are compared case-insensitively, as Windows and macOS file systems do, so ``A.png`` and
``a.png`` never end up as one file there. The rule is deterministic: the same inputs in the same order give the
same names on every run, so an interrupted batch resumes into the files it started.
"""
from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path


def name_key(path: Path) -> str:
    """How a path is compared for clashes: its absolute form, case-folded."""
    return str(Path(path).absolute()).casefold()


def unique_paths(wanted: Iterable[Path], reserved: Iterable[Path] = ()) -> list[Path]:
    """One path per wanted path, none equal to another (ignoring case) nor to a ``reserved`` one."""
    taken = {name_key(p) for p in reserved}
    out: list[Path] = []
    for path in wanted:
        path = Path(path)
        candidate, n = path, 2
        while name_key(candidate) in taken:
            candidate = path.with_name(f"{path.stem}-{n}{path.suffix}")
            n += 1
        taken.add(name_key(candidate))
        out.append(candidate)
    return out
