"""The app with photographers' files: thumbnails of RAW and HEIC files, RAW previews from the embedded JPEG at the
develop's size, the folder view listing them, and the preferences and export choices for metadata."""
from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from tests.photo_files import _unorient, make_dng, make_heic, portrait


@pytest.fixture
def folder(tmp_path):
    """shoot/ with a DNG carrying an embedded preview, a HEIC, a JPEG and a text file."""
    import exiv2

    from backends.imaging.metadata import _exiv2

    rgb = portrait()
    _exiv2()
    image = exiv2.ImageFactory.open(make_dng(rgb, 6))
    image.readMetadata()
    small = io.BytesIO()
    Image.fromarray(_unorient(rgb, 6)).resize((100, 80)).save(small, "JPEG")
    exiv2.ExifThumb(image.exifData()).setJpegThumbnail(small.getvalue())
    image.writeMetadata()
    io_ = image.io()
    shoot = tmp_path / "shoot"
    shoot.mkdir()
    (shoot / "a.dng").write_bytes(bytes(io_.mmap()))
    io_.munmap()
    (shoot / "b.heic").write_bytes(make_heic(rgb, 8))
    Image.fromarray(rgb).save(shoot / "c.jpg")
    (shoot / "notes.txt").write_text("not a photo")
    return shoot, rgb


def test_folder_view_lists_raw_and_heic_with_upright_thumbnails(folder):
    from desktop.app.items import Project
    from desktop.app.tasks import load_thumbnail

    shoot, rgb = folder
    project = Project.from_paths([shoot])
    assert [item.name for item in project.items] == ["a.dng", "b.heic", "c.jpg"]
    for item in project.items:
        thumb = load_thumbnail(item.path, 40)
        assert thumb.shape == (40, 32, 3) and thumb.dtype == np.uint8, item.name  # upright (portrait)
        small = np.asarray(Image.fromarray(rgb).resize((32, 40)), float)
        assert np.abs(thumb.astype(float) - small).mean() < 20, item.name


def test_open_image_shows_the_raw_preview_and_exports_develop(folder):
    from desktop.app.tasks import open_image

    shoot, rgb = folder
    steps = list(open_image(shoot / "a.dng", "auto", compute=False, raw_preview=True))
    picture = steps[0].picture
    assert picture.rgb.shape == rgb.shape and picture.bit_depth == 8  # the embedded JPEG at the develop's size
    full = list(open_image(shoot / "a.dng", "auto", compute=False))[0].picture
    assert full.rgb.shape == rgb.shape and full.bit_depth == 16


def test_preferences_keep_raw_preview_and_metadata(qtbot, tmp_path):
    from PySide6.QtCore import QSettings

    from desktop.app.export_dialog import ExportDialog
    from desktop.app.preferences_dialog import PreferencesDialog
    from desktop.app.settings import Preferences
    from backends.imaging.compose import Background

    qs = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    prefs = Preferences(raw_preview=False, metadata="no-gps", output_format="psd")
    prefs.save(qs)
    loaded = Preferences.load(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    assert loaded.raw_preview is False and loaded.metadata == "no-gps" and loaded.output_format == "psd"
    dialog = PreferencesDialog(loaded)
    qtbot.addWidget(dialog)
    assert dialog.result_preferences() == loaded
    dialog.raw_preview.setChecked(True)
    dialog.metadata.setCurrentIndex(dialog.metadata.findData("strip"))
    out = dialog.result_preferences()
    assert out.raw_preview and out.metadata == "strip"
    export = ExportDialog(Background(), str(tmp_path), "psd", 1, Path("IMG_1.CR3"), metadata="no-gps")
    qtbot.addWidget(export)
    settings = export.settings()
    assert settings.options.fmt == "psd" and settings.options.metadata == "no-gps"
    assert export.preview.text().endswith("IMG_1.psd")
