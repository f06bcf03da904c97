"""Metadata round trip: known EXIF / IPTC / XMP written into an input (by exiv2), cut out to every format, read back
by other libraries (Pillow for EXIF and IPTC, the XML parser for the XMP packet, psd-tools for the PSD's resources)."""
from __future__ import annotations

import io
import xml.etree.ElementTree as ET

import numpy as np
import pytest
from PIL import Image, IptcImagePlugin

from backends.cutout import ExportOptions, render
from backends.imaging.metadata import Metadata, embed, read_metadata
from backends.imaging.reader import read_image
from tests.photo_files import KEYWORDS, portrait, with_metadata

NS = {"rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#", "dc": "http://purl.org/dc/elements/1.1/",
      "photoshop": "http://ns.adobe.com/photoshop/1.0/", "exif": "http://ns.adobe.com/exif/1.0/",
      "tiff": "http://ns.adobe.com/tiff/1.0/"}
GPS_IFD, EXIF_IFD = 0x8825, 0x8769


@pytest.fixture(scope="module")
def tagged_jpeg(tmp_path_factory) -> bytes:
    """A portrait stored turned (Orientation 6), with the known metadata."""
    rgb = portrait(90, 120)
    buf = io.BytesIO()
    Image.fromarray(np.rot90(rgb, 1).copy()).save(buf, "JPEG", quality=95)  # orientation 6 turns it back
    return with_metadata(buf.getvalue(), orientation=6)


