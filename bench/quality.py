"""Quality benchmark: the Auto backends on real portraits, the classical solvers on alphamatting.com.

* ``portraits-dev``: ``auto`` and ``auto-fast`` with no trimap; SAD and MSE on the whole image at full resolution
  (ground truth clamped: a < 8 -> 0, a > 247 -> 255), and the shares of wrongly solid pixels (extra / missed
  foreground), per image, the mean and each half of the cross-validation protocol, with the time per image.
* ``alphamatting``: closed-form, KNN and large-kernel matting with the benchmark's trimap1 and trimap2; SAD and
  MSE in the unknown region, means over the 27 objects.

Prints Markdown tables; ``--out FILE`` also writes them there. Data comes from ``../shared/data`` (or
``--data DIR``, or ``$MATTING_STUDIO_SHARED/data``).

    .venv/bin/python bench/quality.py [--only portraits|alphamatting] [--backends auto,auto-fast] [--mirrored]
                                      [--recomposed]
                                      [--solvers cf,knn,lkm] [--out FILE]
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import numpy as np
from PIL import Image

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from backends import registry  # noqa: E402
from backends.classical import solve_alpha  # noqa: E402
from backends.imaging.reader import read_image  # noqa: E402


def default_data_dir() -> Path:
    shared = Path(os.environ.get("MATTING_STUDIO_SHARED", REPO.parent / "shared"))
    return shared / "data"


def load_gt(path: Path, clamp: bool = True) -> np.ndarray:
    """Ground-truth alpha in [0, 1] (float64); JPEG noise near 0 and 255 clamped when ``clamp``."""
    gt = np.asarray(Image.open(path).convert("L")).astype(np.float64)
    if clamp:
        gt[gt < 8] = 0
        gt[gt > 247] = 255
    return gt / 255.0


def scores(pred: np.ndarray, gt: np.ndarray, region: np.ndarray | None = None) -> tuple[float, float]:
    """(SAD / 1000, MSE) of ``pred`` against ``gt``, over ``region`` when given, else the whole image."""
    diff = pred.astype(np.float64) - gt
    if region is not None:
        diff = diff[region]
    return float(np.abs(diff).sum() / 1000.0), float(np.mean(diff ** 2)) if diff.size else 0.0


def wrongly_solid(pred: np.ndarray, gt: np.ndarray) -> tuple[float, float]:
    """(extra, missed): shares of the image where the prediction is on the wrong side of 0.5 and the ground truth is
    solid: extra foreground (gt = 0, pred >= 0.5) and missed foreground (gt = 1, pred < 0.5)."""
    solid_fg = pred >= 0.5
    return float(np.mean(solid_fg & (gt == 0))), float(np.mean(~solid_fg & (gt == 1)))


def _loaded(backend_ids: list[str]) -> dict:
    """Each backend created and loaded, by id."""
    backends = {}
    for bid in backend_ids:
        backends[bid] = registry.create(bid)
        backends[bid].load()
    return backends


def portraits(data: Path, backend_ids: list[str], mirrored: bool = False) -> tuple[str, dict[str, float]]:
    """Markdown table of the portraits scores, and the mean MSE of each backend. ``mirrored``: each photo and its
    ground truth flipped left to right first (new inputs to the segmenters, the same answer)."""
    folder = data / "portraits-dev"
    images = sorted((folder / "image").glob("*.jpg"))
    backends = _loaded(backend_ids)
    rows, totals = [], {bid: [] for bid in backend_ids}
    for path in images:
        rgb = read_image(path).rgb
        gt = load_gt(folder / "alpha" / path.name)
        if mirrored:
            rgb, gt = np.ascontiguousarray(rgb[:, ::-1]), np.ascontiguousarray(gt[:, ::-1])
        cells = [path.stem, f"{rgb.shape[1]}x{rgb.shape[0]}"]
        for bid, backend in backends.items():
            t0 = time.perf_counter()
            pred = backend.predict(rgb)
            dt = time.perf_counter() - t0
            sad, mse = scores(pred, gt)
            extra, missed = wrongly_solid(pred, gt)
            totals[bid].append((sad, mse, dt, extra, missed))
            cells += [f"{sad:.1f}", f"{mse:.5f}", f"{100 * extra:.2f}", f"{100 * missed:.2f}", f"{dt:.1f}"]
            print(f"  {path.stem} {bid}: SAD {sad:.1f} MSE {mse:.5f} {dt:.1f} s", file=sys.stderr, flush=True)
        rows.append(cells)
    head = ["image", "size"]
    for bid in backend_ids:
        head += [f"{bid} SAD", f"{bid} MSE", f"{bid} extra %", f"{bid} missed %", f"{bid} s"]
    summary = []
    means = {}
    # the two halves of the cross-validation protocol (docs/benchmarks.md): even and odd positions in name order
    for label, pick in (("**mean**", slice(None)), ("half A (1st, 3rd, ...)", slice(0, None, 2)),
                        ("half B (2nd, 4th, ...)", slice(1, None, 2))):
        line = [label, ""]
        for bid in backend_ids:
            arr = np.array(totals[bid])[pick]
            if pick == slice(None):
                means[bid] = float(arr[:, 1].mean())
            line += [f"{arr[:, 0].mean():.1f}", f"{arr[:, 1].mean():.5f}", f"{100 * arr[:, 3].mean():.2f}",
                     f"{100 * arr[:, 4].mean():.2f}", f"{arr[:, 2].mean():.1f}"]
        summary.append(line)
    title = (f"### Auto backends on portraits-dev ({len(images)} portraits{', mirrored' if mirrored else ''}, whole "
             "image, full resolution)\n\n"
             "SAD = sum |pred - gt| / 1000, MSE = mean squared error, alphas in [0, 1]; extra % = share of the "
             "image wrongly solid foreground (pred >= 0.5 where gt = 0), missed % = wrongly solid background "
             "(pred < 0.5 where gt = 1); s = seconds per image.\n")
    return title + "\n" + _table(head, rows + summary), means


def alphamatting(data: Path, methods=("cf", "knn", "lkm")) -> str:
    """Markdown table of the classical solvers' mean SAD / MSE in the unknown region, per trimap set."""
    folder = data / "alphamatting"
    images = sorted((folder / "image").glob("*.png"))
    rows = []
    for method in methods:
        for tri_set in ("trimap1", "trimap2"):
            sads, mses, t0 = [], [], time.perf_counter()
            for path in images:
                rgb = np.asarray(Image.open(path).convert("RGB"))
                tri = np.asarray(Image.open(folder / tri_set / path.name).convert("L"))
                gt = load_gt(folder / "alpha" / path.name, clamp=False)
                pred = solve_alpha(rgb, tri, method)
                sad, mse = scores(pred, gt, region=(tri > 0) & (tri < 255))
                sads.append(sad)
                mses.append(mse)
            dt = (time.perf_counter() - t0) / len(images)
            rows.append([method, tri_set, f"{np.mean(sads):.1f}", f"{np.mean(mses):.5f}", f"{dt:.1f}"])
            print(f"  {method} {tri_set}: SAD {np.mean(sads):.1f} MSE {np.mean(mses):.5f}", file=sys.stderr,
                  flush=True)
    title = (f"### Classical solvers on alphamatting.com ({len(images)} objects)\n\n"
             "Mean over the objects of SAD (sum |pred - gt| / 1000) and MSE in the trimap's unknown region; "
             "s = seconds per image.\n")
    return title + "\n" + _table(["solver", "trimap", "SAD", "MSE", "s"], rows)


