"""Shared test fixtures: where the read-only reference data lives, and generated images."""
from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

REPO = Path(__file__).resolve().parents[1]
# one numba cache for the whole suite and its subprocesses (each test has its own MATTING_STUDIO_HOME, whose cache
# folder would make every CLI run compile the kernels again); it lives in the venv, so a fresh clone compiles once
os.environ.setdefault("NUMBA_CACHE_DIR", str(REPO / ".venv" / "numba-cache"))
SHARED = Path(os.environ.get("MATTING_STUDIO_SHARED", REPO.parent / "shared"))
REFERENCE = SHARED / "reference"
DATA = SHARED / "data"


def need(path: Path) -> Path:
    """Skip the calling test, with the reason, when a shared reference folder is absent."""
    if not path.exists():
        pytest.skip(f"{path} is absent (the read-only ../shared folder is not beside this checkout)")
    return path


@pytest.fixture(scope="session")
def reference_dir() -> Path:
    return need(REFERENCE)


@pytest.fixture(scope="session")
def data_dir() -> Path:
    return need(DATA)


@pytest.fixture(scope="session")
def reference_weights(reference_dir):
    """The ``weights`` module of the reference folder (deterministic weights from a manifest)."""
    sys.path.insert(0, str(reference_dir))
    try:
        import weights
    finally:
        sys.path.remove(str(reference_dir))
    return weights


@pytest.hookimpl(trylast=True)
def pytest_configure(config):
    """A native crash during the suite prints every thread's stack: pytest's faulthandler file, taken back from
    paddle's signal handlers whenever a test has imported paddle (``backends.fault_trace``)."""
    try:
        from _pytest.faulthandler import fault_handler_stderr_fd_key

        fd = config.stash[fault_handler_stderr_fd_key]
    except (ImportError, KeyError):  # pytest's faulthandler plugin is off (-p no:faulthandler) or has changed
        return
    from backends import fault_trace

    fault_trace.enable(fd)


@pytest.fixture(autouse=True)
def _crash_trace_rearmed():
    from backends import fault_trace

    fault_trace.rearm()
    yield
    fault_trace.rearm()


@pytest.fixture(autouse=True)
def private_home(tmp_path_factory, monkeypatch):
    """Every test gets its own MATTING_STUDIO_HOME, so no test touches the user's real folders or settings."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("MATTING_STUDIO_HOME", str(home))
    return home


@pytest.fixture(autouse=True)
def private_settings(tmp_path_factory, monkeypatch):
    """The app's QSettings go to a file in a temporary folder (never the user's preferences)."""
    folder = tmp_path_factory.mktemp("settings")
    monkeypatch.setenv("MATTING_STUDIO_SETTINGS", str(folder / "settings.ini"))
    if "PySide6.QtCore" in sys.modules:  # also any QSettings() built with the default constructor
        from PySide6.QtCore import QSettings

        QSettings.setDefaultFormat(QSettings.Format.IniFormat)
        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))
    return folder / "settings.ini"


def _mount_tmpfs(path: Path, options: str) -> bool:
    import subprocess

    path.mkdir(parents=True, exist_ok=True)
    if os.geteuid() != 0:
        return False
    return subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(path)],
                          capture_output=True).returncode == 0


def _umount(path: Path) -> None:
    import subprocess

    subprocess.run(["umount", "-l", str(path)], capture_output=True)


@pytest.fixture
def read_only_dir(tmp_path):
    """A folder nobody can write into: a read-only tmpfs as root, else a folder without write permission."""
    path = tmp_path / "read-only"
    if _mount_tmpfs(path, "ro,size=64k"):
        yield path
        _umount(path)
        return
    if os.geteuid() == 0:
        pytest.skip("root without permission to mount a read-only tmpfs: cannot make a read-only folder")
    path.chmod(0o500)
    yield path
    path.chmod(0o700)


@pytest.fixture
def full_disk_dir(tmp_path):
    """A folder on a real, tiny (64 KiB) filesystem, so writing a large file fails with ENOSPC."""
    path = tmp_path / "full-disk"
    if not _mount_tmpfs(path, "size=64k"):
        pytest.skip("cannot mount a tiny tmpfs here (needs root)")
    yield path
    _umount(path)


@pytest.fixture
def window(qtbot, monkeypatch):
    """The app's main window with the test backends (``tests/app_support``); closed, threads checked, at the end."""
    from app_support import open_window, shut

    w = open_window(qtbot, monkeypatch)
    yield w
    shut(w)
