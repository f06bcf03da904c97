"""Camera RAW (DNGs written by pidng from a real portrait's Bayer mosaic, developed by LibRaw) and HEIC / AVIF
(written by libheif / Pillow): upright, full size, the right depth and colours, clear messages for bad files."""
from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image

from backends.imaging import raw
from backends.imaging.reader import SUFFIXES, ImageReadError, is_image_file, read_image
from tests.photo_files import SRGB_ICC, make_dng, make_heic, portrait


def profile_name(icc: bytes) -> str:
    from PIL import ImageCms

    return ImageCms.getProfileDescription(ImageCms.ImageCmsProfile(io.BytesIO(icc))).strip()


def error_8bit(rgb: np.ndarray, reference: np.ndarray) -> np.ndarray:
    scale = 257.0 if rgb.dtype == np.uint16 else 1.0
    return np.abs(rgb.astype(np.float64) / scale - reference.astype(np.float64))


@pytest.mark.parametrize("orientation", [1, 6, 8])
def test_dng_is_developed_upright_16bit_with_the_camera_white_balance(tmp_path, orientation):
    rgb = portrait()
    path = tmp_path / "portrait.dng"
    path.write_bytes(make_dng(rgb, orientation))
    pic = read_image(path)
    assert pic.rgb.shape == rgb.shape and pic.bit_depth == 16  # upright, full size, 16 bits
    err = error_8bit(pic.rgb, rgb)
    # the sensor saw each channel through different gains: only the camera's white balance gives the colours back
    assert np.median(err) < 2 and err.mean() < 5, (np.median(err), err.mean())
    assert np.abs(pic.rgb.reshape(-1, 3).mean(0) / 257 - rgb.reshape(-1, 3).mean(0)).max() < 3
    assert profile_name(pic.icc_profile) == "sRGB built-in"  # the develop is sRGB, and the outputs will say so
    assert pic.metadata.get("Exif.Image.Model") == "Bayer Test"


def test_raw_is_found_by_content_when_misnamed_or_nameless(tmp_path):
    rgb = portrait(80, 100)
    data = make_dng(rgb, 6)
    assert raw.looks_like_raw(data) and not raw.looks_like_raw(b"\xff\xd8\xff\xe0 jpeg")
    (tmp_path / "renamed.tif").write_bytes(data)
    for source in (data, tmp_path / "renamed.tif"):
        pic = read_image(source)
        assert pic.rgb.shape == (100, 80, 3) and pic.bit_depth == 16


def test_a_jpeg_named_like_a_raw_is_read_as_what_it_is(tmp_path):
    path = tmp_path / "not-really.nef"
    Image.fromarray(portrait(80, 100)).save(path, "JPEG")
    assert read_image(path).rgb.shape == (100, 80, 3)


