"""Sample portraits for the demo: copied from packages we may redistribute, never committed to the repository.

The public-domain NASA astronaut portrait (Eileen Collins) ships in scikit-image's data folder; ``python -m
desktop.samples`` copies it into ``resources/samples/`` so that ``make run`` has something to cut out offline.
"""
from __future__ import annotations

import shutil
import sys
from importlib import resources as importlib_resources
from pathlib import Path

SAMPLES_DIR = Path(__file__).resolve().parents[1] / "resources" / "samples"
#: (package, file inside it, name in resources/samples, licence)
SOURCES = [("skimage", "data/astronaut.png", "astronaut.png", "public domain (NASA)")]


def ensure_samples(target: Path = SAMPLES_DIR) -> list[Path]:
    """Copy the sample images into ``target`` if they are missing; returns the sample paths present."""
    target.mkdir(parents=True, exist_ok=True)
    for package, inner, name, _licence in SOURCES:
        dest = target / name
        if dest.exists():
            continue
        try:
            src = importlib_resources.files(package).joinpath(inner)
        except ModuleNotFoundError:
            print(f"note: {package} is not installed; sample {name} skipped", file=sys.stderr)
            continue
        with importlib_resources.as_file(src) as path:
            if Path(path).exists():
                shutil.copyfile(path, dest)
    return sorted(p for p in target.iterdir() if p.suffix.lower() in (".png", ".jpg", ".jpeg"))


if __name__ == "__main__":
    for p in ensure_samples():
        print(p)
