"""Layered PSD: the photo as a layer with the matte as its layer mask (and the background as a layer when chosen),
8 and 16 bits, ICC kept; read back with psd-tools and, where installed, ImageMagick (a second, independent reader)."""
from __future__ import annotations

import io
import shutil
import subprocess

import numpy as np
import pytest
from PIL import Image

from backends.cutout import ExportOptions, render
from backends.imaging.compose import Background
from backends.imaging.reader import Picture
from tests.photo_files import SRGB_ICC, portrait


def soft_matte(h: int, w: int) -> np.ndarray:
    """A matte with every level of partial alpha (a soft-edged ellipse)."""
    yy, xx = np.mgrid[0:h, 0:w]
    r = np.hypot((yy - h * 0.45) / (h * 0.4), (xx - w / 2) / (w * 0.35))
    return np.clip((1.0 - r) * 6.0, 0, 1).astype(np.float32)


def open_psd(data: bytes):
    from psd_tools import PSDImage

    return PSDImage.open(io.BytesIO(data))


def layer(psd, name):
    found = [lay for lay in psd if lay.name == name]
    assert found, [lay.name for lay in psd]
    return found[0]


@pytest.mark.parametrize("depth", [8, 16])
def test_photo_layer_with_the_matte_as_its_layer_mask(depth):
    from psd_tools.constants import Resource

    rgb = portrait(120, 150)
    if depth == 16:
        rgb = rgb.astype(np.uint16) * 257 + 7  # values an 8-bit path could not keep
    alpha = soft_matte(150, 120)
    psd = open_psd(render(Picture(rgb, icc_profile=SRGB_ICC), alpha, ExportOptions(fmt="psd")))
    assert psd.depth == depth and psd.size == (120, 150)
    assert [lay.name for lay in psd] == ["Photo"]  # transparent: no background layer
    photo = layer(psd, "Photo")
    top = 65535.0 if depth == 16 else 255.0
    pixels = photo.numpy()[..., :3]  # floats in [0, 1] at the document's precision
    assert np.abs(pixels * top - rgb).max() <= 0.5  # the photo's own pixels, exactly
    assert photo.has_mask() and not photo.mask.disabled
    mask = photo.numpy("mask")[..., 0]
    assert np.abs(mask - alpha).max() <= 1 / 255  # the matte, within 1/255 (1/65535 at 16 bits)
    if depth == 16:
        assert np.abs(mask - alpha).max() <= 1 / 65535
    assert psd.image_resources.get_data(Resource.ICC_PROFILE) == SRGB_ICC
    merged = psd.numpy()  # what viewers without layers show: transparent where the matte is
    assert merged.shape == (150, 120, 4) and np.abs(merged[..., 3] - alpha).max() <= 2 / 255


def test_background_becomes_a_layer_under_the_photo():
    rgb = portrait(120, 150)
    alpha = soft_matte(150, 120)
    data = render(Picture(rgb), alpha, ExportOptions(fmt="psd", background=Background("color", rgb=(32, 90, 167))))
    psd = open_psd(data)
    assert [lay.name for lay in psd] == ["Background", "Photo"]  # bottom to top
    back = layer(psd, "Background").numpy()[..., :3]
    assert np.abs(back * 255 - (32, 90, 167)).max() <= 0.5
    merged = psd.numpy()
    assert merged.shape == (150, 120, 3)
    assert np.abs(merged[0, 0] * 255 - (32, 90, 167)).max() <= 1  # the new background where the matte is 0
    centre = (int(150 * 0.45), 60)
    assert np.abs(merged[centre] * 255 - rgb[centre]).max() <= 1  # the photo where it is 1


def imagemagick() -> list[str] | None:
    """The command that runs ImageMagick's ``convert`` (IM 6) or ``magick`` (IM 7), if the real one is installed
    (a stand-in without PSD support may come first on PATH)."""
    for candidate in (shutil.which("magick"), shutil.which("convert"), "/usr/bin/convert"):
        if candidate and shutil.which(candidate):
            out = subprocess.run([candidate, "-version"], capture_output=True, text=True).stdout
            if "ImageMagick" in out:
                return [candidate]
    return None


@pytest.mark.parametrize("depth", [8, 16])
def test_imagemagick_reads_the_layers_and_applies_the_mask(tmp_path, depth):
    convert = imagemagick()
    if convert is None:
        pytest.skip("ImageMagick is not installed (.ci/run installs it)")
    rgb = portrait(120, 150)
    if depth == 16:
        rgb = rgb.astype(np.uint16) * 257
    alpha = soft_matte(150, 120)
    path = tmp_path / "cut.psd"
    path.write_bytes(render(Picture(rgb), alpha, ExportOptions(fmt="psd")))
    info = subprocess.run([*convert, str(path), "-format", "%z-bit %wx%h\\n", "info:"], capture_output=True,
                          text=True, check=True).stdout
    assert info.split() == [f"{depth}-bit", "120x150"] * 2  # the merged image and the one layer
    # the layer, flattened by ImageMagick with its mask applied, on black: the photo times the matte
    flat = tmp_path / "flat.png"
    subprocess.run([*convert, str(path), "-delete", "0", "-background", "black", "-flatten", "-depth", "8",
                    str(flat)], check=True, capture_output=True)
    seen = np.asarray(Image.open(flat).convert("RGB")).astype(float)
    top = 257.0 if depth == 16 else 1.0
    expected = rgb.astype(float) / top * alpha[..., None]
    assert np.abs(seen - expected).mean() < 1.5 and np.abs(seen - expected).max() <= 3