def test_damaged_and_unsupported_raw_files_give_clear_messages(tmp_path):
    data = make_dng(portrait(80, 100))
    (tmp_path / "cut.dng").write_bytes(data[: len(data) // 3])
    (tmp_path / "noise.cr2").write_bytes(b"II*\x00\x10\x00\x00\x00CR\x02\x00" + bytes(range(256)) * 8)
    (tmp_path / "empty.arw").write_bytes(b"")
    with pytest.raises(ImageReadError, match=r"cut\.dng: .*(damaged|truncated|not a camera RAW)"):
        read_image(tmp_path / "cut.dng")
    with pytest.raises(ImageReadError, match=r"noise\.cr2: not a camera RAW file that LibRaw can read"):
        read_image(tmp_path / "noise.cr2")
    with pytest.raises(ImageReadError, match=r"empty\.arw: the file is empty"):
        read_image(tmp_path / "empty.arw")


def test_raw_preview_is_the_embedded_jpeg_upright_at_the_develop_size(tmp_path):
    """The app's fast preview: the camera's embedded JPEG, turned by the RAW's orientation and scaled to the size of
    the full develop (so a matte made on it fits the export); without one, a half-size develop scaled up."""
    import exiv2

    from backends.imaging.metadata import _exiv2
    from tests.photo_files import _unorient

    rgb = portrait()
    dng = make_dng(rgb, 6)
    plain = tmp_path / "plain.dng"
    plain.write_bytes(dng)
    fallback = read_image(plain, raw_preview=True)
    assert fallback.rgb.shape == rgb.shape and np.median(error_8bit(fallback.rgb, rgb)) < 12
    # the same DNG with a small JPEG preview (stored as the sensor sees it, as cameras do), added by exiv2
    _exiv2()
    small = io.BytesIO()
    Image.fromarray(_unorient(rgb, 6)).resize((100, 80)).save(small, "JPEG", quality=92)
    image = exiv2.ImageFactory.open(dng)
    image.readMetadata()
    exiv2.ExifThumb(image.exifData()).setJpegThumbnail(small.getvalue())
    image.writeMetadata()
    io_ = image.io()
    (tmp_path / "with-preview.dng").write_bytes(bytes(io_.mmap()))
    io_.munmap()
    preview = read_image(tmp_path / "with-preview.dng", raw_preview=True)
    assert preview.rgb.shape == rgb.shape and preview.bit_depth == 8  # upright, at the develop's size
    assert np.median(error_8bit(preview.rgb, rgb)) < 12  # the picture, not noise (it was 80 x 100)
    full = read_image(tmp_path / "with-preview.dng")
    assert full.bit_depth == 16 and np.median(error_8bit(full.rgb, rgb)) < 2  # the export still develops
    thumb = raw.thumbnail((tmp_path / "with-preview.dng").read_bytes(), 50)
    assert thumb.shape == (50, 40, 3)


@pytest.mark.parametrize("orientation", [1, 6])
def test_heic_is_upright_with_its_icc_profile(tmp_path, orientation):
    rgb = portrait()
    path = tmp_path / "phone.heic"
    path.write_bytes(make_heic(rgb, orientation))
    pic = read_image(path)
    assert pic.rgb.shape == rgb.shape and pic.bit_depth == 8
    assert error_8bit(pic.rgb, rgb).mean() < 6  # lossy, but the same way up
    assert pic.icc_profile == SRGB_ICC


def test_10bit_heic_is_read_at_16_bits(tmp_path):
    import pillow_heif

    ramp = np.linspace(0, 65535, 48 * 64 * 3).reshape(48, 64, 3).astype(np.uint16)
    heif = pillow_heif.from_bytes(mode="RGB;16", size=(64, 48), data=ramp.tobytes())
    buf = io.BytesIO()
    heif.save(buf, quality=-1)  # lossless, 10 bits
    pic = read_image(buf.getvalue())
    assert pic.bit_depth == 16 and pic.rgb.shape == (48, 64, 3)
    assert np.abs(pic.rgb.astype(int) - ramp).mean() < 200  # 10-bit precision, far finer than 8 bits' 257


def test_avif_is_read_upright(tmp_path):
    rgb = portrait(80, 100)
    exif = Image.Exif()
    exif[0x0112] = 6
    Image.fromarray(np.rot90(rgb, 1).copy()).save(tmp_path / "a.avif", quality=95, exif=exif.tobytes())
    pic = read_image(tmp_path / "a.avif")
    assert pic.rgb.shape == rgb.shape and error_8bit(pic.rgb, rgb).mean() < 8


def test_folder_scan_suffixes():
    for name in ("a.dng", "a.CR2", "a.cr3", "a.nef", "a.arw", "a.raf", "a.orf", "a.rw2", "a.heic", "a.HEIF",
                 "a.avif", "a.jpg"):
        assert is_image_file(__import__("pathlib").Path(name)), name
    assert ".cr3" in SUFFIXES and ".heic" in SUFFIXES


def test_probe_pixels_asks_libraw_for_raw_files(tmp_path):
    """The batch sizes its memory by the photo's pixels: a RAW's are the develop's, not its small first preview's."""
    from backends.imaging.reader import DEFAULT_PIXELS, probe_pixels, probe_size, read_image

    (tmp_path / "a.dng").write_bytes(make_dng(portrait(80, 100), 6))
    (tmp_path / "b.heic").write_bytes(make_heic(portrait(80, 100)))
    (tmp_path / "bad.nef").write_bytes(b"nothing")
    assert probe_pixels(tmp_path / "a.dng") == 80 * 100
    assert probe_pixels(tmp_path / "b.heic") == 80 * 100
    assert probe_pixels(tmp_path / "bad.nef") == DEFAULT_PIXELS
    for name in ("a.dng", "b.heic"):  # (width, height) as read_image turns the photo upright
        h, w = read_image(tmp_path / name).rgb.shape[:2]
        assert probe_size(tmp_path / name) == (w, h), name
    assert probe_size(tmp_path / "bad.nef") is None
