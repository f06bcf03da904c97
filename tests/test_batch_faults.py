"""The batch engine's promises, tried as a new user would: no hang, Ctrl-C works, no file lost or overwritten,
the output folder never read back, every file that is not processed named with its reason.

Hang and interrupt cases run the real CLI in a subprocess with a deadline, repeated, with 1 and 2 workers (the
faults they guard against were intermittent).
"""
from __future__ import annotations

import fcntl
import os
import signal
import time

import numpy as np
import pytest
from PIL import Image

from backends.imaging.atomic import STALE_AFTER_S, OutputExistsError, atomic_write
from backends.imaging.reader import read_image
from cli_support import finish, plugin_env, run_cli, start_cli, wait_for
from images import disc_scene, trimap_for


def _photo(path, seed=0, size=(60, 80), **save):
    rgb, alpha = disc_scene(*size, seed=seed)
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.fromarray(rgb).save(path, **save)
    return rgb, alpha


@pytest.fixture
def env(tmp_path, private_home):
    return plugin_env(tmp_path / "plugins", MATTING_STUDIO_HOME=str(private_home))


# -- no hang, and Ctrl-C works -------------------------------------------------------------------------------
@pytest.mark.parametrize("workers", [1, 2])
def test_many_fast_failures_in_a_row_never_hang(tmp_path, env, workers):
    src = tmp_path / "in"
    for i in range(40):
        (src / f"empty{i:02d}.jpg").parent.mkdir(parents=True, exist_ok=True)
        (src / f"empty{i:02d}.jpg").write_bytes(b"")
    for i in range(3):
        _photo(src / f"zz{i}.png", seed=i)
    for attempt in range(3):
        out = tmp_path / f"out{attempt}"
        code, err = run_cli(["cutout", src, "-o", out, "--backend", "test-disc", "--workers", workers], env, 90)
        assert code == 1, err
        assert "3 written" in err and "40 failed" in err
        assert len(list(out.glob("*.png"))) == 3


@pytest.mark.parametrize("workers", [1, 2])
def test_ctrl_c_early_and_twice(tmp_path, env, workers):
    src = tmp_path / "in"
    for i in range(24):  # long enough (about 4 s) that each Ctrl-C below lands mid-batch
        _photo(src / f"p{i:02d}.png", seed=i, size=(120, 160))
    for attempt, delay in enumerate((0.3, 1.5, 3.0)):
        out = tmp_path / f"out{attempt}"
        proc = start_cli(["cutout", src, "-o", out, "--backend", "test-slow", "--workers", workers], env)
        time.sleep(delay)  # during start-up, loading, or the first images
        sent = time.monotonic()
        proc.send_signal(signal.SIGINT)
        code, err = finish(proc, 30)
        assert time.monotonic() - sent < 6, f"Ctrl-C took {time.monotonic() - sent:.1f} s"
        assert code in (130, 0), err  # 0 only if it had finished already
        assert not [p for p in out.rglob("*") if p.name.endswith(".part")]
        for written in out.glob("*.png"):
            assert read_image(written).rgb.shape == (120, 160, 3)  # complete, readable
    proc = start_cli(["cutout", src, "-o", tmp_path / "twice", "--backend", "test-slow", "--workers", workers], env)
    wait_for(proc, tmp_path / "twice", "*.png", 1)
    proc.send_signal(signal.SIGINT)
    time.sleep(0.05)
    sent = time.monotonic()
    proc.send_signal(signal.SIGINT)
    code, err = finish(proc, 30)
    assert code == 130 and time.monotonic() - sent < 3, err
    assert not [p for p in (tmp_path / "twice").rglob("*") if p.name.endswith(".part")]


