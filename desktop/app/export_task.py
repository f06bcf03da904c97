"""Export: each image rendered with ``backends.cutout.render`` into a chosen folder under a naming pattern (no Qt).

The matte of each image is its edit when it has one, else the cached matte of its backend, else computed now.
Outputs are written atomically (``backends.imaging.writer.atomic_write``); one file that fails is reported and
the others go on. The pattern may use ``{stem}`` (file name without extension), ``{index}`` (1, 2, ...),
``{index:03d}``, ``{backend}`` and ``{format}``; the extension comes from the format.
"""
from __future__ import annotations

import string
from dataclasses import dataclass
from pathlib import Path

from backends.cutout import ExportOptions, render
from backends.imaging.reader import read_image
from backends.imaging.writer import atomic_write

from . import matte_store
from .tasks import compute_matte

FIELDS = ("stem", "index", "backend", "format")
DEFAULT_PATTERN = "{stem}"


@dataclass(frozen=True)
class ExportSettings:
    folder: Path
    options: ExportOptions
    pattern: str = DEFAULT_PATTERN
    overwrite: bool = True


@dataclass(frozen=True)
class ExportItem:
    path: Path
    backend_id: str


@dataclass(frozen=True)
class Exported:
    """One file's outcome: ``output`` is None when it failed (``error`` says why)."""

    index: int
    total: int
    path: Path
    output: Path | None
    error: str = ""


def check_pattern(pattern: str) -> str:
    """The pattern if it is usable, else a ValueError saying what is wrong."""
    if not pattern.strip():
        raise ValueError("the naming pattern is empty")
    if "/" in pattern or "\\" in pattern:
        raise ValueError("the naming pattern cannot hold a folder separator")
    for _text, name, _spec, _conv in string.Formatter().parse(pattern):
        if name is not None and name not in FIELDS:
            raise ValueError(f"unknown field {{{name}}} in the naming pattern; use {', '.join(FIELDS)}")
    output_name(pattern, Path("photo.jpg"), 1, "auto", "png")
    return pattern


def output_name(pattern: str, path: Path, index: int, backend_id: str, fmt: str) -> str:
    return pattern.format(stem=path.stem, index=index, backend=backend_id, format=fmt).strip() or path.stem


def plan_outputs(items: list[ExportItem], settings: ExportSettings) -> list[Path]:
    """One output path per item; names that collide get ``-2``, ``-3``... so no export overwrites another."""
    taken: set[Path] = set()
    outputs = []
    for i, item in enumerate(items, 1):
        stem = output_name(settings.pattern, item.path, i, item.backend_id, settings.options.fmt)
        out = settings.folder / f"{stem}{settings.options.suffix}"
        n = 2
        while out in taken:
            out = settings.folder / f"{stem}-{n}{settings.options.suffix}"
            n += 1
        taken.add(out)
        outputs.append(out)
    return outputs


def export_images(items: list[ExportItem], settings: ExportSettings):
    """Generator: yields an ``Exported`` per image; returns the list of them."""
    check_pattern(settings.pattern)
    outputs = plan_outputs(items, settings)
    done = []
    for i, (item, out) in enumerate(zip(items, outputs), 1):
        try:
            picture = read_image(item.path)
            trimap, alpha = matte_store.load_edit(item.path)
            if alpha is None or alpha.shape != picture.rgb.shape[:2]:
                alpha = matte_store.load_matte(item.path, item.backend_id)
            if alpha is None or alpha.shape != picture.rgb.shape[:2]:
                alpha = compute_matte(picture, item.backend_id, trimap)
                matte_store.save_matte(item.path, item.backend_id, alpha, picture.bit_depth)
            atomic_write(out, render(picture, alpha, settings.options), overwrite=settings.overwrite)
            result = Exported(i, len(items), item.path, out)
        except Exception as exc:  # reported per file; the export goes on
            result = Exported(i, len(items), item.path, None, str(exc) or type(exc).__name__)
        done.append(result)
        yield result
    return done
