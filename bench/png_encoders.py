"""Measures PNG (and TIFF) encoders on real cut-outs: seconds and megabytes per image, to choose the writer's.

The cut-outs are portraits-dev photos with their ground-truth alpha as RGBA (transparent pixels' colour zeroed, as
the app writes them; ``--keep-background`` keeps the photo's colours there instead). Candidates that need a
package that is not installed (imagecodecs, zlib-ng, deflate) are skipped; install them in a scratch venv to
compare. Each figure is the best of ``--repeat`` runs, one thread.

    python bench/png_encoders.py [--count 3] [--repeat 2] [--keep-background] [--filters] [--tiff]
"""
from __future__ import annotations

import argparse
import io
import sys
import time
import zlib
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
DATA = REPO.parent / "shared" / "data" / "portraits-dev"


def cutouts(count: int, keep_background: bool):
    import cv2

    from backends.imaging.reader import read_image

    for path in sorted((DATA / "image").glob("*.jpg"), key=lambda p: -p.stat().st_size)[:count]:
        rgb = read_image(path).rgb
        a = cv2.imread(str(DATA / "alpha" / path.name), cv2.IMREAD_GRAYSCALE)
        a[a < 8], a[a > 247] = 0, 255
        rgba = np.dstack([rgb, a])
        if not keep_background:
            rgba[a == 0, :3] = 0
        yield path.stem, rgba


def _filtered(px: np.ndarray, kind: int) -> bytes:
    """Rows with one PNG filter type for every row (0 none, 1 sub, 2 up, 3 average, 4 Paeth)."""
    h = px.shape[0]
    r = px.reshape(h, -1)
    bpp = px.shape[2] if px.ndim == 3 else 1
    left = np.zeros_like(r)
    left[:, bpp:] = r[:, :-bpp]
    up = np.zeros_like(r)
    up[1:] = r[:-1]
    if kind == 0:
        f = r
    elif kind == 1:
        f = r - left
    elif kind == 2:
        f = r - up
    elif kind == 3:
        f = r - ((left.astype(np.uint16) + up) >> 1).astype(np.uint8)
    else:
        ul = np.zeros_like(r)
        ul[1:, bpp:] = r[:-1, :-bpp]
        a, b, c = left.astype(np.int16), up.astype(np.int16), ul.astype(np.int16)
        p = a + b - c
        pa, pb, pc = np.abs(p - a), np.abs(p - b), np.abs(p - c)
        f = r - np.where((pa <= pb) & (pa <= pc), a, np.where(pb <= pc, b, c)).astype(np.uint8)
    out = np.empty((h, r.shape[1] + 1), np.uint8)
    out[:, 0] = kind
    out[:, 1:] = f
    return out.tobytes()


def png_candidates():
    import cv2
    from PIL import Image

    from backends.imaging.png import encode_png

    def pillow(level):
        def run(px):
            buf = io.BytesIO()
            Image.fromarray(px).save(buf, "PNG", compress_level=level)
            return buf.getvalue()
        return run

    def opencv(*params):
        return lambda px: cv2.imencode(".png", px, list(params))[1].tobytes()

    c = {"Pillow level 6 (before)": pillow(6), "Pillow level 1": pillow(1),
         "OpenCV level 1 (its default: RLE, Sub)": opencv(cv2.IMWRITE_PNG_COMPRESSION, 1),
         "OpenCV level 1, default strategy, Up": opencv(cv2.IMWRITE_PNG_COMPRESSION, 1, cv2.IMWRITE_PNG_STRATEGY,
                                                        cv2.IMWRITE_PNG_STRATEGY_DEFAULT, cv2.IMWRITE_PNG_FILTER,
                                                        cv2.IMWRITE_PNG_FILTER_UP),
         "Up + zlib level 1 (stdlib)": lambda px: zlib.compress(_filtered(px, 2), 1),
         "ours fast: Up + ISA-L level 1": lambda px: encode_png(px),
         "ours small: Up + zlib level 6": lambda px: encode_png(px, compression="small")}
    try:
        import imagecodecs as ic

        c["imagecodecs png level 1, RLE, Sub"] = lambda px: ic.png_encode(px, level=1, strategy=3, filter=16)
        c["imagecodecs spng level 1"] = lambda px: ic.spng_encode(px, level=1)
        c["Up + libdeflate level 1"] = lambda px: ic.deflate_encode(_filtered(px, 2), 1)
    except ImportError:
        pass
    try:
        from zlib_ng import zlib_ng

        c["Up + zlib-ng level 1"] = lambda px: zlib_ng.compress(_filtered(px, 2), 1)
        c["Up + zlib-ng level 2"] = lambda px: zlib_ng.compress(_filtered(px, 2), 2)
    except ImportError:
        pass
    return c


