"""Photographers' files made at test time by real writers: DNGs (pidng) from a portrait's Bayer-mosaicked pixels,
HEIC (pillow-heif / libheif), and photos carrying known EXIF / IPTC / XMP (written with exiv2).

Nothing here is committed data: the portrait is the sample that ``make samples`` copies from scikit-image.
"""
from __future__ import annotations

import io
from pathlib import Path

import numpy as np
from PIL import Image, ImageCms

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "resources" / "samples" / "astronaut.png"
SRGB_ICC = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
#: the sensor's response to each channel of a neutral light: what the camera's white balance has to undo
CAMERA_GAINS = (0.5, 1.0, 0.7)
# XYZ (D65) -> linear sRGB
XYZ_TO_SRGB = np.array([[3.2404542, -1.5371385, -0.4985314], [-0.9692660, 1.8760108, 0.0415560],
                        [0.0556434, -0.2040259, 1.0572252]])


def portrait(width: int = 160, height: int = 200) -> np.ndarray:
    """The sample portrait (a real photo), face and shoulders, resized: (H, W, 3) uint8, upright."""
    import pytest

    if not SAMPLE.is_file():
        pytest.skip(f"{SAMPLE} is absent: run `make samples`")
    im = Image.open(SAMPLE).convert("RGB").crop((96, 0, 416, 400))  # 320 x 400, the face in the upper third
    return np.asarray(im.resize((width, height), Image.Resampling.LANCZOS))


def make_dng(rgb: np.ndarray, orientation: int = 1, make: str = "Matting Studio", model: str = "Bayer Test") -> bytes:
    """A DNG holding ``rgb`` (uint8, sRGB) as a 14-bit RGGB Bayer mosaic seen through ``CAMERA_GAINS``, with the
    colour matrix and as-shot neutral that make LibRaw's develop give back ``rgb``, stored turned the other way
    so that its ``orientation`` tag (EXIF meaning) brings it upright."""
    from pidng.core import RAW2DNG, DNGTags, Tag
    from pidng.defs import CalibrationIlluminant, CFAPattern, DNGVersion, PhotometricInterpretation

    from backends.imaging.orientation import orient as _orient

    stored = _unorient(rgb, orientation)
    assert np.array_equal(_orient(stored, orientation), rgb)
    srgb = stored.astype(np.float64) / 255.0
    linear = np.where(srgb <= 0.04045, srgb / 12.92, ((srgb + 0.055) / 1.055) ** 2.4)
    camera = linear * np.asarray(CAMERA_GAINS)
    h, w = camera.shape[:2]
    mosaic = np.empty((h, w))
    mosaic[0::2, 0::2] = camera[0::2, 0::2, 0]
    mosaic[0::2, 1::2] = camera[0::2, 1::2, 1]
    mosaic[1::2, 0::2] = camera[1::2, 0::2, 1]
    mosaic[1::2, 1::2] = camera[1::2, 1::2, 2]
    black, white = 512, 16383
    raw = np.round(black + mosaic * (white - black)).astype(np.uint16)
    colour_matrix = np.diag(CAMERA_GAINS) @ XYZ_TO_SRGB  # XYZ -> this camera's RGB
    tags = DNGTags()
    for tag, value in [(Tag.ImageWidth, w), (Tag.ImageLength, h), (Tag.TileWidth, w), (Tag.TileLength, h),
                       (Tag.Orientation, orientation),
                       (Tag.PhotometricInterpretation, PhotometricInterpretation.Color_Filter_Array),
                       (Tag.SamplesPerPixel, 1), (Tag.BitsPerSample, 16), (Tag.CFARepeatPatternDim, [2, 2]),
                       (Tag.CFAPattern, CFAPattern.RGGB), (Tag.BlackLevel, black), (Tag.WhiteLevel, white),
                       (Tag.ColorMatrix1, [[int(round(v * 10000)), 10000] for v in colour_matrix.ravel()]),
                       (Tag.CalibrationIlluminant1, CalibrationIlluminant.D65),
                       (Tag.AsShotNeutral, [[int(g * 1000), 1000] for g in CAMERA_GAINS]),
                       (Tag.Make, make), (Tag.Model, model),
                       (Tag.DNGVersion, DNGVersion.V1_4), (Tag.DNGBackwardVersion, DNGVersion.V1_2)]:
        tags.set(tag, value)
    writer = RAW2DNG()
    writer.options(tags, path="", compress=False)
    return bytes(writer.convert(raw))


