"""Export: the chosen images cut out into a folder under a naming pattern, by the batch engine (no Qt).

It is one call of ``backends.batch.run_batch``, the engine the CLI uses: the same stages, atomic writes, cancel
and failure reports. Only two things are the app's own: each image's matte comes from ``tasks.current_matte``
(the user's edit, else the cached matte of its backend, else computed now), and outputs are named by a pattern
that may use ``{stem}`` (file name without extension), ``{index}`` (1, 2, ...), ``{index:03d}``, ``{backend}`` and
``{format}``; the extension comes from the format. Names that clash are made unique by ``backends.naming``, the
CLI's rule, and an export never replaces one of the photos it reads.
"""
from __future__ import annotations

import string
import threading
from dataclasses import dataclass
from pathlib import Path

from backends.batch import Job, JobResult, run_batch
from backends.contract import BackendOptions
from backends.cutout import ExportOptions
from backends.imaging.reader import Picture
from backends.naming import unique_paths

from .tasks import current_matte

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
    """One file's outcome: ``output`` is None when it was not written (``error`` says why)."""

    index: int  # how many files are finished, this one included
    total: int
    path: Path
    output: Path | None
    error: str = ""
    status: str = "done"  # as the engine says: done, skipped, failed or cancelled


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
    """One output path per item, all different, none of them one of the photos exported."""
    wanted = [settings.folder / f"{output_name(settings.pattern, item.path, i, item.backend_id, settings.options.fmt)}"
                                f"{settings.options.suffix}" for i, item in enumerate(items, 1)]
    return unique_paths(wanted, reserved=[item.path for item in items])


def export_images(items: list[ExportItem], settings: ExportSettings, options: BackendOptions | None = None,
                  state=None) -> list[Exported]:
    """Export every item; reports an ``Exported`` per file through ``state.progress`` as each finishes, and returns
    them all in the items' order."""
    check_pattern(settings.pattern)
    outputs = plan_outputs(items, settings)
    jobs = [Job(item.path, out, Path(item.path.name)) for item, out in zip(items, outputs)]
    backend_of = {job: item.backend_id for job, item in zip(jobs, items)}
    cancel = state.cancel_event if state is not None else threading.Event()
    done: list[Exported] = []

    def matte_of(job: Job, picture: Picture):
        return current_matte(job.source, picture, backend_of[job], options)[0]

    def on_event(kind: str, job: Job, result: JobResult | None) -> None:
        if kind != "end" or result is None:
            return
        written = result.status == "done"
        exported = Exported(len(done) + 1, len(jobs), job.source, job.output if written else None,
                            "" if written else (result.error or result.status), result.status)
        done.append(exported)
        if state is not None:
            state.progress(exported)

    run_batch(jobs, matte_of, settings.options, overwrite=settings.overwrite, cancel=cancel, on_event=on_event)
    order = {job.source: i for i, job in enumerate(jobs)}
    return sorted(done, key=lambda e: order[e.path])