def tiff_candidates():
    import tifffile

    def tiff(**kw):
        def run(px):
            buf = io.BytesIO()
            tifffile.imwrite(buf, px, photometric="rgb", extrasamples=("unassalpha",), **kw)
            return buf.getvalue()
        return run

    from PIL import Image

    def pillow_deflate(px):
        buf = io.BytesIO()
        Image.fromarray(px).save(buf, "TIFF", compression="tiff_deflate")
        return buf.getvalue()

    c = {"Pillow tiff_deflate (before, 8-bit)": pillow_deflate, "none": tiff(),
         "deflate level 6": tiff(compression="zlib", compressionargs={"level": 6}),
         "deflate level 1": tiff(compression="zlib", compressionargs={"level": 1}),
         "deflate level 1 + predictor": tiff(compression="zlib", compressionargs={"level": 1}, predictor=True),
         "deflate level 6 + predictor": tiff(compression="zlib", compressionargs={"level": 6}, predictor=True)}
    try:
        import imagecodecs  # noqa: F401 - tifffile needs it for LZW

        c["LZW"] = tiff(compression="lzw")
        c["LZW + predictor"] = tiff(compression="lzw", predictor=True)
    except ImportError:
        pass
    return c


def measure(candidates, images, repeat):
    rows = []
    for name, fn in candidates.items():
        secs, sizes = [], []
        for _, px in images:
            best = min(_timed(fn, px) for _ in range(repeat))
            secs.append(best[0])
            sizes.append(best[1])
        rows.append((name, sum(secs), sum(sizes) / 1e6))
        print(f"| {name} | {sum(secs):.2f} | {sum(sizes) / 1e6:.1f} |", flush=True)
    return rows


def _timed(fn, px):
    start = time.perf_counter()
    size = len(fn(px))
    return time.perf_counter() - start, size


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--count", type=int, default=3, help="the largest COUNT photos of portraits-dev")
    ap.add_argument("--repeat", type=int, default=2)
    ap.add_argument("--keep-background", action="store_true")
    ap.add_argument("--filters", action="store_true", help="also compare PNG filter types (ISA-L level 1)")
    ap.add_argument("--tiff", action="store_true", help="also compare TIFF compressions")
    a = ap.parse_args()
    if not DATA.is_dir():
        print(f"needs {DATA}")
        return 1
    images = list(cutouts(a.count, a.keep_background))
    mp = sum(px.shape[0] * px.shape[1] for _, px in images) / 1e6
    print(f"{len(images)} RGBA cut-outs, {mp:.1f} megapixels in all; seconds and MB summed over them\n")
    print("| PNG encoder | seconds | MB |\n|---|---|---|")
    measure(png_candidates(), images, a.repeat)
    if a.filters:
        from isal import isal_zlib

        print("\n| PNG filter (every row), ISA-L level 1 | seconds (compression only) | MB |\n|---|---|---|")
        for kind, name in enumerate(("None", "Sub", "Up", "Average", "Paeth")):
            filtered = [(n, _filtered(px, kind)) for n, px in images]
            measure({name: lambda b: isal_zlib.compress(b, 1)}, filtered, a.repeat)
    if a.tiff:
        print("\n| TIFF compression (tifffile unless said) | seconds | MB |\n|---|---|---|")
        measure(tiff_candidates(), images, a.repeat)
    return 0


if __name__ == "__main__":
    sys.exit(main())
