"""Cost of the full cut-out against the matte alone, from one run that alternates the two commands.

``matting-studio cutout IN -o OUT --workers N`` (RGBA PNG with foreground decontamination, the default) and the
same with ``--format alpha`` run in turns, ``--pairs`` times (which goes first alternates too), each in a fresh
process (model start-up included, as a user sees it). Alternating keeps both under the same machine load, so the
ratio full / alpha holds even on a shared machine where absolute times do not. Printed: each run's wall and CPU
seconds and peak resident memory, then the medians, the ratios, images per minute and the largest peak.
The batch is ``../shared/data/portraits-dev`` when present, otherwise the sample portrait upscaled to 24 MP.

    python bench/batch_speed.py [--pairs 3] [--workers 2] [--backend auto] [--count 10] [--out FILE]
"""
from __future__ import annotations

import argparse
import datetime
import os
import shutil
import statistics
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
        return f"{len(files)} portraits from portraits-dev (1200-5472 px, JPEG)"
    sys.path.insert(0, str(REPO))
    from PIL import Image

    from desktop.samples import ensure_samples

    src = Image.open(ensure_samples()[0]).convert("RGB").resize((6000, 4000), Image.LANCZOS)
    for i in range(count):
        src.save(folder / f"big{i}.jpg", quality=92)
    return f"{count} copies of the sample upscaled to 6000x4000 (24 MP)"


def machine() -> str:
    model = ""
    try:
        out = subprocess.run(["lscpu"], capture_output=True, text=True, check=False).stdout
        model = next((line.split(":", 1)[1].strip() for line in out.splitlines() if line.startswith("Model name")),
                     "")
    except OSError:
        pass
    return f"{model or 'CPU model unknown'}, {os.cpu_count()} cores"


def run_once(inputs: Path, extra: list[str], backend: str, workers: int) -> dict:
    """One CLI run in a fresh process: wall and CPU seconds, peak RSS (MiB) of that process."""
    out = Path(tempfile.mkdtemp(prefix="bench-out-"))
    cmd = [sys.executable, "-m", "desktop.cli.main", "cutout", str(inputs), "-o", str(out), "--backend", backend,
           "--workers", str(workers), "--overwrite", *extra]
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    err = proc.stderr.read().decode(errors="replace")
    proc.stderr.close()
    written = sum(1 for p in out.rglob("*") if p.is_file())
    shutil.rmtree(out, ignore_errors=True)
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{err[-2000:]}")
    return {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "peak": usage.ru_maxrss / 1024.0,
            "written": written}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--backend", default="auto")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--pairs", type=int, default=3)
    ap.add_argument("--count", type=int, default=10)
    ap.add_argument("--out", type=Path, help="append the tables to this Markdown file")
    a = ap.parse_args()
    modes = {"full": [], "alpha": ["--format", "alpha"]}
    runs = {m: [] for m in modes}
    lines = []
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="bench-in-") as tmp:
        inputs = Path(tmp) / "in"
        what = make_inputs(inputs, a.count)
        n = len(list(inputs.iterdir()))
        lines += [f"### Full cut-out vs matte alone, {datetime.date.today()} — {machine()}; `{a.backend}`, "
                  f"{a.workers} workers; inputs: {what}", "",
                  "| pair | command | wall s | CPU s | peak RSS (MiB) |", "|---|---|---|---|---|"]
        print("\n".join(lines), flush=True)
        for pair in range(a.pairs):
            order = ["full", "alpha"] if pair % 2 == 0 else ["alpha", "full"]
            for mode in order:
                r = run_once(inputs, modes[mode], a.backend, a.workers)
                if r["written"] != n:
                    raise SystemExit(f"{mode}: {r['written']} of {n} outputs written")
                runs[mode].append(r)
                lines.append(f"| {pair + 1} | {mode} | {r['wall']:.1f} | {r['cpu']:.1f} | {r['peak']:.0f} |")
                print(lines[-1], flush=True)
    load_after = os.getloadavg()[0]

    def med(mode, key):
        return statistics.median(r[key] for r in runs[mode])

    wall_ratios = [f["wall"] / al["wall"] for f, al in zip(runs["full"], runs["alpha"])]
    cpu_ratios = [f["cpu"] / al["cpu"] for f, al in zip(runs["full"], runs["alpha"])]
    summary = [
        "", "| | full cut-out | matte alone | ratio full / alpha |", "|---|---|---|---|",
        f"| wall s (median) | {med('full', 'wall'):.1f} | {med('alpha', 'wall'):.1f} | "
        f"**{statistics.median(wall_ratios):.2f}** (pairs: {', '.join(f'{r:.2f}' for r in wall_ratios)}) |",
        f"| CPU s (median) | {med('full', 'cpu'):.1f} | {med('alpha', 'cpu'):.1f} | "
        f"**{statistics.median(cpu_ratios):.2f}** (pairs: {', '.join(f'{r:.2f}' for r in cpu_ratios)}) |",
        f"| images/min (median) | {n / med('full', 'wall') * 60:.1f} | {n / med('alpha', 'wall') * 60:.1f} | |",
        f"| peak RSS, MiB (largest) | {max(r['peak'] for r in runs['full']):.0f} | "
        f"{max(r['peak'] for r in runs['alpha']):.0f} | |",
        "", f"Load average (`uptime`, 1 min) {load_before:.1f} before, {load_after:.1f} after.", ""]
    lines += summary
    print("\n".join(summary))
    if a.out:
        with open(a.out, "a") as f:
            f.write("\n" + "\n".join(lines) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
