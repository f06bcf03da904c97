"""`matting-studio cutout` end to end on a folder of photographers' files: a DNG (RAW), a HEIC and a JPEG, each
stored turned, with metadata; the default backend; PNG and PSD outputs; --no-gps and --strip-metadata."""
from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image

from desktop.cli.main import main
from tests.photo_files import make_dng, make_heic, portrait, with_metadata

GPS_IFD = 0x8825


@pytest.fixture(scope="module")
def shoot(tmp_path_factory):
    """shoot/ with raw/portrait.dng (Orientation 6), phone.heic (8) and camera.jpg (3, with EXIF/IPTC/XMP)."""
    folder = tmp_path_factory.mktemp("shoot")
    rgb = portrait()
    (folder / "raw").mkdir()
    (folder / "raw" / "portrait.dng").write_bytes(make_dng(rgb, orientation=6))
    (folder / "phone.heic").write_bytes(make_heic(rgb, orientation=8))
    buf = io.BytesIO()
    Image.fromarray(np.rot90(rgb, 2).copy()).save(buf, "JPEG", quality=95)  # orientation 3 turns it back
    (folder / "camera.jpg").write_bytes(with_metadata(buf.getvalue(), orientation=3))
    return folder, rgb


def subject_error(rgba: np.ndarray, rgb: np.ndarray) -> float:
    """Mean colour difference (8-bit units) where the cut-out is opaque: small only when upright."""
    scale = 257.0 if rgba.dtype == np.uint16 else 1.0
    opaque = rgba[..., 3] >= 0.95 * rgba[..., 3].max()
    assert opaque.mean() > 0.2, "the subject was not found"
    return float(np.abs(rgba[..., :3].astype(float) / scale - rgb)[opaque].mean())


@pytest.mark.slow
def test_folder_of_raw_heic_and_jpeg(shoot, tmp_path, capsys):
    folder, rgb = shoot
    out = tmp_path / "out"
    assert main(["cutout", str(folder), "-o", str(out)]) == 0, capsys.readouterr().err
    assert "3 written" in capsys.readouterr().err
    expected = {"raw/portrait.png": np.uint16, "phone.png": np.uint8, "camera.png": np.uint8}
    for name, dtype in expected.items():
        import cv2

        bgra = cv2.imread(str(out / name), cv2.IMREAD_UNCHANGED)
        assert bgra is not None, name
        rgba = bgra[..., [2, 1, 0, 3]]
        assert rgba.shape == (*rgb.shape[:2], 4), name  # upright, full size
        assert rgba.dtype == dtype, name  # 16 bits from the RAW
        assert subject_error(rgba, rgb) < 12, name
    exif = Image.open(out / "camera.png").getexif()
    assert exif.get(0x0110) == "Canon EOS R5" and exif.get(0x0112) == 1 and exif.get_ifd(GPS_IFD)
    assert Image.open(out / "raw" / "portrait.png").getexif().get(0x0110) == "Bayer Test"  # RAW's EXIF too

    # the same shoot as layered PSDs, without the GPS position
    psd_out = tmp_path / "psd"
    assert main(["cutout", str(folder), "-o", str(psd_out), "--format", "psd", "--no-gps"]) == 0
    from psd_tools import PSDImage
    from psd_tools.constants import Resource

    for name, depth in (("raw/portrait.psd", 16), ("phone.psd", 8), ("camera.psd", 8)):
        psd = PSDImage.open(psd_out / name)
        assert psd.size == (rgb.shape[1], rgb.shape[0]) and psd.depth == depth, name
        assert [lay.name for lay in psd] == ["Photo"] and psd[0].has_mask(), name
    blob = PSDImage.open(psd_out / "camera.psd").image_resources.get_data(Resource.EXIF_DATA_1)
    exif = Image.Exif()
    exif.load(blob)
    assert exif.get(0x0110) == "Canon EOS R5" and not exif.get_ifd(GPS_IFD)

    stripped = tmp_path / "stripped"
    assert main(["cutout", str(folder / "camera.jpg"), "-o", str(stripped), "--format", "jpeg",
                 "--strip-metadata"]) == 0
    im = Image.open(stripped / "camera.jpg")
    assert set(im.getexif()) <= {0x0131}  # nothing of the photo's; only the app's own Software tag
    assert "xmp" not in im.info and "photoshop" not in im.info and im.size == (rgb.shape[1], rgb.shape[0])


def test_metadata_flags_are_exclusive_in_effect():
    from desktop.cli.cutout_cmd import _metadata_choice

    class Args:
        strip_metadata, no_gps = False, False

    args = Args()
    assert _metadata_choice(args) == "keep"
    args.no_gps = True
    assert _metadata_choice(args) == "no-gps"
    args.strip_metadata = True
    assert _metadata_choice(args) == "strip"
