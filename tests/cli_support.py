"""Running the real ``matting-studio`` command in a subprocess, with the test backends installed as a plugin.

The test backends of ``app_support`` (``test-disc``, ``test-slow``, ``test-crash``) are declared in a real
``*.dist-info/entry_points.txt`` on the child's PYTHONPATH, so the child discovers them as any plugin.
"""
from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def plugin_env(folder: Path, **extra: str) -> dict[str, str]:
    """An environment whose Python finds the test backends as an installed plugin distribution."""
    from app_support import TEST_BACKENDS

    dist = folder / "mstest_plugins-0.0.dist-info"
    dist.mkdir(parents=True, exist_ok=True)
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: mstest-plugins\nVersion: 0.0\n")
    lines = [f"{c.info.id} = tests.app_support:{c.__name__}" for c in TEST_BACKENDS]
    (dist / "entry_points.txt").write_text("[matting_studio.backends]\n" + "\n".join(lines) + "\n")
    path = os.pathsep.join(filter(None, [str(folder), str(REPO), os.environ.get("PYTHONPATH")]))
    return dict(os.environ, PYTHONPATH=path, PYTHONUNBUFFERED="1", **extra)


def start_cli(args: list, env: dict[str, str]) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "desktop.cli.main", *map(str, args)], env=env, cwd=REPO,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def finish(proc: subprocess.Popen, deadline: float) -> tuple[int, str]:
    """(exit code, stderr) of a running CLI; kills it and fails the test if it outlives ``deadline`` seconds."""
    try:
        _out, err = proc.communicate(timeout=deadline)
    except subprocess.TimeoutExpired:
        proc.kill()
        _out, err = proc.communicate()
        raise AssertionError(f"the CLI hung (no exit within {deadline} s); its stderr:\n{err[-3000:]}") from None
    return proc.returncode, err


def run_cli(args: list, env: dict[str, str], deadline: float = 120) -> tuple[int, str]:
    return finish(start_cli(args, env), deadline)


def wait_for(proc: subprocess.Popen, folder: Path, pattern: str, count: int, deadline: float = 60) -> None:
    """Wait until ``folder`` holds ``count`` files matching ``pattern`` (the batch is under way)."""
    end = time.monotonic() + deadline
    while time.monotonic() < end and proc.poll() is None:
        if len(list(folder.rglob(pattern))) >= count:
            return
        time.sleep(0.02)
