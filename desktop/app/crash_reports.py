"""Crash reports of the desktop app: what a native crash leaves behind, and telling the user at the next start.

A segmentation fault inside a framework ends the process at once, with no dialog and no Python exception. While
the app runs, ``backends.fault_trace`` is armed to write every thread's stack to ``running-<pid>.log`` in the
``crash-reports`` folder of the app's data; a clean exit deletes that file (it is empty). At the next start a
non-empty one is kept as ``crash-<date>.log`` (the newest ``KEEP`` are kept) and the window says where it is.
No Qt here: ``main`` shows the message.
"""
from __future__ import annotations

import os
import time
from pathlib import Path
from typing import IO

from backends import fault_trace

#: crash reports kept
KEEP = 5


class CrashReports:
    def __init__(self, folder: Path):
        self.folder = Path(folder)
        self._file: IO[str] | None = None
        self._path: Path | None = None

    def start(self) -> Path | None:
        """Arm the crash trace for this run; the report the last crashed run left (kept under a dated name), or
        None. A folder that cannot be written leaves the trace on standard error."""
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            previous = self._keep_reports()
            self._path = self.folder / f"running-{os.getpid()}.log"
            self._file = open(self._path, "w", encoding="utf-8")  # noqa: SIM115 - open until stop()
        except OSError:
            fault_trace.enable()
            return None
        fault_trace.enable(self._file)
        return previous

    def stop(self) -> None:
        """A clean exit: disarm the trace and delete this run's (empty) file."""
        fault_trace.disable()
        if self._file is not None:
            self._file.close()
            self._file = None
        if self._path is not None:
            try:
                if self._path.stat().st_size == 0:
                    self._path.unlink()
            except OSError:
                pass

    def _keep_reports(self) -> Path | None:
        """Rename the non-empty ``running-*.log`` files of earlier runs (only a crash writes in them) to dated
        reports, drop the oldest beyond KEEP, and return the newest report made now."""
        newest = None
        for path in sorted(self.folder.glob("running-*.log"), key=lambda p: p.stat().st_mtime):
            if path.stat().st_size == 0:
                # a run still going, or one killed without a trace (SIGKILL, power cut): the latter's file goes
                if _ended(path):
                    path.unlink(missing_ok=True)
                continue
            stamp = time.strftime("%Y%m%d-%H%M%S", time.localtime(path.stat().st_mtime))
            target = self.folder / f"crash-{stamp}.log"
            n = 2
            while target.exists():
                target = self.folder / f"crash-{stamp}-{n}.log"
                n += 1
            path.replace(target)
            newest = target
        reports = sorted(self.folder.glob("crash-*.log"), key=lambda p: p.stat().st_mtime)
        for old in reports[:-KEEP]:
            old.unlink()
        return newest


def _ended(path: Path) -> bool:
    """Whether the process that ``running-<pid>.log`` belongs to has ended (POSIX; on Windows never assumed)."""
    if os.name != "posix":
        return False
    try:
        pid = int(path.stem.split("-", 1)[1])
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except (ValueError, IndexError, OSError):
        return False
    return False
