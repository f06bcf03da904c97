"""Preferences, window geometry, recent folders and the session's choices (background, edge controls), persisted with
``QSettings`` in an INI file.

The file is ``$MATTING_STUDIO_SETTINGS`` when set (tests point it at a temporary file), else ``settings.ini`` in
``backends.paths.config_dir()`` (which follows ``$MATTING_STUDIO_HOME`` for portable installs).
"""
from __future__ import annotations

import os
from dataclasses import asdict, dataclass, fields
from pathlib import Path

from PySide6.QtCore import QSettings

from backends.contract import BackendOptions
from backends.paths import config_dir

ENV = "MATTING_STUDIO_SETTINGS"
MAX_RECENT = 8


def settings_file() -> Path:
    override = os.environ.get(ENV)
    return Path(override) if override else config_dir() / "settings.ini"


def store() -> QSettings:
    path = settings_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    return QSettings(str(path), QSettings.Format.IniFormat)


@dataclass
class Preferences:
    device: str = "auto"  # "auto", "cpu" or "gpu" (see backend_options)
    threads: int = 0  # CPU inference threads, 0: automatic
    workers: int = 1  # images processed at once by "Process all"
    output_folder: str = ""
    output_format: str = "png"
    theme: str = "dark"  # "dark" or "light"
    language: str = "en"  # "en" or "zh_CN"
    backend: str = ""  # default backend id ("" = the registry's default)
    mirror: str = ""  # model download mirror
    proxy: str = ""  # model download proxy
    raw_preview: bool = True  # RAW files: edit on the camera's embedded JPEG (exports always develop the RAW)
    metadata: str = "keep"  # the photo's EXIF / IPTC / XMP in exports: "keep", "no-gps" or "strip"

    @classmethod
    def load(cls, qs: QSettings | None = None) -> Preferences:
        qs = qs or store()
        prefs = cls()
        for f in fields(cls):
            value = qs.value(f"preferences/{f.name}", getattr(prefs, f.name))
            if isinstance(getattr(prefs, f.name), bool):  # the INI file holds "true" / "false"
                value = str(value).lower() in ("true", "1", "yes")
            try:
                setattr(prefs, f.name, type(getattr(prefs, f.name))(value))
            except (TypeError, ValueError):
                pass
        return prefs

    def save(self, qs: QSettings | None = None) -> None:
        qs = qs or store()
        for name, value in asdict(self).items():
            qs.setValue(f"preferences/{name}", value)
        qs.sync()

    def backend_options(self) -> BackendOptions:
        """How backends run (device, threads), given to ``registry.get``; a bad stored value falls back to auto."""
        try:
            return BackendOptions(self.device, max(0, self.threads))
        except ValueError:
            return BackendOptions()


def recent_folders(qs: QSettings | None = None) -> list[str]:
    qs = qs or store()
    value = qs.value("recent/folders", [])
    if isinstance(value, str):
        value = [value]
    return [v for v in (value or []) if v]


def add_recent_folder(folder: str | Path, qs: QSettings | None = None) -> list[str]:
    qs = qs or store()
    folder = str(folder)
    items = [folder] + [f for f in recent_folders(qs) if f != folder]
    items = items[:MAX_RECENT]
    qs.setValue("recent/folders", items)
    qs.sync()
    return items


# --- what the window remembers between sessions (besides its geometry and dock layout) ---------------------------

def remember(key: str, value, qs: QSettings | None = None) -> None:
    """Keep ``value`` under ``session/<key>`` (a str, int, float or bool)."""
    qs = qs or store()
    qs.setValue(f"session/{key}", value)
    qs.sync()


def recall(key: str, default, qs: QSettings | None = None):
    """The value kept under ``session/<key>``, as the type of ``default``; ``default`` when absent or unreadable."""
    qs = qs or store()
    value = qs.value(f"session/{key}", None)
    if value is None:
        return default
    try:
        if isinstance(default, bool):
            return value in (True, "true", "1", 1)
        return type(default)(value)
    except (TypeError, ValueError):
        return default


def save_background(bg, qs: QSettings | None = None) -> None:
    """Keep the chosen background (``backends.imaging.compose.Background``)."""
    qs = qs or store()
    values = {"kind": bg.kind, "rgb": "#%02x%02x%02x" % tuple(bg.rgb), "path": str(bg.path or ""),
              "strength": float(bg.strength), "zoom": float(bg.zoom), "x": float(bg.offset[0]),
              "y": float(bg.offset[1])}
    for key, value in values.items():
        qs.setValue(f"background/{key}", value)
    qs.sync()


def load_background(qs: QSettings | None = None):
    """The background kept by ``save_background``; transparent when none was kept, or its image is gone."""
    from backends.imaging.compose import Background, parse_hex

    qs = qs or store()
    kind = str(qs.value("background/kind", "transparent"))
    try:
        rgb = parse_hex(str(qs.value("background/rgb", "#ffffff")))
        strength = float(qs.value("background/strength", 30.0))
        zoom = float(qs.value("background/zoom", 1.0))
        offset = (float(qs.value("background/x", 0.0)), float(qs.value("background/y", 0.0)))
    except (TypeError, ValueError):
        return Background()
    path = str(qs.value("background/path", "") or "")
    if kind == "color":
        return Background("color", rgb=rgb)
    if kind == "blur":
        return Background("blur", strength=min(100.0, max(0.0, strength)))
    if kind == "image" and path and Path(path).is_file():
        return Background("image", path=Path(path), zoom=zoom, offset=offset)
    return Background()


EDGE_NAMES = ("smooth", "feather", "contrast", "shift")


def save_edges(edges, qs: QSettings | None = None) -> None:
    """Keep the edge controls (``backends.edges.EdgeControls``)."""
    qs = qs or store()
    for name in EDGE_NAMES:
        qs.setValue(f"edges/{name}", float(getattr(edges, name)))
    qs.sync()


def load_edges(qs: QSettings | None = None):
    """The edge controls kept by ``save_edges``; none (all zero) when none were kept or they are out of range."""
    from backends.edges import EdgeControls

    qs = qs or store()
    try:
        return EdgeControls(**{name: float(qs.value(f"edges/{name}", 0.0)) for name in EDGE_NAMES})
    except (TypeError, ValueError):
        return EdgeControls()
