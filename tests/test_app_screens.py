"""Real windows under Xvfb: the main screens and dialogs are screenshotted from the X server and chosen pixels
checked, so a blank, black or broken window fails (the script is ``tests/app_screens_script.py``)."""
from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

from xvfb import run_under_xvfb

SCRIPT = Path(__file__).resolve().parent / "app_screens_script.py"
WINDOW = [37, 38, 41]  # theme.DARK_WINDOW
CANVAS = [22, 23, 25]  # theme.CANVAS_DARK
BLUE = [0, 0, 255]


def run_script(out: Path, language: str = "en") -> dict:
    env = {"MATTING_STUDIO_HOME": os.environ["MATTING_STUDIO_HOME"], "APP_LANGUAGE": language,
           "MATTING_STUDIO_SETTINGS": str(out / "settings.ini")}
    try:
        run = run_under_xvfb([sys.executable, str(SCRIPT), str(out)], timeout=180, env=env)
    except RuntimeError as exc:
        pytest.skip(str(exc))
    assert run.returncode == 0, run.stderr[-3000:]
    return json.loads(run.stdout.strip().splitlines()[-1])


def close(a, b, tol=12):
    return all(abs(x - y) <= tol for x, y in zip(a, b))


@pytest.mark.slow
def test_main_screens_and_dialogs_on_a_real_display(tmp_path):
    r = run_script(tmp_path)
    assert r["platform"] == "xcb"
    comp = r["composite"]
    assert comp["size"] == [1200, 760]
    assert comp["window"] == WINDOW and comp["canvas"] == CANVAS  # dark theme, not a blank window
    assert comp["bg"] == BLUE  # the chosen colour behind the subject
    assert comp["subject"][0] > 180 and comp["subject"][2] < 80  # the red disc
    assert r["alpha"]["bg"] == [0, 0, 0] and r["alpha"]["subject"] == [255, 255, 255]
    # brush overlay: background tinted blue-ish, foreground tinted red-ish, both differ from the plain composite
    assert r["brush"]["bg"] != comp["bg"] and r["brush"]["subject"] != comp["subject"]
    assert r["split"]["right"] == BLUE and r["split"]["left"] != BLUE  # before | after
    for name in ("export", "preferences", "models"):
        dialog = r[name]
        assert dialog["corner"] == WINDOW, name
        assert dialog["colours"] > 20, f"the {name} dialog looks blank"
    for name in ("main-composite", "main-alpha", "main-brush", "main-split", "dialog-export", "dialog-models"):
        assert (tmp_path / f"{name}.png").stat().st_size > 5000


@pytest.mark.slow
def test_simplified_chinese_ui(tmp_path):
    r = run_script(tmp_path, "zh_CN")
    assert r["title"] == "文件(&F)"
    assert r["composite"]["bg"] == BLUE
