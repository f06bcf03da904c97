"""The fast export path: the strip PNG writer, edge-only foreground estimation, strip compose, bounded memory."""
from __future__ import annotations

import io
import tracemalloc

import cv2
import numpy as np
import pytest
from PIL import Image, ImageCms

from backends.cutout import ExportOptions, render
from backends.imaging.compose import Background, Composer, compose
from backends.imaging.foreground import EdgeColours, estimate_foreground, partial_mask
from backends.imaging.png import PngStream, encode_png
from backends.imaging.reader import Picture, read_image
from backends.imaging.writer import encode

ICC = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


def _opencv(data: bytes) -> np.ndarray:
    px = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_UNCHANGED)
    return px if px.ndim == 2 else px[..., [2, 1, 0, 3][: px.shape[2]]]


@pytest.mark.parametrize("shape", [(37, 53), (37, 53, 3), (37, 53, 4), (1, 1, 4), (300, 7, 3)])
@pytest.mark.parametrize("dtype", [np.uint8, np.uint16])
def test_png_round_trips_in_two_decoders(shape, dtype):
    px = np.random.default_rng(1).integers(0, np.iinfo(dtype).max + 1, shape, dtype=dtype)
    data = encode_png(px, ICC if len(shape) == 3 else None)
    assert np.array_equal(_opencv(data), px)
    im = Image.open(io.BytesIO(data))
    if dtype == np.uint8:  # Pillow reduces 16-bit colour to 8 bits, so compare it on 8-bit files only
        assert np.array_equal(np.asarray(im), px)
    assert im.info.get("icc_profile") == (ICC if len(shape) == 3 else None)


def test_png_stream_takes_uneven_strips_and_checks_them():
    px = np.random.default_rng(2).integers(0, 256, (50, 20, 4), dtype=np.uint8)
    stream = PngStream(20, 50, 4, np.uint8)
    for r0, r1 in ((0, 1), (1, 17), (17, 50)):
        stream.add(px[r0:r1])
    assert np.array_equal(_opencv(stream.finish()), px)
    stream = PngStream(20, 50, 4, np.uint8)
    with pytest.raises(ValueError, match="do not fit"):
        stream.add(px[:5, :, :3])
    stream.add(px[:10])
    with pytest.raises(ValueError, match="10 rows given for a 50-row image"):
        stream.finish()


def test_small_compression_is_smaller_with_the_same_pixels():
    yy, xx = np.mgrid[0:200, 0:300]
    px = np.dstack([(xx + yy) % 256, (xx * 3) % 256, yy % 256, np.full_like(xx, 255)]).astype(np.uint8)
    px[..., :3] += np.random.default_rng(3).integers(0, 8, px[..., :3].shape, dtype=np.uint8)
    fast, small = encode(px, "png"), encode(px, "png", compression="small")
    assert len(small) < len(fast)
    assert np.array_equal(_opencv(small), px) and np.array_equal(_opencv(fast), px)
    with pytest.raises(ValueError, match="compression"):
        encode(px, "png", compression="tiny")


def test_8bit_tiff_with_icc_and_alpha_round_trips(tmp_path):
    rgba = np.random.default_rng(4).integers(0, 256, (20, 30, 4), dtype=np.uint8)
    path = tmp_path / "x.tif"
    path.write_bytes(encode(rgba, "tiff", ICC))
    back = read_image(path)
    assert np.array_equal(back.rgb, rgba[..., :3]) and np.array_equal(back.alpha, rgba[..., 3])
    assert Image.open(path).info.get("icc_profile") == ICC


def hair_scene(h=240, w=320, seed=0):
    """A known answer: smooth foreground colours F, a textured background B and a hair-like soft alpha."""
    rng = np.random.default_rng(seed)
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    fg = np.dstack([0.55 + 0.3 * xx / w, 0.35 + 0.1 * yy / h, 0.2 + 0.05 * np.sin(xx / 9)])
    bg = np.dstack([0.1 + 0.2 * yy / h, 0.6 + 0.2 * np.sin(xx / 13), 0.9 - 0.3 * xx / w])
    bg = np.clip(bg + rng.normal(0, 0.03, bg.shape), 0, 1)
    strands = 0.5 + 0.5 * np.sin(xx / 2.3 + 3 * np.sin(yy / 17))
    alpha = np.clip((h * 0.65 - yy) / (h * 0.3), 0, 1) * (0.6 + 0.4 * strands)
    alpha[yy < h * 0.35] = 1.0
    alpha = alpha.astype(np.float32)
    image = np.round((alpha[..., None] * fg + (1 - alpha[..., None]) * bg) * 255).astype(np.uint8)
    return image, alpha, fg.astype(np.float32)