# backgrounds no parameter was chosen on: scikit-image's sample photos (indoor, outdoor, animal, texture) and two
# alphamatting.com photos (toys and plants in front of printed backdrops)
RECOMPOSE_BACKGROUNDS = ("skimage:coffee.png", "skimage:rocket.jpg", "skimage:motorcycle_left.png",
                         "skimage:chelsea.png", "skimage:gravel.png", "alphamatting:GT04.png")


def _background_photo(data: Path, name: str) -> np.ndarray:
    source, file = name.split(":")
    if source == "skimage":
        import skimage

        path = Path(skimage.__file__).parent / "data" / file
    else:
        path = data / "alphamatting" / "image" / file
    return np.asarray(Image.open(path).convert("RGB"))


def recomposed(data: Path, backend_ids: list[str]) -> tuple[str, dict[str, float]]:
    """Each portrait's subject (its colours estimated from the photo and the ground truth) put in front of new
    backgrounds: the same answer, surroundings nothing was tuned on. Markdown table (one row per background,
    mean / worst MSE over the portraits) and the overall mean MSE per backend."""
    from backends.imaging.compose import cover_fit
    from backends.imaging.foreground import estimate_foreground

    folder = data / "portraits-dev"
    images = sorted((folder / "image").glob("*.jpg"))
    backends = _loaded(backend_ids)
    found = {bid: {bg: [] for bg in RECOMPOSE_BACKGROUNDS} for bid in backend_ids}
    for path in images:
        rgb = read_image(path).rgb
        gt = load_gt(folder / "alpha" / path.name)
        fg = estimate_foreground(rgb, gt.astype(np.float32))
        a3 = gt.astype(np.float32)[..., None]
        for bg_name in RECOMPOSE_BACKGROUNDS:
            bg = cover_fit(_background_photo(data, bg_name), *gt.shape).astype(np.float32) / 255.0
            photo = np.clip((fg * a3 + bg * (1 - a3)) * 255.0 + 0.5, 0, 255).astype(np.uint8)
            for bid, backend in backends.items():
                _, mse = scores(backend.predict(photo), gt)
                found[bid][bg_name].append(mse)
                print(f"  {path.stem} on {bg_name} {bid}: MSE {mse:.5f}", file=sys.stderr, flush=True)
    head = ["background"] + [f"{bid} {k}" for bid in backend_ids for k in ("mean MSE", "worst MSE", "worst photo")]
    rows, means = [], {}
    for bg_name in RECOMPOSE_BACKGROUNDS:
        cells = [bg_name]
        for bid in backend_ids:
            vals = np.array(found[bid][bg_name])
            cells += [f"{vals.mean():.5f}", f"{vals.max():.5f}", images[int(vals.argmax())].stem]
        rows.append(cells)
    line = ["**all**"]
    for bid in backend_ids:
        vals = np.array([v for per in found[bid].values() for v in per])
        means[bid] = float(vals.mean())
        line += [f"{vals.mean():.5f}", f"{vals.max():.5f}", f"{np.mean(vals > 0.01) * 100:.0f} % > 0.01"]
    title = (f"### Auto backends on portraits-dev recomposed ({len(images)} subjects x "
             f"{len(RECOMPOSE_BACKGROUNDS)} new backgrounds, whole image, full resolution)\n")
    return title + "\n" + _table(head, rows + [line]), means


