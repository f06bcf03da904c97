"""The app on a real X display (Xvfb) with real key presses (xdotool) and screenshots from the X server: redo
and brush keys with X11's own key bindings, the before/after view with a transparent background, a broken file
shown in place of the photo, the busy badge, icons re-coloured by a live switch to the light theme, and the
one-click fixes (the subject tool's highlight and click, an edge control typed in) with their pixels on screen (the
script is ``tests/app_x11_script.py``; the screenshots are left in the test's temporary folder)."""
from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import pytest

from xvfb import run_under_xvfb

SCRIPT = Path(__file__).resolve().parent / "app_x11_script.py"
CHECKER = ([204, 204, 204], [153, 153, 153])
ACCENT = [64, 156, 255]  # theme.ACCENT


@pytest.fixture(scope="module")
def session(tmp_path_factory):
    if shutil.which("xdotool") is None:
        pytest.fail("xdotool is not installed (apt-get install xdotool; .ci/run installs it)")
    out = tmp_path_factory.mktemp("x11")
    env = {"MATTING_STUDIO_HOME": str(out / "home"), "MATTING_STUDIO_SETTINGS": str(out / "settings.ini")}
    try:
        run = run_under_xvfb([sys.executable, str(SCRIPT), str(out)], timeout=240, env=env)
    except RuntimeError as exc:
        pytest.skip(str(exc))
    assert run.returncode == 0, run.stderr[-3000:]
    result = json.loads(run.stdout.strip().splitlines()[-1])
    result["stderr"], result["out"] = run.stderr, out
    assert result["platform"] == "xcb" and result["active"]
    return result


@pytest.mark.slow
def test_redo_and_brush_keys_work_with_real_key_presses(session):
    assert "Ambiguous shortcut" not in session["stderr"], session["stderr"][-2000:]
    for keys, (before, undone, redone) in session["redo"].items():
        assert undone == before - 1 and redone == before, f"{keys}: {session['redo']}"
    assert session["brush_sizes"] == [40, 44, 40, 60, 40]  # ] and [ by 10 %, with Shift by 50 %


@pytest.mark.slow
def test_before_after_on_screen_shows_photo_then_checkerboard(session):
    split = session["split"]
    assert all(abs(a - b) <= 3 for a, b in zip(split["left"], split["photo"]))
    assert split["right"] in CHECKER


@pytest.mark.slow
def test_broken_file_error_replaces_the_photo_on_screen(session):
    broken = session["broken"]
    assert broken["photo_like"] == 0  # none of the previous photo's teal is left on the canvas
    assert broken["reddish"] > 20  # the error text, in red
    assert broken["message"].startswith("zz_broken_text.jpg cannot be opened")


@pytest.mark.slow
def test_busy_badge_on_screen_while_a_cut_out_computes(session):
    busy = session["busy"]
    assert busy["visible"] and busy["text"] == "Cutting out..." and busy["status"] == "Cutting out..."
    assert sum(busy["plate"]) < sum(busy["beside"]) - 100  # a dark plate over the photo
    assert ACCENT in busy["spinner"]  # the spinner's arc
    assert not busy["after"]  # gone once the cut-out is there


@pytest.mark.slow
def test_light_theme_recolours_toolbar_icons_live(session):
    back, icon = session["icons_dark"]
    assert back < 80 and icon > 180  # light icons on the dark theme
    back, icon = session["icons_light"]
    assert back > 180 and icon < 100, session["icons_light"]  # dark icons on the light theme, without a restart
    assert session["window_light"] == [240, 240, 242]


@pytest.mark.slow
def test_subject_tool_and_edge_controls_on_screen(session):
    fixes = session["fixes"]
    assert fixes["tool"] == "subject-remove"  # the S key
    before, hint = fixes["before"], fixes["hint"]
    assert max(abs(h - b) for h, b in zip(hint, before)) > 30, fixes  # the small disc tinted under the pointer
    assert fixes["hint_big"] == fixes["photo_big"] or abs(fixes["hint_big"][0] - fixes["photo_big"][0]) <= 3
    assert fixes["removed"] in CHECKER, fixes  # the clicked disc is out of the cut-out, on screen
    assert all(abs(a - b) <= 3 for a, b in zip(fixes["big"], fixes["photo_big"]))  # the other stays
    assert fixes["undo_steps"] == 1
    assert fixes["shift"] == -6.0 and fixes["inside_edge"] in CHECKER  # choked on screen
    assert all(abs(a - b) <= 3 for a, b in zip(fixes["big_after_choke"], fixes["photo_big"]))


def test_ctrl_drag_moves_the_background_image_on_screen(session):
    drag = session["drag"]
    assert drag["before"] == [255, 255, 255]  # centred: the wide image's white half behind the top right
    assert drag["offset"][0] == pytest.approx(-2 / 3, abs=0.03) and drag["offset"][1] == 0.0, drag
    assert drag["after"] == [0, 0, 0], drag  # moved right with the pointer: its black half is there now
    assert drag["strokes"] == session["fixes"]["undo_steps"]  # the drag painted no brush stroke
