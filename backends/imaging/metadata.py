"""Photo metadata carried from the input into every output: EXIF (camera, lens, capture time, GPS), IPTC and XMP.

``read_metadata`` takes what a photo carries (JPEG, PNG, TIFF, WebP, HEIF/AVIF, PSD and camera RAW files) into a
``Metadata``: plain data holding the descriptive tags only -- camera, lens, exposure, capture time, GPS, the IPTC
caption / creator / copyright / keywords and the XMP packet -- never the tags that describe the source file's own
pixels (size, compression, strips, a RAW's sensor and colour calibration, thumbnails, maker notes).
``embed`` writes it into an encoded JPEG, PNG (eXIf, iTXt XMP), TIFF, WebP or PSD with the orientation set to 1
(the pixels are written upright), the GPS position left out (``no-gps``) or nothing at all (``strip``).

Both sides go through exiv2 (the python-exiv2 binding of libexiv2, the library digiKam and darktable use): no
metadata byte is parsed or laid out here.
"""
from __future__ import annotations

import threading
from dataclasses import dataclass

KEEP, NO_GPS, STRIP = "keep", "no-gps", "strip"
POLICIES = (KEEP, NO_GPS, STRIP)

#: IFD0 tags that describe the photo rather than the file's pixels (everything else in IFD0 is left behind: sizes,
#: strips, compression, DNG calibration...)
IMAGE_TAGS = frozenset(f"Exif.Image.{name}" for name in (
    "Make", "Model", "ImageDescription", "Artist", "Copyright", "DateTime", "DateTimeOriginal", "Orientation",
    "XResolution", "YResolution", "ResolutionUnit", "Rating", "RatingPercent", "XPTitle", "XPComment", "XPAuthor",
    "XPKeywords", "XPSubject", "CameraSerialNumber", "ImageUniqueID", "HostComputer", "DocumentName"))
#: kept groups besides IFD0's descriptive tags: the Exif sub-IFD, GPS and interoperability
KEPT_GROUPS = ("Photo", "GPSInfo", "Iop")
#: written by exiv2 itself (sub-IFD pointers), or describing the source's pixels / private to the source file
DROPPED_TAGS = frozenset({
    "Exif.Image.ExifTag", "Exif.Image.GPSTag", "Exif.Photo.InteroperabilityTag", "Exif.Photo.MakerNote",
    "Exif.Photo.PixelXDimension", "Exif.Photo.PixelYDimension", "Exif.Photo.ComponentsConfiguration",
    "Exif.Photo.CompressedBitsPerPixel"})
#: XMP that must not follow the pixels: the RAW converter's settings (Lightroom would develop the cut-out again)
#: and the source file's pixel description
XMP_DROPPED_PREFIXES = ("Xmp.crs.", "Xmp.crss.", "Xmp.tiff.ImageWidth", "Xmp.tiff.ImageLength",
                        "Xmp.tiff.BitsPerSample", "Xmp.tiff.Compression", "Xmp.tiff.PhotometricInterpretation",
                        "Xmp.tiff.SamplesPerPixel", "Xmp.tiff.PlanarConfiguration", "Xmp.exif.PixelXDimension",
                        "Xmp.exif.PixelYDimension")

#: what each output container holds, by exiv2's MIME type (WebP has no IPTC; exiv2's WebP class under-reports
#: what it writes, so its own supportsMetadata() is not asked)
WRITABLE = {"image/jpeg": ("exif", "iptc", "xmp"), "image/png": ("exif", "iptc", "xmp"),
            "image/tiff": ("exif", "iptc", "xmp"), "image/webp": ("exif", "xmp"),
            "image/x-photoshop": ("exif", "iptc", "xmp")}

_lock = threading.Lock()
_ready = False


class MetadataError(ValueError):
    """The metadata cannot be written into an output; the message is for the user."""


@dataclass(frozen=True)
class Metadata:
    """What a photo says about itself. ``exif`` and ``iptc`` hold (key, exiv2 type id, value as text) in file
    order (IPTC keywords repeat their key); ``xmp`` is the XMP packet, or ""."""

    exif: tuple[tuple[str, int, str], ...] = ()
    iptc: tuple[tuple[str, int, str], ...] = ()
    xmp: str = ""

    def __bool__(self) -> bool:
        return bool(self.exif or self.iptc or self.xmp)

    def get(self, key: str) -> str | None:
        """The first value of an EXIF or IPTC key (``Exif.Image.Model``, ``Iptc.Application2.Caption``) as text."""
        for k, _type, text in self.exif + self.iptc:
            if k == key:
                return text
        return None

    def values(self, key: str) -> list[str]:
        """Every value of a key (IPTC keywords repeat)."""
        return [text for k, _type, text in self.exif + self.iptc if k == key]

    @property
    def has_gps(self) -> bool:
        return any(k.startswith("Exif.GPSInfo.") for k, _t, _v in self.exif) or "exif:GPS" in self.xmp


def _exiv2():
    """The exiv2 module, set up once: the XMP toolkit initialised (it is not thread-safe to do it lazily) and
    exiv2's warnings about odd files silenced (errors still raise)."""
    global _ready
    import exiv2

    if not _ready:
        with _lock:
            if not _ready:
                exiv2.XmpParser.initialize()
                exiv2.LogMsg.setLevel(exiv2.LogMsg.Level.mute)
                _ready = True
    return exiv2


def _kept_exif_key(key: str) -> bool:
    if key in DROPPED_TAGS:
        return False
    if key.startswith("Exif.Image."):
        return key in IMAGE_TAGS
    return key.split(".")[1] in KEPT_GROUPS


