"""Fault bench: interrupt a 20-file `matting-studio cutout` at random moments, then check nothing was lost or left.

Each trial starts the real CLI on the same folder and output, sends SIGINT, SIGTERM or SIGKILL after a random
delay (from start-up to the end of the batch), then runs the batch again without interruption. After the re-run:
it exits 0, every input has its output, every output decodes completely at the input's size, and no temporary
file remains. Prints one line per trial and a summary; exits 1 if any trial broke a promise.

    .venv/bin/python bench/fault_bench.py                     # 20 trials, test-slow backend (0.25 s / image)
    .venv/bin/python bench/fault_bench.py --backend auto --trials 10 --size 1200
"""
from __future__ import annotations

import argparse
import random
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from PIL import Image

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))
sys.path.insert(0, str(REPO))

from cli_support import plugin_env  # noqa: E402
from images import disc_scene  # noqa: E402

SIGNALS = {"INT": signal.SIGINT, "TERM": signal.SIGTERM, "KILL": signal.SIGKILL}


def make_inputs(folder: Path, count: int, size: int) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    sample = REPO / "resources" / "samples" / "astronaut.png"
    for i in range(count):
        if sample.exists() and i % 2:  # a real photo every other file (the auto backend needs a person)
            Image.open(sample).convert("RGB").resize((size, size)).save(folder / f"p{i:02d}.jpg", quality=92)
        else:
            rgb, _ = disc_scene(size * 3 // 4, size, seed=i)
            Image.fromarray(rgb).save(folder / f"p{i:02d}.png")


def check(src: Path, out: Path) -> list[str]:
    """What is wrong with the outputs after a complete run (empty list: nothing)."""
    problems = []
    temps = [p for p in out.rglob("*") if p.name.endswith(".part")]
    if temps:
        problems.append(f"{len(temps)} temporary file(s) left: {temps[0].name}")
    for photo in sorted(src.iterdir()):
        output = out / (photo.stem + ".png")
        if not output.exists():
            problems.append(f"{output.name} missing")
            continue
        try:
            with Image.open(output) as im:
                im.load()
                size = im.size
            with Image.open(photo) as im:
                expected = im.size
        except Exception as exc:  # noqa: BLE001 - a truncated or corrupt output
            problems.append(f"{output.name} does not decode: {exc}")
            continue
        if size != expected:
            problems.append(f"{output.name} is {size}, expected {expected}")
    return problems


def run(args: list[str], env: dict, timeout: float) -> tuple[int, str]:
    proc = subprocess.run([sys.executable, "-m", "desktop.cli.main", *args], env=env, cwd=REPO,
                          capture_output=True, text=True, timeout=timeout)
    return proc.returncode, proc.stderr


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=20)
    parser.add_argument("--files", type=int, default=20)
    parser.add_argument("--size", type=int, default=480, help="long side of the generated photos")
    parser.add_argument("--backend", default="test-slow")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2], help="alternated between trials")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--deadline", type=float, default=10.0, help="seconds an interrupted run may take to end")
    opts = parser.parse_args()
    rng = random.Random(opts.seed)
    with tempfile.TemporaryDirectory(prefix="fault-bench-") as tmp:
        tmp = Path(tmp)
        env = plugin_env(tmp / "plugins", MATTING_STUDIO_HOME=str(tmp / "home"))
        src, out = tmp / "in", tmp / "out"
        make_inputs(src, opts.files, opts.size)
        base = ["cutout", str(src), "-o", str(out), "--backend", opts.backend]
        code, err = run(base + ["--overwrite"], env, 1800)  # the first run compiles the kernels, once
        if code != 0:
            print(err, file=sys.stderr)
            return 1
        full = {}
        for workers in opts.workers:  # how long a whole batch takes: signals are sent at random within that
            t0 = time.monotonic()
            run(base + ["--overwrite", "--workers", str(workers)], env, 1800)
            full[workers] = time.monotonic() - t0
            print(f"one uninterrupted batch: {full[workers]:.1f} s ({opts.files} files, {opts.backend}, "
                  f"{workers} worker(s))")
        failures = 0
        for trial in range(opts.trials):
            name = rng.choice(sorted(SIGNALS))
            workers = opts.workers[trial % len(opts.workers)]
            delay = rng.uniform(0.1, 0.8 * full[workers])  # the batch may run faster than when it was timed
            proc = subprocess.Popen([sys.executable, "-m", "desktop.cli.main", *base, "--overwrite",
                                     "--workers", str(workers)], env=env, cwd=REPO,
                                    stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
            time.sleep(delay)
            sent = time.monotonic()
            delivered = proc.poll() is None
            if delivered:
                proc.send_signal(SIGNALS[name])
            try:
                proc.communicate(timeout=opts.deadline)
                ended = time.monotonic() - sent
                hung = False
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.communicate()
                ended, hung = time.monotonic() - sent, True
            code, err = run(base + ["--workers", str(workers)], env, 1800)
            problems = check(src, out)
            if hung:
                problems.insert(0, f"did not end within {opts.deadline} s of SIG{name}")
            if code != 0:
                problems.insert(0, f"re-run exit code {code}: {err.strip().splitlines()[-1:]}")
            failures += bool(problems)
            verdict = "ok" if not problems else "BROKEN: " + "; ".join(problems)
            what = (f"ended in {ended:4.1f} s (exit {proc.returncode})" if delivered else
                    "had finished before the signal")
            print(f"trial {trial + 1:2d}: SIG{name:<4} after {delay:5.2f} s, workers {workers}: {what}; "
                  f"re-run exit {code}; {verdict}")
        print(f"{opts.trials - failures} of {opts.trials} trials kept every promise")
        return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
