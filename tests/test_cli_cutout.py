"""End-to-end `matting-studio cutout` runs on generated images: outputs, resume, bad files, exit codes."""
from __future__ import annotations

import shutil
import subprocess
import sys
import threading
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from backends import registry
from backends.batch import plan_jobs, run_batch
from backends.cutout import ExportOptions
from desktop.cli.main import main
from tests.images import disc_scene, trimap_for

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def folder(tmp_path):
    """inputs/ with two good images (one in a sub-folder), a corrupt one, and their trimaps."""
    src, tri = tmp_path / "inputs", tmp_path / "trimaps"
    (src / "sub").mkdir(parents=True)
    (tri / "sub").mkdir(parents=True)
    for i, rel in enumerate(["one.jpg", "sub/two.png"]):
        rgb, alpha = disc_scene(60 + 10 * i, 80, seed=i)
        Image.fromarray(rgb).save(src / rel, quality=95)
        Image.fromarray(trimap_for(alpha)).save(tri / (rel.rsplit(".", 1)[0] + ".png"))
    (src / "broken.jpg").write_bytes(b"\xff\xd8\xff\xe0 not really a jpeg")
    Image.fromarray(np.zeros((60, 80), np.uint8)).save(tri / "broken.png")
    return src, tri


def cutout(*args) -> int:
    return main(["cutout", *map(str, args), "--backend", "closed-form"])


def test_batch_writes_mirrored_outputs_and_reports_the_bad_file(folder, tmp_path, capsys):
    src, tri = folder
    out = tmp_path / "out"
    code = cutout(src, "-o", out, "--trimap-dir", tri)
    err = capsys.readouterr().err
    assert code == 1  # one file failed
    assert (out / "one.png").exists() and (out / "sub" / "two.png").exists()
    assert not (out / "broken.png").exists()
    assert "FAILED" in err and "broken.jpg" in err and "2 written" in err
    rgba = np.asarray(Image.open(out / "one.png"))
    assert rgba.shape == (60, 80, 4) and rgba[0, 0, 3] == 0 and rgba[30, 40, 3] == 255
    assert not [p for p in out.rglob("*") if p.name.endswith(".part")]


def test_existing_outputs_are_skipped_unless_overwrite(folder, tmp_path, capsys):
    src, tri = folder
    out = tmp_path / "out"
    (src / "broken.jpg").unlink()
    assert cutout(src, "-o", out, "--trimap-dir", tri) == 0
    marker = (out / "one.png").stat().st_mtime_ns
    capsys.readouterr()
    assert cutout(src, "-o", out, "--trimap-dir", tri) == 0
    assert "0 written, 2 skipped" in capsys.readouterr().err
    assert (out / "one.png").stat().st_mtime_ns == marker
    assert cutout(src, "-o", out, "--trimap-dir", tri, "--overwrite") == 0
    assert "2 written" in capsys.readouterr().err


def test_formats_and_backgrounds(folder, tmp_path):
    src, tri = folder
    (src / "broken.jpg").unlink()
    assert cutout(src / "one.jpg", "-o", tmp_path / "a", "--trimap-dir", tri, "--format", "alpha") == 0
    alpha = np.asarray(Image.open(tmp_path / "a" / "one.png"))
    assert alpha.ndim == 2 and alpha[0, 0] == 0 and alpha[30, 40] == 255
    assert cutout(src / "one.jpg", "-o", tmp_path / "j", "--trimap-dir", tri, "--format", "jpeg",
                  "--background", "#00ff00") == 0
    jpg = np.asarray(Image.open(tmp_path / "j" / "one.jpg"))
    assert jpg.shape == (60, 80, 3) and jpg[0, 0, 1] > 240 and jpg[0, 0, 0] < 15


def test_background_image_zoom_and_offset(folder, tmp_path, capsys):
    """``--background-zoom`` / ``--background-offset`` place the image as the app's sliders do (``cover_fit``)."""
    from backends.imaging.compose import cover_fit

    src, tri = folder
    ramp = np.zeros((100, 200, 3), np.uint8)
    ramp[..., 0] = np.linspace(0, 255, 200).astype(np.uint8)[None, :]  # dark at the left, red at the right
    ramp[..., 2] = np.linspace(0, 255, 100).astype(np.uint8)[:, None]  # dark at the top, blue at the bottom
    Image.fromarray(ramp).save(tmp_path / "ramp.png")
    corners = {}
    for name, zoom, offset in (("left", "1", "-1,0"), ("right", "1", "1,0"), ("zoomed", "2", "1,-1")):
        out = tmp_path / name
        assert cutout(src / "one.jpg", "-o", out, "--trimap-dir", tri, "--background", tmp_path / "ramp.png",
                      "--background-zoom", zoom, f"--background-offset={offset}") == 0
        got = np.asarray(Image.open(out / "one.png").convert("RGB")).astype(int)
        want = cover_fit(ramp, 60, 80, float(zoom), tuple(float(v) for v in offset.split(","))).astype(int)
        # the corners lie outside the disc: pure background
        for y, x in ((0, 0), (0, 79), (59, 0), (59, 79)):
            assert np.abs(got[y, x] - want[y, x]).max() <= 2, (name, y, x, got[y, x], want[y, x])
        corners[name] = got[0, 0]
    assert corners["right"][0] > corners["left"][0] + 60  # the crop moved towards the ramp's bright end
    assert corners["zoomed"][2] < 20  # the top edge of an enlarged image


