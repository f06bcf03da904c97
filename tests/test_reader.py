"""Reading photos: formats, bit depths, colour modes, orientation, ICC profiles and bad files."""
from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image, ImageCms

from backends.imaging.reader import ImageReadError, probe_size, read_image
from tests.images import disc_scene

RGB, _ = disc_scene(30, 40)


def save(tmp_path, name, im: Image.Image, **kw):
    path = tmp_path / name
    im.save(path, **kw)
    return path


@pytest.mark.parametrize("name,fmt", [("a.png", "PNG"), ("a.tif", "TIFF"), ("a.bmp", "BMP"),
                                      ("a.webp", "WEBP"), ("a.jpg", "JPEG")])
def test_reads_common_formats(tmp_path, name, fmt):
    kw = {"lossless": True} if fmt == "WEBP" else {}
    pic = read_image(save(tmp_path, name, Image.fromarray(RGB), format=fmt, **kw))
    assert pic.rgb.shape == (30, 40, 3) and pic.rgb.dtype == np.uint8 and pic.bit_depth == 8
    diff = np.abs(pic.rgb.astype(int) - RGB)
    assert (diff.mean() < 8) if fmt == "JPEG" else (diff.max() == 0)


def test_grey_palette_and_alpha_modes(tmp_path):
    grey = read_image(save(tmp_path, "g.png", Image.fromarray(RGB[..., 0])))
    assert grey.rgb.shape == (30, 40, 3) and np.array_equal(grey.rgb[..., 1], RGB[..., 0])
    pal = read_image(save(tmp_path, "p.png", Image.fromarray(RGB).convert("P")))
    assert pal.rgb.shape == (30, 40, 3)
    rgba = np.dstack([RGB, np.full((30, 40), 77, np.uint8)])
    with_alpha = read_image(save(tmp_path, "a.png", Image.fromarray(rgba)))
    assert np.array_equal(with_alpha.rgb, RGB) and (with_alpha.alpha == 77).all()
    la = read_image(save(tmp_path, "la.png", Image.fromarray(rgba).convert("LA")))
    assert la.alpha is not None and la.rgb.shape == (30, 40, 3)


def test_16bit_png_and_tiff_keep_their_depth(tmp_path):
    import cv2
    import tifffile

    rgb16 = (RGB.astype(np.uint16) * 257 + 3)
    cv2.imwrite(str(tmp_path / "c.png"), rgb16[..., ::-1])
    tifffile.imwrite(tmp_path / "c.tif", rgb16, photometric="rgb")
    for name in ("c.png", "c.tif"):
        pic = read_image(tmp_path / name)
        assert pic.bit_depth == 16, name
        assert np.array_equal(pic.rgb, rgb16), name
    grey16 = rgb16[..., 0]
    Image.fromarray(grey16).save(tmp_path / "g16.png")
    pic = read_image(tmp_path / "g16.png")
    assert pic.bit_depth == 16 and np.array_equal(pic.rgb[..., 2], grey16)


@pytest.mark.parametrize("orientation,shape", [(1, (30, 40)), (3, (30, 40)), (6, (40, 30)), (8, (40, 30))])
def test_exif_orientation_is_applied(tmp_path, orientation, shape):
    im = Image.fromarray(RGB)
    exif = im.getexif()
    exif[0x0112] = orientation
    pic = read_image(save(tmp_path, "r.png", im, exif=exif.tobytes()))
    assert pic.rgb.shape[:2] == shape
    assert probe_size(tmp_path / "r.png") == shape[::-1]  # the header alone says the same (width, height)
    if orientation == 6:  # rotated 90 degrees clockwise for display
        assert np.array_equal(pic.rgb, np.rot90(RGB, -1))


