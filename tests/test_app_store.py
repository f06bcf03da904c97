"""The app's Qt-free parts: edit sidecars keyed by path + mtime, the matte cache, refine regions, export naming,
and "Process all" through the batch engine with pause and cancel."""
from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import numpy as np
import pytest

from app_support import make_folder, register
from backends.imaging.reader import read_image
from backends.trimap import BACKGROUND, FOREGROUND, UNKNOWN
from desktop.app import matte_store
from desktop.app.batch_task import Gate, process_all
from desktop.app.export_task import ExportItem, ExportSettings, check_pattern, export_images, plan_outputs
from desktop.app.items import Project
from desktop.app.refine import refine, region_for
from images import disc_scene, trimap_for
from backends.cutout import ExportOptions
from backends.imaging.compose import Background


class _State:
    """What a worker passes to a task: a cancel event and a progress sink."""

    def __init__(self):
        self.cancel_event = threading.Event()
        self.events = []

    def progress(self, value):
        self.events.append(value)


def test_edit_sidecar_round_trip_and_mtime_key(tmp_path, private_home):
    photo = make_folder(tmp_path / "in", 1)[0]
    trimap = np.full((120, 160), UNKNOWN, np.uint8)
    trimap[:10] = BACKGROUND
    alpha = np.linspace(0, 1, 120 * 160, dtype=np.float32).reshape(120, 160)
    folder = matte_store.save_edit(photo, trimap, alpha, "test-disc")
    assert folder.parent == private_home / "data" / "edits"
    t, a = matte_store.load_edit(photo)
    assert np.array_equal(t, trimap)
    assert np.abs(a - alpha).max() < 1e-4  # 16-bit
    assert matte_store.has_edit(photo)
    st = photo.stat()
    os.utime(photo, ns=(st.st_atime_ns, st.st_mtime_ns + 5_000_000_000))  # the photo was retouched
    assert matte_store.load_edit(photo) == (None, None)
    assert not matte_store.has_edit(photo)


def test_matte_cache_is_per_backend(tmp_path):
    photo = make_folder(tmp_path / "in", 1)[0]
    alpha = np.zeros((120, 160), np.float32)
    alpha[40:80] = 1
    matte_store.save_matte(photo, "a", alpha)
    assert np.array_equal(matte_store.load_matte(photo, "a"), alpha)
    assert matte_store.load_matte(photo, "b") is None
    assert matte_store.load_matte(tmp_path / "gone.png", "a") is None


def test_project_finds_images_once(tmp_path):
    paths = make_folder(tmp_path / "in", 3)
    (tmp_path / "in" / "notes.txt").write_text("x")
    project = Project.from_paths([tmp_path / "in", paths[0], tmp_path / "missing"], "auto")
    assert [i.path for i in project.items] == paths
    assert project.backend_for(project.items[0]) == "auto"
    project.items[1].backend_id = "other"
    assert project.backend_for(project.items[1]) == "other"


def test_region_grows_until_it_sees_both_sides():
    rgb, alpha = disc_scene(120, 160)
    trimap = trimap_for(alpha, band=4)
    # unknown painted deep inside the disc: the margin alone would see only foreground and unknown
    trimap[58:62, 78:82] = UNKNOWN
    region = region_for(trimap, (78, 58, 82, 62), margin=8)
    x0, y0, x1, y1 = region
    crop = trimap[y0:y1, x0:x1]
    assert (crop == FOREGROUND).any() and (crop == BACKGROUND).any()
    assert region_for(trimap, None) == (0, 0, 160, 120)


def test_refine_solves_only_the_region_and_matches_truth():
    rgb, alpha = disc_scene(120, 160)
    trimap = trimap_for(alpha, band=4)
    region, solved = refine(rgb, trimap, (20, 20, 60, 60))
    x0, y0, x1, y1 = region
    assert solved.shape == (y1 - y0, x1 - x0)
    assert region != (0, 0, 160, 120)
    truth = alpha[y0:y1, x0:x1]
    assert np.abs(solved - truth).mean() < 0.05


def test_export_naming(tmp_path):
    assert check_pattern("{stem}-cut") == "{stem}-cut"
    for bad in ("", "a/b", "{nope}"):
        with pytest.raises(ValueError):
            check_pattern(bad)
    settings = ExportSettings(tmp_path, ExportOptions(fmt="jpeg"), "{index:03d}_{stem}")
    items = [ExportItem(Path("x/a.png"), "auto"), ExportItem(Path("y/a.png"), "auto")]
    assert [p.name for p in plan_outputs(items, settings)] == ["001_a.jpg", "002_a.jpg"]
    same = ExportSettings(tmp_path, ExportOptions(), "{stem}")
    assert [p.name for p in plan_outputs(items, same)] == ["a.png", "a-2.png"]