# -- nothing lost or overwritten -------------------------------------------------------------------------------
def test_same_names_from_several_folders_and_types_all_survive(tmp_path, env):
    made = {}
    for i, rel in enumerate(["d1/x.jpg", "d2/x.jpg", "d3/x.png", "d1/a-png.jpg", "d1/a.jpg", "d1/a.png",
                             "d1/A.bmp"]):
        made[rel] = _photo(tmp_path / rel, seed=i, size=(40 + 4 * i, 50), **({"quality": 98} if "jpg" in rel else {}))
    out = tmp_path / "out"
    code, err = run_cli(["cutout", tmp_path / "d1", tmp_path / "d2", tmp_path / "d3", "-o", out,
                         "--backend", "test-disc", "--overwrite"], env)
    assert code == 0, err
    written = sorted(p.name for p in out.glob("*.png"))
    assert len(written) == 7 and "7 written" in err, (written, err)
    heights = sorted(read_image(p).rgb.shape[0] for p in out.glob("*.png"))
    assert heights == sorted(40 + 4 * i for i in range(7))  # each input has its own output
    code, err = run_cli(["cutout", tmp_path / "d1", tmp_path / "d2", tmp_path / "d3", "-o", out,
                         "--backend", "test-disc"], env)
    assert code == 0 and "0 written, 7 skipped" in err  # the same names on a second run: resumable


def test_output_folder_inside_or_equal_to_the_input_is_never_read_back(tmp_path, env):
    src = tmp_path / "shoot"
    for i in range(2):
        _photo(src / f"p{i}.jpg", seed=i)
    for _ in range(3):
        code, err = run_cli(["cutout", src, "-o", src / "cutouts", "--backend", "test-disc"], env)
        assert code == 0, err
    assert sorted(p.relative_to(src).as_posix() for p in src.rglob("*.png")) == ["cutouts/p0.png",
                                                                                  "cutouts/p1.png"]
    same = tmp_path / "same"
    _photo(same / "p.jpg")
    _photo(same / "p.png", seed=3)  # an original PNG with the name p.jpg's cut-out would take
    for _ in range(3):
        code, err = run_cli(["cutout", same, "-o", same, "--backend", "test-disc", "--overwrite"], env)
        assert code == 0, err
    names = sorted(p.name for p in same.iterdir())
    assert names == ["p-2.png", "p-3.png", "p.jpg", "p.png"], names
    assert np.array_equal(read_image(same / "p.png").rgb, disc_scene(60, 80, seed=3)[0])  # the original is intact


def test_two_runs_into_one_folder_report_no_false_failures(tmp_path, env):
    src = tmp_path / "in"
    for i in range(10):
        _photo(src / f"p{i:02d}.png", seed=i, size=(120, 160))
    out = tmp_path / "out"
    procs = [start_cli(["cutout", src, "-o", out, "--backend", "test-slow"], env) for _ in range(2)]
    results = [finish(p, 120) for p in procs]
    for code, err in results:
        assert code == 0 and "0 failed" in err, err
    assert len(list(out.glob("*.png"))) == 10


def test_atomic_write_never_replaces_a_file_written_meanwhile(tmp_path):
    target = tmp_path / "a.png"
    atomic_write(target, b"first")
    with pytest.raises(OutputExistsError):
        atomic_write(target, b"second")
    assert target.read_bytes() == b"first"
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".part")]


def test_stale_temporaries_are_removed_and_live_ones_kept(tmp_path, env):
    src, out = tmp_path / "in", tmp_path / "out"
    _photo(src / "p.png")
    out.mkdir()
    stale = out / ".p.png.k1ll3d.part"
    stale.write_bytes(b"half a png")
    old = time.time() - 2 * STALE_AFTER_S
    os.utime(stale, (old, old))
    live = out / ".q.png.wr1t1ng.part"  # another run is writing this one: it holds its lock
    with open(live, "wb") as held:
        fcntl.flock(held.fileno(), fcntl.LOCK_EX)
        os.utime(live, (old, old))
        code, err = run_cli(["cutout", src, "-o", out, "--backend", "test-disc"], env)
        assert code == 0, err
        assert not stale.exists() and live.exists()
    assert "removed 1 unfinished temporary file" in err


