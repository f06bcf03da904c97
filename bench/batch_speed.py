"""Times a batch of large JPEGs end to end through `matting-studio cutout` with 1 and N workers.

Each configuration runs in a fresh process (so model loading is counted once, as a user sees it) and reports
images per minute and the process's peak resident memory. The batch is the real portraits of
``../shared/data/portraits-dev`` when present, otherwise the sample portrait upscaled to 24 megapixels.

    python bench/batch_speed.py [--backend auto] [--workers 1 2] [--count 8] [--out docs/benchmarks.md]
"""
from __future__ import annotations

import argparse
import datetime
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def make_inputs(folder: Path, count: int) -> str:
    shared = REPO.parent / "shared" / "data" / "portraits-dev" / "image"
    folder.mkdir(parents=True, exist_ok=True)
    if shared.is_dir():
        files = sorted(shared.glob("*.jpg"))[:count]
        for f in files:
            shutil.copy(f, folder / f.name)
        return f"{len(files)} portraits from portraits-dev (1200-5472 px)"
    sys.path.insert(0, str(REPO))
    from PIL import Image

    from desktop.samples import ensure_samples

    src = Image.open(ensure_samples()[0]).convert("RGB").resize((6000, 4000), Image.LANCZOS)
    for i in range(count):
        src.save(folder / f"big{i}.jpg", quality=92)
    return f"{count} copies of the sample upscaled to 6000x4000 (24 MP)"


def run_once(inputs: Path, backend: str, workers: int) -> tuple[float, float]:
    out = Path(tempfile.mkdtemp(prefix="bench-out-"))
    cmd = [sys.executable, "-m", "desktop.cli.main", "cutout", str(inputs), "-o", str(out), "--backend", backend,
           "--workers", str(workers), "--overwrite"]
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    subprocess.run(cmd, cwd=REPO, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    shutil.rmtree(out, ignore_errors=True)
    return seconds, max(peak, before) / 1024.0  # MiB (ru_maxrss is KiB on Linux)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--backend", default="auto")
    ap.add_argument("--workers", type=int, nargs="+", default=[1, os.cpu_count() or 2])
    ap.add_argument("--count", type=int, default=8)
    ap.add_argument("--out", type=Path, help="append the table to this Markdown file")
    a = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-in-") as tmp:
        inputs = Path(tmp) / "in"
        what = make_inputs(inputs, a.count)
        n = len(list(inputs.iterdir()))
        rows = []
        for w in a.workers:
            seconds, peak = run_once(inputs, a.backend, w)
            rows.append(f"| {a.backend} | {w} | {n} | {seconds:.1f} | {n / seconds * 60:.1f} | {peak:.0f} |")
            print(rows[-1], flush=True)
    table = "\n".join([
        f"### Batch speed, {datetime.date.today()} — {platform.processor() or platform.machine()}, "
        f"{os.cpu_count()} cores; inputs: {what}",
        "", "| backend | workers | images | seconds | images/min | peak RSS (MiB) |", "|---|---|---|---|---|---|",
        *rows, ""])
    print(table)
    if a.out:
        with open(a.out, "a") as f:
            f.write("\n" + table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