def test_background_placement_needs_an_image_and_sane_values(folder, tmp_path, capsys):
    src, tri = folder
    Image.fromarray(np.zeros((10, 10, 3), np.uint8)).save(tmp_path / "bg.png")
    for extra, message in ((["--background", "white", "--background-zoom", "2"], "place a background image"),
                           (["--background", tmp_path / "bg.png", "--background-zoom", "9"], "between 1 and 4"),
                           (["--background", tmp_path / "bg.png", "--background-offset=2,0"], "between -1 and 1"),
                           (["--background", tmp_path / "bg.png", "--background-offset", "left"], "give X,Y")):
        assert cutout(src / "one.jpg", "-o", tmp_path / "o", "--trimap-dir", tri, *extra) == 2
        assert message in capsys.readouterr().err
    assert not (tmp_path / "o").exists()


def test_read_only_output_folder_is_a_clear_error(folder, read_only_dir, capsys):
    src, tri = folder
    assert cutout(src, "-o", read_only_dir / "out", "--trimap-dir", tri) == 2
    assert "cannot write" in capsys.readouterr().err


def test_full_disk_fails_each_file_and_leaves_no_partial_output(folder, full_disk_dir, capsys):
    src, tri = folder
    big = np.random.default_rng(0).integers(0, 255, (300, 400, 3), dtype=np.uint8)
    Image.fromarray(big).save(src / "noise.png")
    noise_trimap = np.zeros((300, 400), np.uint8)
    noise_trimap[:, 200:] = 255
    noise_trimap[:, 190:210] = 128
    Image.fromarray(noise_trimap).save(tri / "noise.png")
    code = cutout(src, "-o", full_disk_dir, "--trimap-dir", tri)
    assert code == 1
    err = capsys.readouterr().err
    assert "noise.png" in err and "No space left" in err
    assert not (full_disk_dir / "noise.png").exists()
    assert not [p for p in full_disk_dir.rglob("*") if p.name.endswith(".part")]


def test_trimap_backend_without_trimaps_makes_them_with_auto(folder, tmp_path, capsys):
    sample = REPO / "resources" / "samples" / "astronaut.png"
    if not sample.exists():
        pytest.skip("the sample portrait is missing: run `make samples`")
    src, _ = folder
    (src / "broken.jpg").unlink()
    shutil.copy(sample, src / "astronaut.png")
    assert cutout(src, "-o", tmp_path / "o") == 1  # the discs hold no person to make a trimap from
    err = capsys.readouterr().err
    assert "each trimap is made by Auto" in err and "1 written" in err
    assert err.count("no person to make an automatic trimap") == 2
    alpha = np.asarray(Image.open(tmp_path / "o" / "astronaut.png"))[..., 3]
    assert alpha[0, 0] == 0 and alpha[200, 250] == 255  # the background is cut away, the face kept


def test_missing_input_and_unknown_backend(tmp_path, capsys):
    assert main(["cutout", str(tmp_path / "nothing"), "-o", str(tmp_path / "o")]) == 2
    assert "no such file or folder" in capsys.readouterr().err
    (tmp_path / "a.png").write_bytes(b"")
    assert main(["cutout", str(tmp_path / "a.png"), "-o", str(tmp_path / "o"), "--backend", "zzz"]) == 2
    assert "unknown backend 'zzz'" in capsys.readouterr().err


def test_cancel_stops_the_batch_and_writes_nothing_half_done(folder, tmp_path):
    src, tri = folder
    (src / "broken.jpg").unlink()
    opts = ExportOptions()
    jobs = plan_jobs([src], tmp_path / "out", opts)
    cancel = threading.Event()
    cancel.set()
    report = run_batch(jobs, registry.get("closed-form"), opts, trimap_dir=tri, cancel=cancel)
    assert report.count("cancelled") == 2 and not (tmp_path / "out").exists()


def test_same_stem_inputs_do_not_collide(tmp_path):
    (tmp_path / "in").mkdir()
    for name in ("a.jpg", "a.png"):
        Image.new("RGB", (8, 8)).save(tmp_path / "in" / name)
    jobs = plan_jobs([tmp_path / "in"], tmp_path / "out", ExportOptions())
    assert len({j.output for j in jobs}) == 2


def test_version_and_backends_commands():
    out = subprocess.run([sys.executable, "-m", "desktop.cli.main", "--version"], capture_output=True, text=True)
    assert out.returncode == 0 and out.stdout.startswith("matting-studio ")
    out = subprocess.run([sys.executable, "-m", "desktop.cli.main", "backends"], capture_output=True, text=True)
    assert out.returncode == 0 and "closed-form" in out.stdout and "READY" in out.stdout