def test_foreground_estimate_recovers_the_known_colours():
    image, alpha, fg = hair_scene()
    part = partial_mask(alpha)
    assert part.mean() > 0.2
    est = estimate_foreground(image, alpha)
    error_none = np.abs(image[part] / 255.0 - fg[part]).mean() * 255
    error = np.abs(est[part] - fg[part]).mean() * 255
    # 62.8 levels without estimation; pymatting's multi-level estimator at full size (the estimator before) 7.04
    assert error < 7.0, (error, error_none)
    assert np.allclose(est[alpha >= 1], image[alpha >= 1] / 255.0, atol=1e-6)  # opaque pixels: the photo


def test_transparent_cutout_stores_alpha_exactly_blacks_out_the_invisible_and_fixes_edges():
    image, alpha, fg = hair_scene()
    alpha[:, :20] = 0.0
    rgba = np.asarray(Image.open(io.BytesIO(render(Picture(image), alpha, ExportOptions()))))
    assert np.array_equal(rgba[..., 3], np.round(alpha * 255).astype(np.uint8))
    assert not rgba[rgba[..., 3] == 0, :3].any()  # no trace of the removed background
    opaque = rgba[..., 3] == 255
    assert np.array_equal(rgba[opaque, :3], image[opaque])
    edge = partial_mask(alpha) & (alpha < 0.5)
    before = np.abs(image[edge] / 255.0 - fg[edge]).mean()
    after = np.abs(rgba[edge, :3] / 255.0 - fg[edge]).mean()
    assert after < 0.3 * before
    plain = np.asarray(Image.open(io.BytesIO(render(Picture(image), alpha, ExportOptions(decontaminate=False)))))
    assert np.array_equal(plain[..., :3][plain[..., 3] > 0], image[plain[..., 3] > 0])


@pytest.mark.parametrize("out_dtype", [np.uint8, np.uint16])
def test_strip_compose_on_a_colour_matches_the_formula(out_dtype):
    image, alpha, _ = hair_scene(300, 200)
    image16 = image.astype(np.uint16) * 257
    source = image16 if out_dtype == np.uint16 else image
    edges = EdgeColours(source, alpha)
    out = compose(source, alpha, Background("color", rgb=(10, 200, 30)), edges, out_dtype)
    f = estimate_foreground(source, alpha)
    top = np.iinfo(out_dtype).max
    want = f * alpha[..., None] + (np.array([10, 200, 30]) / 255.0) * (1 - alpha[..., None])
    assert out.dtype == out_dtype and out.shape == (300, 200, 3)
    assert np.abs(out.astype(float) - np.round(want * top)).max() <= 1


def test_blur_and_image_backgrounds_compose(tmp_path):
    image, alpha, _ = hair_scene(180, 260)
    other = tmp_path / "bg.png"
    Image.new("RGB", (40, 30), (0, 0, 255)).save(other)
    out = compose(image, alpha, Background("image", path=other))
    assert tuple(out[-1, -1]) == (0, 0, 255) and np.array_equal(out[0, 0], image[0, 0])
    blurred = compose(image, alpha, Background("blur", strength=60), EdgeColours(image, alpha))
    assert blurred.shape == (180, 260, 3)
    assert np.array_equal(blurred[alpha >= 1], image[alpha >= 1])
    # the blurred background keeps the background's colours (blue-ish at the bottom), not the subject's
    assert blurred[-1, :, 2].mean() > blurred[-1, :, 0].mean()


def _peak_bytes(fn) -> int:
    tracemalloc.start()
    try:
        fn()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def _disc_photo(h: int, w: int):
    """A textured photo with a soft-edged disc of radius 500 centred at (650, 650): the same edge at any size."""
    yy, xx = np.mgrid[0:h, 0:w]
    image = np.dstack([(xx // 16) % 256, (yy // 16) % 256, np.full((h, w), 90)]).astype(np.uint8)
    alpha = np.clip((500 - np.hypot(yy - 650, xx - 650)) / 6 + 0.5, 0, 1).astype(np.float32)
    return Picture(image), alpha


@pytest.mark.parametrize("fmt", ["png", "alpha"])
def test_render_memory_follows_the_edge_not_the_area(fmt):
    """Four times the pixels around the same edge: export's peak allocation barely moves (it was 4x, with
    full-size float copies of the photo for the estimate and the compose)."""
    small, big = _disc_photo(1400, 1400), _disc_photo(2800, 2800)
    render(*small, ExportOptions(fmt=fmt))  # imports, compiled kernels and caches out of the figures
    peak_small = _peak_bytes(lambda: render(*small, ExportOptions(fmt=fmt)))
    peak_big = _peak_bytes(lambda: render(*big, ExportOptions(fmt=fmt)))
    assert peak_big < 1.5 * peak_small + 2e6, (peak_small, peak_big)
    assert peak_big < 2800 * 2800 * 12 / 3  # a third of one full-size float32 copy of the photo


def test_composer_strips_cover_the_image_once():
    image, alpha, _ = hair_scene(300, 50)
    c = Composer(image, alpha, Background())
    rows = [r0 for r0, _ in c.strips()]
    assert rows == sorted(set(rows)) and rows[0] == 0 and sum(s.shape[0] for _, s in c.strips()) == 300
