"""The frozen app (PyInstaller bundle): runs packaging/smoke_test.py against an existing bundle.

The bundle is not built here (``make bundle`` takes minutes and about 1.7 GB): the test runs when
``MATTING_STUDIO_BUNDLE`` names a bundle folder (e.g. ``dist/MattingStudio``) and is skipped otherwise, so a stale
local build never fails ``make test``. CI builds the bundle and runs the smoke test itself (.ci/run).
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
REFERENCE = Path(os.environ.get("MATTING_STUDIO_SHARED", REPO.parent / "shared")) / "reference"

pytestmark = pytest.mark.slow


def _bundle() -> Path:
    named = os.environ.get("MATTING_STUDIO_BUNDLE")
    if not named:
        pytest.skip("set MATTING_STUDIO_BUNDLE to a bundle folder (after `make bundle`: dist/MattingStudio)")
    bundle = Path(named)
    exe = bundle / ("matting-studio.exe" if os.name == "nt" else "matting-studio")
    if not exe.is_file():
        pytest.skip(f"MATTING_STUDIO_BUNDLE={named} has no {exe.name}")
    return bundle


def test_frozen_app_smoke(tmp_path):
    bundle = _bundle()
    checkpoint = REFERENCE / "official-format" / "modnet-mobilenetv2.pdparams"
    proc = subprocess.run([sys.executable, str(REPO / "packaging" / "smoke_test.py"), str(bundle),
                           "--checkpoint", str(checkpoint), "--out", str(tmp_path / "smoke")],
                          capture_output=True, text=True, timeout=1800)
    print(proc.stdout)
    assert proc.returncode == 0, proc.stdout[-6000:] + proc.stderr[-3000:]
    assert "0 failed" in proc.stdout.splitlines()[-1]
