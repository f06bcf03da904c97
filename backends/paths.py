"""Where Matting Studio keeps its files: user data (installed models), cache (exports) and settings.

Everything sits under the platform's usual folders (platformdirs), or under ``$MATTING_STUDIO_HOME`` when that is
set (tests and portable installs use it, so they never touch the user's real folders).
"""
from __future__ import annotations

import os
from pathlib import Path

APP = "MattingStudio"


def _base(kind: str) -> Path:
    home = os.environ.get("MATTING_STUDIO_HOME")
    if home:
        return Path(home) / kind
    import platformdirs

    getter = {"data": platformdirs.user_data_dir, "cache": platformdirs.user_cache_dir,
              "config": platformdirs.user_config_dir}[kind]
    return Path(getter(APP, appauthor=False))


def data_dir() -> Path:
    return _base("data")


def models_dir() -> Path:
    """Installed model weights, one folder per catalog id."""
    return data_dir() / "models"


def cache_dir() -> Path:
    """Derived files that can be rebuilt (exported inference programs, thumbnails)."""
    return _base("cache")


def config_dir() -> Path:
    return _base("config")
