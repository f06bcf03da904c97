"""Writing outputs (atomic, bit depth, ICC) and composing on new backgrounds."""
from __future__ import annotations

import os

import numpy as np
import pytest
from PIL import Image, ImageCms

from backends.cutout import ExportOptions, render
from backends.imaging.compose import Background, compose, cover_fit
from backends.imaging.reader import Picture, read_image
from backends.imaging.writer import ImageWriteError, atomic_write, encode
from tests.images import disc_scene

ICC = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


def test_atomic_write_refuses_to_overwrite_unless_asked(tmp_path):
    path = tmp_path / "sub" / "a.bin"
    atomic_write(path, b"one")
    with pytest.raises(FileExistsError, match="--overwrite"):
        atomic_write(path, b"two")
    assert path.read_bytes() == b"one"
    atomic_write(path, b"two", overwrite=True)
    assert path.read_bytes() == b"two"
    assert [p.name for p in path.parent.iterdir()] == ["a.bin"]  # no temporary file left
    mask = os.umask(0o022)
    os.umask(mask)
    assert path.stat().st_mode & 0o777 == 0o666 & ~mask  # like any new file, not private like a temp file


def test_atomic_write_read_only_folder(read_only_dir):
    with pytest.raises(ImageWriteError, match="cannot write"):
        atomic_write(read_only_dir / "a.png", b"x")
    assert list(read_only_dir.iterdir()) == []


def test_atomic_write_on_a_full_disk_leaves_nothing(full_disk_dir):
    with pytest.raises(ImageWriteError, match="No space left"):
        atomic_write(full_disk_dir / "a.png", os.urandom(256 * 1024))
    assert list(full_disk_dir.iterdir()) == []


@pytest.mark.parametrize("fmt", ["png", "tiff"])
def test_16bit_rgba_with_icc_round_trips(tmp_path, fmt):
    rgba = np.random.default_rng(0).integers(0, 65535, (12, 9, 4), dtype=np.uint16)
    path = tmp_path / f"x.{fmt}"
    path.write_bytes(encode(rgba, fmt, ICC))
    back = read_image(path)
    assert back.bit_depth == 16 and np.array_equal(back.rgb, rgba[..., :3]) and np.array_equal(back.alpha, rgba[..., 3])
    assert Image.open(path).info.get("icc_profile") == ICC


def test_jpeg_refuses_alpha():
    with pytest.raises(ValueError, match="no alpha"):
        encode(np.zeros((4, 4, 4), np.uint8), "jpeg")


def test_background_parsing(tmp_path):
    assert Background.parse("transparent").kind == "transparent"
    assert Background.parse("#ff8000").rgb == (255, 128, 0)
    assert Background.parse("white").rgb == (255, 255, 255)
    assert Background.parse("blur:50").strength == 50
    img = tmp_path / "bg.png"
    Image.new("RGB", (5, 5)).save(img)
    assert Background.parse(str(img)).kind == "image"
    for bad in ("#12", "nonsense-colour", "blur:500"):
        with pytest.raises(ValueError):
            Background.parse(bad)


def test_compose_colour_and_transparent():
    rgb, alpha = disc_scene(40, 50)
    out = compose(rgb, alpha, Background("color", rgb=(0, 0, 255)))
    assert out.shape == (40, 50, 3)
    assert tuple(out[0, 0]) == (0, 0, 255)  # background pixel
    assert np.abs(out[20, 25].astype(int) - rgb[20, 25]).max() <= 1  # subject pixel unchanged
    rgba = compose(rgb, alpha, Background())
    assert rgba.shape == (40, 50, 4) and rgba[0, 0, 3] == 0 and rgba[20, 25, 3] == 255


def test_cover_fit_fills_and_centres():
    src = np.zeros((10, 40, 3), np.float32)
    src[:, 18:22] = 1.0  # a bright centre column
    out = cover_fit(src, 30, 30)
    assert out.shape == (30, 30, 3)
    assert out[15, 15, 0] == pytest.approx(1.0) and out[15, 0, 0] == pytest.approx(0.0)


def test_cover_fit_zoom_and_offset_move_the_crop(tmp_path):
    src = np.zeros((10, 40, 3), np.uint8)
    src[:, :20] = 50  # a grey left half, black, and a bright right end
    src[:, 30:] = 250
    assert cover_fit(src, 10, 10, offset=(-1, 0))[:, 0, 0].tolist() == [50] * 10  # the left edge
    assert cover_fit(src, 10, 10, offset=(1, 0))[:, -1, 0].tolist() == [250] * 10  # the right edge
    zoomed = cover_fit(src, 10, 10, zoom=2.0, offset=(1, 1))
    assert zoomed.shape == (10, 10, 3) and (zoomed == 250).all()  # enlarged: only the bright end shows
    from PIL import Image

    Image.fromarray(src).save(tmp_path / "bg.png")
    bg = Background("image", path=tmp_path / "bg.png", offset=(-1.0, 0.0))
    out = compose(np.zeros((10, 10, 3), np.uint8), np.zeros((10, 10), np.float32), bg)
    assert (out == 50).all()  # what export composes follows the offset


def test_blur_background_does_not_smear_the_subject():
    rgb, alpha = disc_scene(80, 100)
    out = compose(rgb, alpha, Background("blur", strength=100)).astype(float)
    # far from the subject the blurred background keeps the background's colours, not the red subject's
    assert out[2, 2, 0] < 80


def test_render_formats_and_decontamination():
    rgb, alpha = disc_scene(60, 80)
    pic = Picture(rgb)
    for fmt in ("png", "jpeg", "webp", "tiff", "alpha"):
        data = render(pic, alpha.astype(np.float32), ExportOptions(fmt=fmt))
        assert len(data) > 100, fmt
    rgba = np.asarray(Image.open(__import__("io").BytesIO(render(pic, alpha, ExportOptions()))))
    # on a half-transparent edge pixel the estimated foreground is redder than the mixed input
    edge = np.argwhere((alpha > 0.3) & (alpha < 0.7))[0]
    assert rgba[tuple(edge)][0] >= rgb[tuple(edge)][0]
    assert rgba.shape == (60, 80, 4)


def test_dragged_offset_follows_the_pointer_until_the_edge():
    from backends.imaging.compose import cover_fit, dragged_offset

    # a 400 x 100 image over a 160 x 120 photo: scaled to 480 x 120, 320 pixels of slack sideways, none upwards
    assert dragged_offset((400, 100), 120, 160, 1.0, (0.0, 0.0), 80, 30) == (-0.5, 0.0)
    assert dragged_offset((400, 100), 120, 160, 1.0, (0.0, 0.0), -1000, 0) == (1.0, 0.0)
    # zoomed twice: 960 x 240, slack 800 x 120; the content under the pointer moves with it, pixel for pixel
    ramp = np.tile(np.arange(400, dtype=np.float32)[None, :, None], (100, 1, 3))
    ramp[..., 1] = np.arange(100, dtype=np.float32)[:, None]
    before = cover_fit(ramp, 120, 160, 2.0, (0.2, -0.1))
    after = cover_fit(ramp, 120, 160, 2.0, dragged_offset((400, 100), 120, 160, 2.0, (0.2, -0.1), 24, 12))
    np.testing.assert_allclose(after[12:, 24:], before[:-12, :-24], atol=0.51)
