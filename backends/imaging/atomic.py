"""Atomic file writes: a file appears under its final name only once complete, and replaces nothing unless asked.

Each write goes to a private temporary file beside the target (``.NAME.XXXXXXXX.part``), is flushed to disk and
then renamed. Without ``overwrite`` the final step is a hard link, which fails when the name exists, so two runs
writing into one folder never replace each other's files (``OutputExistsError`` says so). While a temporary file
is being written this process holds a lock on it; ``clean_stale_temporaries`` removes the ones nobody holds (left
by a killed run), and ``discard_temporaries`` removes this process's own when it is aborted.
"""
from __future__ import annotations

import errno
import os
import sys
import tempfile
import threading
import time
from pathlib import Path

TEMP_SUFFIX = ".part"
#: a temporary file younger than this is never taken for stale (its writer may be between creating and locking it,
#: a matter of microseconds); a killed run's files are removed by the next run that starts this much later
STALE_AFTER_S = 2.0


def _file_mode() -> int:
    """The mode a plain ``open()`` would give a new file (0o666 less the umask); read once, at import."""
    mask = os.umask(0o022)
    os.umask(mask)
    return 0o666 & ~mask


#: temporary files are created private (0600); the final file gets the usual permissions
FILE_MODE = _file_mode()

_live_lock = threading.Lock()
_live: set[str] = set()


class ImageWriteError(OSError):
    """An output could not be written; the message is for the user."""


class OutputExistsError(FileExistsError):
    """The output exists (written before, or by another run meanwhile) and overwriting was not asked for."""


def _lock(fd: int) -> None:
    if sys.platform != "win32":
        import fcntl

        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)


def atomic_write(path: Path, data: bytes, overwrite: bool = False) -> None:
    """Write ``data`` to ``path`` via a temporary file in the same folder and an atomic rename (or link)."""
    path = Path(path)
    if not overwrite and os.path.lexists(path):
        raise OutputExistsError(f"{path} exists (use --overwrite to replace it)")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=TEMP_SUFFIX, dir=path.parent)
    except OSError as exc:
        raise ImageWriteError(f"cannot write in {path.parent}: {exc.strerror or exc}") from None
    with _live_lock:
        _live.add(tmp)
    try:
        with os.fdopen(fd, "wb") as f:
            _lock(f.fileno())
            if hasattr(os, "fchmod"):
                os.fchmod(f.fileno(), FILE_MODE)
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        _publish(tmp, path, overwrite)
    except OutputExistsError:
        raise
    except OSError as exc:
        raise ImageWriteError(f"cannot write {path.name}: {exc.strerror or exc}") from None
    finally:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        with _live_lock:
            _live.discard(tmp)


def _publish(tmp: str, path: Path, overwrite: bool) -> None:
    """Give the complete temporary file its final name; without ``overwrite``, never replace a file."""
    if overwrite:
        os.replace(tmp, path)
        return
    try:
        os.link(tmp, path)  # fails if the name exists, atomically
        return
    except FileExistsError:
        raise OutputExistsError(f"{path} was written meanwhile (by another run?)") from None
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV, errno.EACCES,
                             errno.EMLINK, errno.ENOSYS):
            raise
    # a file system without hard links (FAT, some network shares): rename, which Windows refuses over a file
    if os.path.lexists(path):
        raise OutputExistsError(f"{path} was written meanwhile (by another run?)")
    if sys.platform == "win32":
        os.rename(tmp, path)
    else:
        os.replace(tmp, path)


def discard_temporaries() -> int:
    """Remove this process's temporary files that are still being written (an abort); returns how many."""
    with _live_lock:
        names = list(_live)
        _live.clear()
    removed = 0
    for name in names:
        try:
            os.unlink(name)
            removed += 1
        except OSError:
            pass
    return removed


def is_temporary(name: str) -> bool:
    return name.startswith(".") and name.endswith(TEMP_SUFFIX)


def clean_stale_temporaries(folder: Path) -> int:
    """Remove temporary files under ``folder`` left by runs that were killed; returns how many were removed.

    A temporary file is stale when it is older than ``STALE_AFTER_S`` and no process holds its lock (on Windows:
    when it can be deleted, which a file still open by its writer cannot).
    """
    folder = Path(folder)
    if not folder.is_dir():
        return 0
    removed = 0
    now = time.time()
    for dirpath, _dirs, files in os.walk(folder):
        for name in files:
            if not is_temporary(name):
                continue
            path = os.path.join(dirpath, name)
            with _live_lock:
                if path in _live:
                    continue
            try:
                if now - os.stat(path).st_mtime < STALE_AFTER_S or not _unheld(path):
                    continue
                os.unlink(path)
                removed += 1
            except OSError:
                continue
    return removed


def _unheld(path: str) -> bool:
    if sys.platform == "win32":
        return True  # deleting it fails while its writer has it open
    import fcntl

    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except OSError:
        return False
    finally:
        os.close(fd)