def _table(head: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(head) + " |", "|" + "|".join("---" for _ in head) + "|"]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=default_data_dir())
    parser.add_argument("--only", choices=("portraits", "alphamatting"))
    parser.add_argument("--backends", default="auto,auto-fast", help="comma-separated backend ids")
    parser.add_argument("--solvers", default="cf,knn,lkm", help="comma-separated classical solvers (cf, knn, lkm)")
    parser.add_argument("--mirrored", action="store_true",
                        help="portraits flipped left to right (with their ground truth): a check nothing was tuned on")
    parser.add_argument("--recomposed", action="store_true",
                        help="also the portraits' subjects in front of new backgrounds (a check nothing was tuned on)")
    parser.add_argument("--out", type=Path, help="also write the Markdown tables to this file")
    args = parser.parse_args(argv)
    if not args.data.exists():
        print(f"{args.data} is absent: nothing to benchmark", file=sys.stderr)
        return 2
    parts = ["## Quality\n"]
    backend_ids = [b for b in args.backends.split(",") if b]
    if args.only in (None, "portraits"):
        parts.append(portraits(args.data, backend_ids, args.mirrored)[0])
    if args.recomposed:
        parts.append(recomposed(args.data, backend_ids)[0])
    if args.only in (None, "alphamatting"):
        parts.append(alphamatting(args.data, tuple(m for m in args.solvers.split(",") if m)))
    text = "\n".join(parts)
    print(text)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
