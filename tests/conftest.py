"""Shared test fixtures: where the read-only reference data lives, and generated images."""
from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

REPO = Path(__file__).resolve().parents[1]
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