# -- every file accounted for ----------------------------------------------------------------------------------
def test_files_that_are_not_read_are_named_with_the_reason(tmp_path, env):
    src = tmp_path / "in"
    _photo(src / "good.jpg")
    Image.new("RGB", (8, 8)).save(src / "anim.gif")
    (src / "notes.txt").write_text("hello")
    (src / "dangling.jpg").symlink_to(tmp_path / "nowhere.jpg")
    (src / "sub").mkdir()
    (src / "sub" / "loop").symlink_to(src)
    _photo(src / ".hidden.jpg")
    code, err = run_cli(["cutout", src, "-o", tmp_path / "out", "--backend", "test-disc"], env)
    assert code == 0, err
    assert "1 written" in err and "not read" in err
    for name, reason in (("anim.gif", ".gif files are not a supported image type"), ("notes.txt", ".txt"),
                         ("dangling.jpg", "broken link"), ("loop", "link loop"), (".hidden.jpg", "hidden")):
        line = next((ln for ln in err.splitlines() if "NOT READ" in ln and name in ln), "")
        assert reason in line, (name, err)


def test_input_transparency_is_kept(tmp_path, env):
    rgb, _ = disc_scene(60, 80)
    rgba = np.dstack([rgb, np.full((60, 80), 255, np.uint8)])
    rgba[:, :20, 3] = 0  # the photo itself is transparent on the left, where the disc does not reach...
    rgba[25:35, 30:50, 3] = 0  # ...and in a hole through the disc
    (tmp_path / "in").mkdir()
    Image.fromarray(rgba, "RGBA").save(tmp_path / "in" / "cut.png")
    code, err = run_cli(["cutout", tmp_path / "in", "-o", tmp_path / "out", "--backend", "test-disc"], env)
    assert code == 0, err
    alpha = np.asarray(Image.open(tmp_path / "out" / "cut.png"))[..., 3]
    assert alpha[30, 40] == 0 and alpha[30, 30] == 0 and alpha[20, 40] == 255


def test_degenerate_trimaps_warn_and_name_the_trimap(tmp_path, env):
    src, tri = tmp_path / "in", tmp_path / "tri"
    for name in ("allbg", "good", "bad"):
        _photo(src / f"{name}.png")
    tri.mkdir()
    _rgb, alpha = disc_scene(60, 80)
    Image.fromarray(np.zeros((60, 80), np.uint8)).save(tri / "allbg.png")
    Image.fromarray(trimap_for(alpha)).save(tri / "good.png")
    (tri / "bad.png").write_bytes(b"not a trimap")
    code, err = run_cli(["cutout", src, "-o", tmp_path / "out", "--backend", "closed-form", "--trimap-dir", tri],
                        env)
    assert code == 1, err
    assert "2 written" in err
    warning = next(ln for ln in err.splitlines() if "WARNING" in ln)
    assert "allbg.png" in warning and "empty" in warning
    failed = next(ln for ln in err.splitlines() if "FAILED" in ln)
    assert "trimap" in failed and str(tri / "bad.png") in failed


def test_output_path_that_is_a_file_is_refused_before_any_work(tmp_path, env):
    _photo(tmp_path / "in" / "p.png")
    (tmp_path / "out.png").write_bytes(b"x")
    started = time.monotonic()
    code, err = run_cli(["cutout", tmp_path / "in", "-o", tmp_path / "out.png", "--backend", "test-slow"], env)
    assert code == 2 and "is a file" in err
    assert "loading" not in err and time.monotonic() - started < 30


def test_no_failure_message_names_the_file_twice(tmp_path, env):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "broken_text.jpg").write_text("not an image")
    code, err = run_cli(["cutout", tmp_path / "in", "-o", tmp_path / "out", "--backend", "test-disc"], env)
    line = next(ln for ln in err.splitlines() if "FAILED" in ln)
    assert code == 1 and line.count("broken_text.jpg") == 1, line