def _unorient(rgb: np.ndarray, orientation: int) -> np.ndarray:
    """The stored pixels that ``orientation`` turns into ``rgb`` (the inverse of reader._orient)."""
    inverse = {1: 1, 2: 2, 3: 3, 4: 4, 5: 5, 6: 8, 7: 7, 8: 6}[orientation]
    from backends.imaging.orientation import orient as _orient

    return _orient(rgb, inverse)


def make_heic(rgb: np.ndarray, orientation: int = 1, quality: int = 92, exif: bytes | None = None) -> bytes:
    """A HEIC written by libheif (pillow-heif) whose display is ``rgb`` (upright), stored turned the other way with
    the ``orientation`` saying how to show it (as phones write them), with the sRGB ICC profile."""
    import pillow_heif

    pillow_heif.register_heif_opener()
    stored = _unorient(rgb, orientation)
    info = Image.Exif() if exif is None else _exif_from(exif)
    info[0x0112] = orientation
    buf = io.BytesIO()
    Image.fromarray(stored).save(buf, "HEIF", quality=quality, exif=info.tobytes(), icc_profile=SRGB_ICC)
    return buf.getvalue()


def _exif_from(data: bytes) -> Image.Exif:
    exif = Image.Exif()
    exif.load(data)
    return exif


# --- known metadata, written with exiv2 and read back with other libraries --------------------------------------

KNOWN_EXIF = {
    "Exif.Image.Make": "Canon",
    "Exif.Image.Model": "Canon EOS R5",
    "Exif.Image.Artist": "Ada Lovelace",
    "Exif.Photo.DateTimeOriginal": "2024:05:17 14:03:22",
    "Exif.Photo.LensModel": "RF24-70mm F2.8 L IS USM",
    "Exif.Photo.FNumber": "28/10",
    "Exif.Photo.ExposureTime": "1/200",
    "Exif.Photo.ISOSpeedRatings": "400",
    "Exif.GPSInfo.GPSLatitudeRef": "N",
    "Exif.GPSInfo.GPSLatitude": "48/1 51/1 2400/100",
    "Exif.GPSInfo.GPSLongitudeRef": "E",
    "Exif.GPSInfo.GPSLongitude": "2/1 21/1 300/100",
}
KNOWN_IPTC = {
    "Iptc.Application2.Caption": "Astronaut portrait, studio",
    "Iptc.Application2.Byline": "Ada Lovelace",
    "Iptc.Application2.Copyright": "(c) 2024 Ada Lovelace",
}
KEYWORDS = ["portrait", "space", "studio"]
KNOWN_XMP = {
    "Xmp.dc.description": 'lang="x-default" Astronaut portrait, studio',
    "Xmp.dc.rights": 'lang="x-default" (c) 2024 Ada Lovelace',
    "Xmp.photoshop.Credit": "Matting Studio tests",
}


def with_metadata(data: bytes, orientation: int = 1, gps: bool = True) -> bytes:
    """``data`` (an encoded photo) with the known EXIF (``orientation`` too), IPTC (keywords repeated) and XMP
    (creator, subject bag, GPS position), written by exiv2."""
    import exiv2

    from backends.imaging.metadata import _exiv2

    _exiv2()  # initialised once, as the app does
    image = exiv2.ImageFactory.open(data)
    image.readMetadata()
    exif = image.exifData()
    for key, text in KNOWN_EXIF.items():
        if gps or not key.startswith("Exif.GPSInfo."):
            exif[key] = text
    exif["Exif.Image.Orientation"] = exiv2.UShortValue(orientation)
    iptc = image.iptcData()
    iptc["Iptc.Envelope.CharacterSet"] = "\x1b%G"  # UTF-8
    for key, text in KNOWN_IPTC.items():
        iptc[key] = text
    for word in KEYWORDS:
        value = exiv2.Value.create(exiv2.TypeId.string)
        value.read(word)
        iptc.add(exiv2.IptcKey("Iptc.Application2.Keywords"), value)
    xmp = image.xmpData()
    for key, text in KNOWN_XMP.items():
        xmp[key] = text
    xmp["Xmp.dc.creator"] = exiv2.XmpArrayValue(["Ada Lovelace"], exiv2.TypeId.xmpSeq)
    xmp["Xmp.dc.subject"] = exiv2.XmpArrayValue(KEYWORDS, exiv2.TypeId.xmpBag)
    if gps:
        xmp["Xmp.exif.GPSLatitude"] = "48,51.4N"
        xmp["Xmp.exif.GPSLongitude"] = "2,21.05E"
    image.writeMetadata()
    io_ = image.io()
    try:
        return bytes(io_.mmap())
    finally:
        io_.munmap()