def test_export_uses_the_edit_and_reports_failures(tmp_path, monkeypatch):
    register(monkeypatch)
    photos = make_folder(tmp_path / "in", 2)
    broken = tmp_path / "in" / "broken.png"
    broken.write_bytes(b"not a png")
    edited = np.zeros((120, 160), np.float32)
    edited[:, :80] = 1
    matte_store.save_edit(photos[1], None, edited, "test-disc")
    settings = ExportSettings(tmp_path / "out", ExportOptions(fmt="png", background=Background("color", (0, 0, 255)),
                                                              decontaminate=False), "{stem}_cut")
    items = [ExportItem(p, "test-disc") for p in (*photos, broken)]
    results = export_images(items, settings)
    assert [r.output.name if r.output else None for r in results] == ["photo00_cut.png", "photo01_cut.png", None]
    assert results[2].path.name == "broken.png" and "not an image" in results[2].error
    out = read_image(results[1].output).rgb
    assert tuple(out[60, 150]) == (0, 0, 255)  # the edit says background there
    assert np.abs(out[60, 10].astype(int) - read_image(photos[1]).rgb[60, 10]).max() <= 1


def test_process_all_writes_the_cache_and_skips_it_next_time(tmp_path, monkeypatch):
    register(monkeypatch)
    photos = make_folder(tmp_path / "in", 2, crash=1)
    state = _State()
    summary = process_all([("test-crash", photos)], workers=1, state=state)
    assert (summary.done, summary.failed) == (2, 1)
    ends = {e.path.name: e for e in state.events if e.kind == "end"}
    assert ends["crash02.png"].status == "failed" and "crashed" in ends["crash02.png"].error
    assert matte_store.load_matte(photos[0], "test-crash").shape == (120, 160)
    state = _State()
    assert process_all([("test-crash", photos[:2])], state=state).done == 2
    assert not [e for e in state.events if e.kind == "start"]  # cached: nothing computed again


def test_process_all_with_a_backend_that_cannot_load_marks_no_image_failed(tmp_path):
    photos = make_folder(tmp_path / "in", 2)
    state = _State()
    summary = process_all([("no-such-backend", photos)], state=state)
    assert summary.failed == 0  # a setting to change, not a fault of the photos
    [event] = state.events
    assert event.kind == "group-failed" and "unknown backend" in event.error and event.paths == tuple(photos)


def test_trimap_backend_reads_the_painted_trimap_else_makes_one(tmp_path):
    photos = make_folder(tmp_path / "in", 2)
    _rgb, alpha = disc_scene(120, 160, seed=0)
    matte_store.save_edit(photos[0], trimap_for(alpha), None, "closed-form")
    state = _State()
    summary = process_all([("closed-form", photos)], state=state)
    assert (summary.done, summary.failed) == (1, 1)
    failed = [e for e in state.events if e.kind == "end" and e.status == "failed"][0]
    assert failed.path == photos[1] and "automatic trimap" in failed.error  # no person in a red disc
    assert np.abs(matte_store.load_matte(photos[0], "closed-form") - alpha).mean() < 0.02


def test_pause_holds_and_cancel_releases(tmp_path, monkeypatch):
    register(monkeypatch)
    photos = make_folder(tmp_path / "in", 3)
    gate = Gate()
    gate.pause()
    state = _State()
    result = {}
    thread = threading.Thread(target=lambda: result.setdefault("s", process_all([("test-disc", photos)], 1, gate,
                                                                              state)))
    thread.start()
    deadline = time.monotonic() + 10
    while not any(e.kind == "start" for e in state.events) and time.monotonic() < deadline:
        time.sleep(0.01)
    assert not [e for e in state.events if e.kind == "end"]  # paused: nothing finishes
    state.cancel_event.set()
    thread.join(10)
    assert not thread.is_alive()
    assert result["s"].done == 0 and result["s"].cancelled >= 1
    assert all(matte_store.load_matte(p, "test-disc") is None for p in photos)


def test_one_rule_for_the_matte_of_a_photo_edit_then_cache_then_computed(tmp_path, monkeypatch):
    from desktop.app.tasks import current_matte

    register(monkeypatch)
    photo = make_folder(tmp_path / "in", 1)[0]
    picture = read_image(photo)
    alpha, source = current_matte(photo, picture, "test-disc", compute=False)
    assert alpha is None and source == ""
    computed, source = current_matte(photo, picture, "test-disc")
    assert source == "computed" and computed[60, 80] == 1.0
    assert current_matte(photo, picture, "test-disc")[1] == "cache"
    edited = np.zeros((120, 160), np.float32)
    matte_store.save_edit(photo, None, edited, "test-disc")
    alpha, source = current_matte(photo, picture, "test-disc")
    assert source == "edit" and alpha.max() == 0


def test_export_into_the_photos_folder_never_replaces_a_photo(tmp_path, monkeypatch):
    register(monkeypatch)
    photos = make_folder(tmp_path / "in", 2)  # photo00.png, photo01.png
    before = [p.read_bytes() for p in photos]
    settings = ExportSettings(tmp_path / "in", ExportOptions(fmt="png"), "{stem}", overwrite=True)
    results = export_images([ExportItem(p, "test-disc") for p in photos], settings)
    assert [r.output.name for r in results] == ["photo00-2.png", "photo01-2.png"]
    assert [p.read_bytes() for p in photos] == before
    state = _State()
    state.cancel_event.set()
    cancelled = export_images([ExportItem(p, "test-disc") for p in photos], settings, state=state)
    assert [r.status for r in cancelled] == ["cancelled", "cancelled"]  # the engine's cancel
