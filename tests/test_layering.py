"""Architecture rules: the compute layers never import Qt or the app, and listing backends loads no framework."""
from __future__ import annotations

import ast
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
QT = ("PySide6", "PyQt5", "PyQt6", "qtpy", "qtawesome", "shiboken6")


def test_import_linter_contracts_hold():
    exe = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    if exe is None:
        pytest.skip("import-linter is not installed (pip install -e '.[test]')")
    run = subprocess.run([exe], cwd=REPO, capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "BROKEN" not in run.stdout and "KEPT" in run.stdout


def test_no_qt_import_anywhere_in_compute_packages():
    """Also catches imports inside functions, which an import graph may not show."""
    offenders = []
    for package in ("backends", "training"):
        for path in (REPO / package).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(), str(path))):
                names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                    [node.module or ""] if isinstance(node, ast.ImportFrom) else []
                offenders += [f"{path.relative_to(REPO)}: {n}" for n in names if n.split(".")[0] in QT]
    assert offenders == []


def test_listing_backends_imports_no_framework():
    code = ("import sys, json; from backends import registry; entries = registry.list_backends(); "
            "print(json.dumps({'ids': [e.id for e in entries], "
            "'loaded': [m for m in ('paddle', 'mediapipe', 'PySide6', 'pymatting') if m in sys.modules]}))")
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True)
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert "auto" in result["ids"] and "closed-form" in result["ids"]
    assert result["loaded"] == []