def test_16bit_png_with_orientation(tmp_path):
    import cv2

    rgb16 = RGB.astype(np.uint16) * 257
    ok, buf = cv2.imencode(".png", rgb16[..., ::-1])
    im = Image.open(io.BytesIO(buf.tobytes()))
    exif = Image.Exif()
    exif[0x0112] = 8
    # rewrite with an eXIf chunk via Pillow would lose 16 bits; insert the chunk by hand
    from backends.imaging.writer import _insert_png_chunk

    data = _insert_png_chunk(buf.tobytes(), b"eXIf", exif.tobytes()[6:] if exif.tobytes().startswith(b"Exif")
                             else exif.tobytes())
    (tmp_path / "o.png").write_bytes(data)
    assert im.size == (40, 30)
    pic = read_image(tmp_path / "o.png")
    assert pic.bit_depth == 16 and pic.rgb.shape == (40, 30, 3)
    assert np.array_equal(pic.rgb, np.rot90(rgb16, 1))


def test_icc_profile_is_kept(tmp_path):
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    pic = read_image(save(tmp_path, "i.jpg", Image.fromarray(RGB), icc_profile=icc))
    assert pic.icc_profile == icc


def test_cmyk_is_converted_to_rgb(tmp_path):
    pic = read_image(save(tmp_path, "k.jpg", Image.fromarray(RGB).convert("CMYK"), quality=95))
    assert pic.rgb.shape == (30, 40, 3) and pic.rgb.dtype == np.uint8
    assert np.abs(pic.rgb.astype(int) - RGB).mean() < 20


def test_bad_files_give_clear_messages(tmp_path):
    good = tmp_path / "good.jpg"
    Image.fromarray(RGB).save(good)
    cases = {
        "empty.jpg": b"",
        "text.png": b"this is not an image at all",
        "truncated.jpg": good.read_bytes()[: len(good.read_bytes()) // 2],
    }
    for name, data in cases.items():
        (tmp_path / name).write_bytes(data)
        with pytest.raises(ImageReadError, match=name.replace(".", r"\.")):
            read_image(tmp_path / name)
    with pytest.raises(ImageReadError, match="cannot read"):
        read_image(tmp_path / "missing.jpg")
    with pytest.raises(ImageReadError, match="folder"):
        read_image(tmp_path)


def test_decompression_bomb_is_refused(tmp_path):
    path = save(tmp_path, "bomb.png", Image.new("L", (20000, 20000)))
    with pytest.raises(ImageReadError, match="refused: 20000x20000 is 400 megapixels"):
        read_image(path)
    with pytest.raises(ImageReadError, match="megapixels"):
        read_image(path, max_pixels=1_000_000)


@pytest.mark.parametrize("orientation", [3, 6, 8])
@pytest.mark.parametrize("channels", [3, 4])
def test_16bit_tiff_with_orientation_is_upright(tmp_path, orientation, channels):
    """A 16-bit TIFF with an Orientation tag comes out upright like 8-bit TIFF, JPEG and 16-bit PNG do (OpenCV,
    which decodes 16-bit TIFF, turns it by itself whatever it is told, so the reader used to turn it twice)."""
    import tifffile

    from backends.imaging.orientation import orient as _orient

    rgb16 = np.dstack([RGB.astype(np.uint16) * 257 + 3, np.full((30, 40), 40000, np.uint16)])[..., :channels]
    tifffile.imwrite(tmp_path / "o.tif", rgb16, photometric="rgb", compression="zlib",
                     extrasamples=("unassalpha",) if channels == 4 else None,
                     extratags=[(274, "H", 1, orientation, True)])  # 274: Orientation
    pic = read_image(tmp_path / "o.tif")
    assert pic.bit_depth == 16
    assert np.array_equal(pic.rgb, _orient(rgb16[..., :3], orientation))
    if channels == 4:
        assert np.array_equal(pic.alpha, _orient(rgb16[..., 3], orientation))
    eight = tifffile.imread(tmp_path / "o.tif")  # the same photo at 8 bits, read by Pillow: the same way up
    tifffile.imwrite(tmp_path / "o8.tif", (eight[..., :3] >> 8).astype(np.uint8), photometric="rgb",
                     extratags=[(274, "H", 1, orientation, True)])
    assert read_image(tmp_path / "o8.tif").rgb.shape == pic.rgb.shape
