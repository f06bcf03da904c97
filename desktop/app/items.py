"""The images of an opened folder and their state, as plain data (no Qt): what the thumbnail strip shows.

An ``ImageItem`` is one photo: its status (waiting, running, done, edited, failed), the reason it failed, and the
backend chosen for it when it differs from the folder's. ``Project`` is the list of items of what was opened.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from backends.scan import ScanError, Skipped, scan_inputs

WAITING, RUNNING, DONE, EDITED, FAILED = "waiting", "running", "done", "edited", "failed"


@dataclass
class ImageItem:
    path: Path
    status: str = WAITING
    error: str = ""
    backend_id: str | None = None  # None: the project's backend

    @property
    def name(self) -> str:
        return self.path.name


@dataclass
class Project:
    """What was opened: the items in order, and the backend used for items that do not pick their own."""

    items: list[ImageItem] = field(default_factory=list)
    backend_id: str = ""
    roots: list[Path] = field(default_factory=list)
    #: files found beside the photos that cannot be opened (unsupported type, broken link...), with the reason
    not_read: list[Skipped] = field(default_factory=list)

    @classmethod
    def from_paths(cls, paths: list[Path], backend_id: str = "") -> Project:
        """Every image found in ``paths`` (files, or folders searched recursively), each once, in order."""
        found, not_read = [], []
        seen = set()
        for path in paths:
            try:
                scan = scan_inputs([Path(path)])
            except ScanError:
                continue
            not_read.extend(scan.skipped)
            for image in scan.found:
                key = image.source.resolve()
                if key not in seen:
                    seen.add(key)
                    found.append(ImageItem(image.source))
        return cls(found, backend_id, [Path(p) for p in paths], not_read)

    def __len__(self) -> int:
        return len(self.items)

    def backend_for(self, item: ImageItem) -> str:
        return item.backend_id or self.backend_id

    def index_of(self, path: Path) -> int:
        for i, item in enumerate(self.items):
            if item.path == path:
                return i
        return -1