def alpha_for(shape) -> np.ndarray:
    h, w = shape[:2]
    alpha = np.zeros((h, w), np.float32)
    alpha[h // 6: h - h // 8, w // 5: w - w // 5] = 1.0
    return alpha


class Read:
    """What a second library finds in an output: EXIF (Pillow), IPTC (Pillow), XMP (ElementTree)."""

    def __init__(self, data: bytes, fmt: str):
        self.exif, self.iptc, self.xmp = Image.Exif(), {}, None
        if fmt == "psd":
            from psd_tools import PSDImage
            from psd_tools.constants import Resource

            psd = PSDImage.open(io.BytesIO(data))
            self.size = psd.size
            blob = psd.image_resources.get_data(Resource.EXIF_DATA_1)
            if blob:
                self.exif.load(blob)
            xmp = psd.image_resources.get_data(Resource.XMP_METADATA)
            self.iptc_blob = psd.image_resources.get_data(Resource.IPTC_NAA) or b""
        else:
            im = Image.open(io.BytesIO(data))
            self.size = im.size
            self.exif = im.getexif()
            xmp = im.info.get("xmp") or im.info.get("XML:com.adobe.xmp")
            if fmt in ("jpeg", "tiff"):
                self.iptc = IptcImagePlugin.getiptcinfo(im) or {}
        if xmp:
            self.xmp = ET.fromstring(xmp.encode() if isinstance(xmp, str) else xmp.strip(b"\x00 "))

    def xmp_values(self, prop: str) -> list[str]:
        """Every value of ``prefix:name`` in the XMP: attribute, simple element, or rdf:li items."""
        if self.xmp is None:
            return []
        prefix, name = prop.split(":")
        qname = f"{{{NS[prefix]}}}{name}"
        found = []
        for desc in self.xmp.iter(f"{{{NS['rdf']}}}Description"):
            if qname in desc.attrib:
                found.append(desc.attrib[qname])
            for el in desc.findall(qname):
                items = el.findall(".//rdf:li", NS)
                found += [li.text for li in items] if items else [el.text]
        return found


FORMATS = ["png", "tiff", "jpeg", "webp", "psd"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_metadata_survives_every_format(tmp_path, tagged_jpeg, fmt):
    pic = read_image(tagged_jpeg)
    assert pic.rgb.shape == (120, 90, 3)  # upright
    out = Read(render(pic, alpha_for(pic.rgb.shape), ExportOptions(fmt=fmt)), fmt)
    assert out.size == (90, 120)
    exif, photo = out.exif, out.exif.get_ifd(EXIF_IFD)
    assert exif.get(0x010F) == "Canon" and exif.get(0x0110) == "Canon EOS R5" and exif.get(0x013B) == "Ada Lovelace"
    assert exif.get(0x0112) == 1  # the pixels are written upright
    assert photo.get(0xA434) == "RF24-70mm F2.8 L IS USM" and photo.get(0x9003) == "2024:05:17 14:03:22"
    assert float(photo.get(0x829D)) == pytest.approx(2.8) and float(photo.get(0x829A)) == pytest.approx(1 / 200)
    assert (photo.get(0xA002), photo.get(0xA003)) == (90, 120)  # the output's pixel size
    gps = exif.get_ifd(GPS_IFD)
    assert gps.get(1) == "N" and [float(v) for v in gps.get(2)] == pytest.approx([48, 51, 24])
    assert out.xmp_values("dc:description") == ["Astronaut portrait, studio"]
    assert out.xmp_values("dc:creator") == ["Ada Lovelace"]
    assert out.xmp_values("dc:rights") == ["(c) 2024 Ada Lovelace"]
    assert out.xmp_values("dc:subject") == KEYWORDS
    assert out.xmp_values("photoshop:Credit") == ["Matting Studio tests"]
    assert out.xmp_values("exif:GPSLatitude")
    if fmt in ("jpeg", "tiff"):  # IPTC IIM: (record, dataset) -> value
        assert out.iptc[(2, 120)] == b"Astronaut portrait, studio"
        assert out.iptc[(2, 80)] == b"Ada Lovelace" and out.iptc[(2, 116)] == b"(c) 2024 Ada Lovelace"
        assert out.iptc[(2, 25)] == [w.encode() for w in KEYWORDS]
    if fmt == "psd":  # Photoshop's IPTC resource (the IIM records themselves)
        assert b"Astronaut portrait, studio" in out.iptc_blob and b"(c) 2024 Ada Lovelace" in out.iptc_blob


@pytest.mark.parametrize("fmt", ["png", "tiff", "psd"])
def test_16bit_outputs_carry_the_metadata(tmp_path, tagged_jpeg, fmt):
    import tifffile

    rgb16 = portrait(60, 80).astype(np.uint16) * 257
    buf = io.BytesIO()
    tifffile.imwrite(buf, rgb16, photometric="rgb")
    pic = read_image(with_metadata(buf.getvalue()))
    assert pic.bit_depth == 16
    data = render(pic, alpha_for(pic.rgb.shape), ExportOptions(fmt=fmt))
    out = Read(data, fmt)
    assert out.exif.get(0x0110) == "Canon EOS R5" and out.exif.get_ifd(GPS_IFD)
    assert out.xmp_values("dc:subject") == KEYWORDS
    if fmt == "tiff":  # exiv2 rewrote the TIFF: the pixels and the straight alpha are intact
        back = read_image(data)
        assert back.bit_depth == 16 and back.alpha is not None and np.array_equal(back.rgb[30, 30], pic.rgb[30, 30])


@pytest.mark.parametrize("fmt", FORMATS)
def test_no_gps_leaves_out_the_position_only(tagged_jpeg, fmt):
    pic = read_image(tagged_jpeg)
    out = Read(render(pic, alpha_for(pic.rgb.shape), ExportOptions(fmt=fmt, metadata="no-gps")), fmt)
    assert not out.exif.get_ifd(GPS_IFD)
    assert out.xmp_values("exif:GPSLatitude") == [] and out.xmp_values("exif:GPSLongitude") == []
    assert out.exif.get(0x0110) == "Canon EOS R5" and out.xmp_values("dc:subject") == KEYWORDS


@pytest.mark.parametrize("fmt", FORMATS)
def test_strip_writes_none(tagged_jpeg, fmt):
    pic = read_image(tagged_jpeg)
    out = Read(render(pic, alpha_for(pic.rgb.shape), ExportOptions(fmt=fmt, metadata="strip")), fmt)
    assert not out.exif.get(0x0110) and not out.exif.get_ifd(GPS_IFD) and out.xmp is None and not out.iptc


def test_only_descriptive_tags_are_kept():
    """A DNG's sensor description (CFA, colour matrices, strips) and a RAW converter's XMP settings never reach the
    outputs: a TIFF carrying DNGVersion would pass for a DNG."""
    from tests.photo_files import make_dng

    md = read_metadata(make_dng(portrait(40, 50)))
    keys = [k for k, _t, _v in md.exif]
    assert keys == ["Exif.Image.Make", "Exif.Image.Model", "Exif.Image.Orientation"]
    packet = ('<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
              '<rdf:Description rdf:about="" xmlns:crs="http://ns.adobe.com/camera-raw-settings/1.0/" '
              'xmlns:dc="http://purl.org/dc/elements/1.1/" crs:Exposure2012="+1.00"><dc:format>image/x</dc:format>'
              '</rdf:Description></rdf:RDF></x:xmpmeta>')
    data = embed(_png(), Metadata(xmp=packet))
    text = Image.open(io.BytesIO(data)).info["xmp"]
    text = text.decode() if isinstance(text, bytes) else text
    assert "Exposure2012" not in text and "image/x" in text


def _png() -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (4, 4)).save(buf, "PNG")
    return buf.getvalue()


def test_unreadable_metadata_never_stops_the_picture():
    assert read_metadata(b"not an image") is None
    assert read_metadata(_png()) is None  # nothing to carry


@pytest.mark.parametrize("depth", [8, 16])
def test_tiff_alpha_is_unassociated_after_the_metadata_rewrite(tagged_jpeg, depth):
    """--format tiff: the alpha is an unassociated (straight) extra sample, ExtraSamples = 2, which Photoshop and
    Lightroom read as transparency; exiv2's rewrite of the file keeps it so (read back with tifffile)."""
    import tifffile

    pic = read_image(tagged_jpeg)
    if depth == 16:
        pic.rgb = pic.rgb.astype(np.uint16) * 257
    data = render(pic, alpha_for(pic.rgb.shape), ExportOptions(fmt="tiff"))
    with tifffile.TiffFile(io.BytesIO(data)) as tif:
        page = tif.pages.first
        assert page.samplesperpixel == 4 and page.bitspersample == depth
        assert tuple(page.extrasamples) == (2,)  # EXTRASAMPLE.UNASSALPHA
        assert page.tags["Model"].value == "Canon EOS R5"


@pytest.mark.parametrize("fmt", ["png", "tiff", "jpeg", "webp"])
def test_outputs_still_name_this_app_as_software(tmp_path, tagged_jpeg, fmt):
    """The photo's metadata replaces the file's EXIF, but the Software tag the encoder wrote (how a scan of a folder
    tells our outputs from photos) stays."""
    from backends.imaging.writer import is_own_output

    pic = read_image(tagged_jpeg)
    for depth in (8, 16):
        if depth == 16 and fmt in ("jpeg", "webp"):
            continue
        if depth == 16:
            pic.rgb = pic.rgb.astype(np.uint16) * 257
        path = tmp_path / f"out{depth}.{fmt}"
        path.write_bytes(render(pic, alpha_for(pic.rgb.shape), ExportOptions(fmt=fmt)))
        assert is_own_output(path), (fmt, depth)
        assert Image.open(path).getexif().get(0x0110) == "Canon EOS R5"