def read_metadata(data: bytes) -> Metadata | None:
    """The descriptive metadata of an encoded photo (any format exiv2 reads), or None when it has none or it
    cannot be read (the photo itself may still be fine)."""
    try:
        exiv2 = _exiv2()
        image = exiv2.ImageFactory.open(data)
        image.readMetadata()
        exif_data = image.exifData()
        exif = [(d.key(), int(d.typeId()), d.toString()) for d in exif_data if _kept_exif_key(d.key())]
        if not any(k == "Exif.Photo.LensModel" for k, _t, _v in exif):
            lens = _lens_from_maker_notes(exiv2, exif_data)
            if lens:
                exif.append(("Exif.Photo.LensModel", int(exiv2.TypeId.asciiString), lens))
        iptc = [(d.key(), int(d.typeId()), d.toString()) for d in image.iptcData()]
        xmp = image.xmpPacket() or ""
    except Exception:  # noqa: BLE001 - exiv2 raises its own error for a file it cannot parse; the pixels are the reader's job
        return None
    metadata = Metadata(tuple(exif), tuple(iptc), xmp)
    return metadata or None


def _lens_from_maker_notes(exiv2, exif_data) -> str | None:
    """Older cameras name the lens only in their maker notes, which are not copied: exiv2 finds it there."""
    try:
        found = exiv2.lensName(exif_data)
        if found is None or found == exif_data.end():
            return None
        text = found.print(exif_data).strip()
    except Exception:  # noqa: BLE001 - a tag exiv2 cannot print is left out
        return None
    return text if text and not text.startswith("(") and not text.isdigit() else None


def embed(data: bytes, metadata: Metadata | None, policy: str = KEEP, size: tuple[int, int] | None = None) -> bytes:
    """``data`` (an encoded JPEG, PNG, TIFF, WebP or PSD) with ``metadata`` written into it under ``policy``;
    ``size`` (width, height) of the written pixels updates the EXIF/XMP pixel dimensions."""
    if policy not in POLICIES:
        raise ValueError(f"unknown metadata policy {policy!r}; choose from {', '.join(POLICIES)}")
    if policy == STRIP or not metadata:
        return data
    exiv2 = _exiv2()
    no_gps = policy == NO_GPS
    try:
        image = exiv2.ImageFactory.open(data)
        image.readMetadata()  # what the encoder wrote (the ICC profile) stays
        holds = WRITABLE.get(image.mimeType(), ())
        if "exif" in holds:
            exif = _exif_data(exiv2, metadata, no_gps, size)
            software = _find(exiv2, image.exifData(), "Exif.Image.Software")
            if software is not None:  # the encoder names this app (so scans know our outputs): it stays
                exif["Exif.Image.Software"] = software.toString()
            image.setExifData(exif)
        if metadata.iptc and "iptc" in holds:
            image.setIptcData(_iptc_data(exiv2, metadata))
        if metadata.xmp and "xmp" in holds:
            image.setXmpPacket(metadata.xmp)
            _filter_xmp(image.xmpData(), no_gps, size)
            image.writeXmpFromPacket(False)
        image.writeMetadata()
        io = image.io()
        view = io.mmap()
        try:
            return bytes(view)
        finally:
            io.munmap()
    except Exception as exc:  # noqa: BLE001 - exiv2.Exiv2Error, or a value it refused
        raise MetadataError(f"cannot copy the photo's metadata into the output ({exc}); "
                            f"--strip-metadata writes it without") from None


def _exif_data(exiv2, metadata: Metadata, no_gps: bool, size: tuple[int, int] | None):
    exif = exiv2.ExifData()
    for key, type_id, text in metadata.exif:
        if no_gps and key.startswith("Exif.GPSInfo."):
            continue
        value = exiv2.Value.create(exiv2.TypeId(type_id))
        if value.read(text) != 0:
            continue  # a value exiv2 cannot take back is left out rather than written wrong
        exif.add(exiv2.ExifKey(key), value)
    if exif.findKey(exiv2.ExifKey("Exif.Image.Orientation")) != exif.end():
        exif["Exif.Image.Orientation"] = exiv2.UShortValue(1)
    if size is not None and any(k.startswith("Exif.Photo.") for k, _t, _v in metadata.exif):
        exif["Exif.Photo.PixelXDimension"] = exiv2.ULongValue(int(size[0]))
        exif["Exif.Photo.PixelYDimension"] = exiv2.ULongValue(int(size[1]))
    return exif


def _find(exiv2, exif, key: str):
    found = exif.findKey(exiv2.ExifKey(key))
    return None if found == exif.end() else found


def _iptc_data(exiv2, metadata: Metadata):
    iptc = exiv2.IptcData()
    for key, type_id, text in metadata.iptc:
        value = exiv2.Value.create(exiv2.TypeId(type_id))
        if value.read(text) == 0:
            iptc.add(exiv2.IptcKey(key), value)
    return iptc


def _filter_xmp(xmp, no_gps: bool, size: tuple[int, int] | None) -> None:
    drop = [d.key() for d in xmp if d.key().startswith(XMP_DROPPED_PREFIXES)
            or (no_gps and d.key().startswith("Xmp.exif.GPS"))]
    for key in drop:
        found = xmp.findKey(_exiv2().XmpKey(key))
        if found != xmp.end():
            xmp.erase(found)
    if any(d.key() == "Xmp.tiff.Orientation" for d in xmp):
        xmp["Xmp.tiff.Orientation"] = "1"
