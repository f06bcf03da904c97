"""Folders that appear complete or not at all: written in a temporary sibling, then swapped into place.

``write_dir(dest, write)`` runs ``write(tmp)`` in a hidden sibling of ``dest`` and puts the finished folder at
``dest`` with ``replace_dir``; ``remove_dir`` renames a folder away before deleting it. The model store, the export
cache, training checkpoints and exported models all land this way.

``replace_dir(tmp, dest)`` never leaves ``dest`` missing: on Linux (``renameat2(RENAME_EXCHANGE)``) and macOS
(``renamex_np(RENAME_SWAP)``) the new folder and the old one trade places in one atomic step, so a reader sees the
old folder or the new one and a crash at any point leaves one of them at ``dest``. Where the system cannot swap
folders (Windows, some network file systems) the old folder is first renamed to a backup beside ``dest``; an
exception in between puts it back at once, and a process killed in between leaves the backup, which the next
``replace_dir`` or ``recover_dir`` of that destination restores before doing anything else.
"""
from __future__ import annotations

import ctypes
import errno
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable

__all__ = ["write_dir", "replace_dir", "remove_dir", "recover_dir"]

_BACKUP = ".old-"  # ".<name>.old-<pid>-<ns>": the old folder while the fallback moves the new one in


def write_dir(dest: str | Path, write: Callable[[Path], None],
              keep: Callable[[Path], bool] | None = None) -> Path:
    """Run ``write(tmp)`` in a new hidden sibling of ``dest``, then put it at ``dest`` (replacing what is there).

    With ``keep``, an existing ``dest`` for which ``keep(dest)`` is true (e.g. another process finished the same
    cache entry first) stays, and the new folder is dropped. Nothing is left behind when ``write`` raises.
    """
    dest = Path(dest)
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{dest.name}.", suffix=".tmp", dir=dest.parent))
    try:
        write(tmp)
        if keep is None or not (dest.exists() and keep(dest)):
            replace_dir(tmp, dest)
    finally:
        if tmp.exists():  # write failed, or the folder was kept, or the old one came back here to be deleted
            shutil.rmtree(tmp, ignore_errors=True)
    return dest


def replace_dir(tmp: str | Path, dest: str | Path) -> None:
    """Put the finished folder ``tmp`` at ``dest``, replacing any old ``dest``; ``dest`` is never missing."""
    tmp, dest = Path(tmp), Path(dest)
    recover_dir(dest)
    try:
        os.rename(tmp, dest)  # nothing there yet: one atomic step
        return
    except OSError as exc:
        if exc.errno not in (errno.EEXIST, errno.ENOTEMPTY, errno.EACCES, errno.EPERM) or not dest.exists():
            raise
    if _exchange(tmp, dest):  # tmp now holds the old folder
        shutil.rmtree(tmp, ignore_errors=True)
        return
    backup = dest.with_name(f".{dest.name}{_BACKUP}{os.getpid()}-{time.time_ns()}")
    os.replace(dest, backup)
    try:
        os.replace(tmp, dest)
    except BaseException:
        os.replace(backup, dest)
        raise
    shutil.rmtree(backup, ignore_errors=True)


def recover_dir(dest: str | Path) -> bool:
    """Tidy what a killed ``replace_dir`` left beside ``dest``: put the old folder back when ``dest`` is missing,
    delete it when ``dest`` is there. Returns whether ``dest`` was put back."""
    dest = Path(dest)
    if not dest.parent.is_dir():
        return False
    prefix = f".{dest.name}{_BACKUP}"
    backups = sorted((p for p in dest.parent.iterdir() if p.name.startswith(prefix) and p.is_dir()),
                     key=lambda p: p.stat().st_mtime_ns)
    restored = False
    if backups and not dest.exists():
        try:
            os.rename(backups.pop(), dest)
            restored = True
        except OSError:  # another process restored it, or wrote a new one, first
            pass
    for stale in backups:
        shutil.rmtree(stale, ignore_errors=True)
    return restored


def remove_dir(path: str | Path) -> None:
    """Delete a folder, renamed away first so that nobody sees it half-deleted."""
    path = Path(path)
    if not path.exists():
        return
    trash = path.with_name(f".{path.name}.{os.getpid()}.{time.time_ns()}.del")
    try:
        os.replace(path, trash)
        path = trash
    except OSError:
        pass
    shutil.rmtree(path, ignore_errors=True)


# ------------------------------------------------------------------------------------------- atomic exchange

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2  # linux/fs.h
_RENAME_SWAP = 2  # macOS stdio.h
_UNSUPPORTED = {errno.ENOSYS, errno.EINVAL, errno.EXDEV, getattr(errno, "ENOTSUP", -1),
                getattr(errno, "EOPNOTSUPP", -1)}
_swap: Callable[[bytes, bytes], int] | None = None
_swap_known = False


def _swap_function() -> Callable[[bytes, bytes], int] | None:
    """The C library's atomic swap of two paths, or None where there is none."""
    global _swap, _swap_known
    if not _swap_known:
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            if sys.platform.startswith("linux") and hasattr(libc, "renameat2"):
                fn = libc.renameat2
                _swap = lambda a, b: fn(_AT_FDCWD, a, _AT_FDCWD, b, _RENAME_EXCHANGE)  # noqa: E731
            elif sys.platform == "darwin" and hasattr(libc, "renamex_np"):
                fn = libc.renamex_np
                _swap = lambda a, b: fn(a, b, _RENAME_SWAP)  # noqa: E731
        except OSError:  # no C library to load (e.g. Windows)
            _swap = None
        _swap_known = True
    return _swap


def _exchange(a: Path, b: Path) -> bool:
    """Swap the folders at ``a`` and ``b`` in one atomic step; False where the system or file system cannot."""
    swap = _swap_function()
    if swap is None:
        return False
    if swap(os.fsencode(a), os.fsencode(b)) == 0:
        return True
    err = ctypes.get_errno()
    if err in _UNSUPPORTED:
        return False
    raise OSError(err, os.strerror(err), str(b))
