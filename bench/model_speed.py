"""Latency and peak memory of each zoo network per runtime: 512x512, and a 24 MP photo through the official pipeline.

    python bench/model_speed.py                      # every network, every CPU runtime, both sizes
    python bench/model_speed.py --models ppmattingv2-stdc1-human_512 --runtimes openvino,dygraph --sizes 512
    python bench/model_speed.py --out docs/benchmarks-runtimes.md

Each (network, runtime, size) runs in a fresh child process: a first child exports and parity-checks the model for
that input shape (what a user's first photo of that size costs: "first run"), a second one loads it from the cache,
runs it once to warm up, then ``--repeat`` times; the table shows the median and the child's peak resident memory
(network weights included). Weights are the deterministic reference weights of ``../shared/reference`` (speed does
not depend on the values). "max diff" is max |runtime - dygraph| on the benchmark input (the parity check's
verdict). The floor is the arithmetic floor: 2 x multiply-accumulates / 200 GFLOP/s (a numpy SGEMM's speed on the
2-core machine these targets were set on), scaled by the network input's pixel count.
"""
from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("MATTING_STUDIO_SHARED", REPO.parent / "shared"))
BENCH_HOME = str(Path("/tmp") / "matting-studio-bench")

# multiply-accumulates (G) at 512x512: the zoo's "FLOPs" column / paddle.flops (manifests)
GMACS_512 = {
    "ppmattingv2-stdc1-human_512": 7.507,
    "modnet-mobilenetv2": 15.656,
    "ppmatting-hrnet_w18-human_512": 91.282,
    "ppmatting-hrnet_w18-human_1024": 91.282,
    "human_matting-resnet34_vd": 8.517,
    "modnet-resnet50_vd": 151.647,
    "modnet-hrnet_w18": 28.5,
    "dim-vgg16": 175.472,
}
GFLOPS_MACHINE = 200.0
# targets at 512x512 (seconds); the others: 1.5 x floor
TARGETS_512 = {"ppmattingv2-stdc1-human_512": 0.115, "modnet-mobilenetv2": 0.235,
               "ppmatting-hrnet_w18-human_512": 1.4, "ppmatting-hrnet_w18-human_1024": 1.4}
RUNTIMES = ["openvino", "onnxruntime", "paddle-inference", "dygraph"]
# 24 MP cases too large for this machine's memory by default (DIM runs at 3840x2560 there)
HUGE = {("dim-vgg16", "24mp")}


def floor_s(name: str, h: int, w: int) -> float:
    return 2 * GMACS_512[name] * (h * w) / (512 * 512) / GFLOPS_MACHINE


def target_s(name: str) -> float:
    return TARGETS_512.get(name, 1.5 * floor_s(name, 512, 512))


# ---------------------------------------------------------------- child process


def _peak_rss_mb() -> float:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _photo(h: int, w: int, needs_trimap: bool):
    import numpy as np

    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    person = ((yy - 0.55 * h) / (0.4 * h)) ** 2 + ((xx - 0.5 * w) / (0.22 * w)) ** 2 < 1
    img = np.stack([120 + 80 * np.sin(xx / 97.0 + k) * np.cos(yy / 131.0) for k in range(3)], axis=-1)
    img[person] = [200, 160, 140]
    img = np.clip(img + np.random.default_rng(0).normal(0, 6, (1, w, 1)), 0, 255).astype(np.uint8)
    trimap = None
    if needs_trimap:
        import cv2

        mask = person.astype(np.uint8) * 255
        k = np.ones((41, 41), np.uint8)
        trimap = np.where(cv2.erode(mask, k) > 0, 255, np.where(cv2.dilate(mask, k) > 0, 128, 0)).astype(np.uint8)
    return img, trimap


def child(case: dict) -> dict:
    import numpy as np

    sys.path.insert(0, str(REPO))
    sys.path.insert(0, str(SHARED / "reference"))
    import weights

    from backends.models import build_with_weights
    from backends.models.pipeline import plan_sizes
    from backends.models.specs import spec
    from backends.runtimes import create_runtime, predict
    from backends.runtimes.exported import synthetic_inputs

    name, kind, size = case["name"], case["runtime"], case["size"]
    manifest = weights.load_manifest(SHARED / "reference" / "manifests" / f"{name}.json")
    net = build_with_weights(name, weights.reference_state_dict(manifest, 1))
    needs = spec(name).needs_trimap
    rt = create_runtime(kind, name, net, "cpu", threads=case["threads"])
    if size == "512":
        shapes = {"img": (1, 3, 512, 512)}
        if needs:
            shapes["trimap"] = (1, 1, 512, 512)
        inputs = synthetic_inputs(shapes)
        net_hw = (512, 512)

        def once():
            return rt.run(inputs)
    else:
        h, w = 4000, 6000
        image, trimap = _photo(h, w, needs)
        net_hw = plan_sizes(name, h, w)[-1]

        def once():
            return predict(rt, name, image, trimap)

    result = {"net_hw": list(net_hw)}
    if case["phase"] == "prepare":
        t0 = time.perf_counter()
        once()
        result["first_s"] = time.perf_counter() - t0
        verdict = next(iter(getattr(rt, "verdicts", {}).values()), None)
        if verdict is not None:
            result["uses_export"] = bool(verdict.get("ok"))
            result["max_diff"] = verdict.get("max_abs_diff")
            result["reason"] = verdict.get("reason")
        return result
    once()  # warm-up (loads the cached export)
    times = []
    for _ in range(case["repeat"]):
        t0 = time.perf_counter()
        once()
        times.append(time.perf_counter() - t0)
    result.update(median_s=statistics.median(times), min_s=min(times), times=times, peak_mb=_peak_rss_mb())
    verdict = next(iter(getattr(rt, "verdicts", {}).values()), None)
    if verdict is not None:
        result["uses_export"] = bool(verdict.get("ok"))
        result["max_diff"] = verdict.get("max_abs_diff")
    result["stats"] = dict(getattr(rt, "stats", {}))
    np.asarray(0)
    return result


def run_child(case: dict, timeout: float) -> dict:
    cmd = [sys.executable, str(Path(__file__).resolve()), "--child", json.dumps(case)]
    # keep benchmark exports out of the user's cache
    env = dict(os.environ, MATTING_STUDIO_HOME=os.environ.get("MATTING_STUDIO_HOME") or BENCH_HOME)
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, cwd=REPO, env=env)
    except subprocess.TimeoutExpired:
        return {"error": f"timed out after {timeout:.0f} s"}
    for line in reversed(proc.stdout.splitlines()):
        if line.startswith("RESULT "):
            return json.loads(line[7:])
    tail = (proc.stderr or proc.stdout).strip().splitlines()[-3:]
    return {"error": f"exit {proc.returncode}: " + " | ".join(tail)[-300:]}


# ---------------------------------------------------------------- table


def _ms(s):
    return "-" if s is None else (f"{s * 1000:.0f} ms" if s < 10 else f"{s:.1f} s")


def machine_line(threads: int) -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        load = "load average %.2f %.2f %.2f" % os.getloadavg()
    except OSError:
        load = ""
    versions = []
    for mod in ("paddle", "openvino", "onnxruntime", "paddle2onnx"):
        try:
            versions.append(f"{mod} {__import__(mod).__version__.split('-')[0]}")
        except Exception:  # noqa: BLE001 - a package that cannot say its version
            pass
    return (f"{datetime.date.today().isoformat()}, {cpu}, {os.cpu_count()} cores, {threads} threads, "
            f"{load}; {', '.join(versions)}")


def table(rows: list[dict], threads: int) -> str:
    out = [f"Machine: {machine_line(threads)}", "",
           "| model | size (network input) | runtime | median | first run (export + check) | peak memory | "
           "max diff vs dygraph | floor | target | verdict |",
           "|---|---|---|---|---|---|---|---|---|---|"]
    for r in rows:
        name, size = r["name"], r["size"]
        if "error" in r:
            out.append(f"| {name} | {size} | {r['runtime']} | error: {r['error']} | | | | | | |")
            continue
        h, w = r.get("net_hw", (512, 512))
        fl = floor_s(name, h, w)
        tgt = target_s(name) if size == "512" else None
        med = r.get("median_s")
        diff = r.get("max_diff")
        used = r.get("uses_export")
        note = ""
        if r["runtime"] != "dygraph" and used is False:
            note = "export rejected, ran dygraph"
        elif tgt is not None and med is not None:
            note = "meets target" if med <= tgt else "misses target"
        label = "512x512" if size == "512" else f"24 MP ({w}x{h})"
        out.append(f"| {name} | {label} | {r['runtime']} | {_ms(med)} | {_ms(r.get('first_s'))} | "
                   f"{r.get('peak_mb', 0):.0f} MB | {'-' if diff is None else f'{diff:.1e}'} | {_ms(fl)} | "
                   f"{_ms(tgt)} | {note} |")
    return "\n".join(out) + "\n"


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--models", default=",".join(GMACS_512), help="comma-separated network names")
    p.add_argument("--runtimes", default=",".join(RUNTIMES))
    p.add_argument("--sizes", default="512,24mp", help="512 and/or 24mp")
    p.add_argument("--repeat", type=int, default=5, help="timed runs after the warm-up at 512x512")
    p.add_argument("--repeat-24mp", type=int, default=3, help="timed runs after the warm-up for the 24 MP photo")
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--timeout", type=float, default=1200, help="seconds per child process")
    p.add_argument("--huge", action="store_true", help="also run the 24 MP cases that need a lot of memory")
    p.add_argument("--out", help="also write the Markdown table to this file")
    p.add_argument("--json", help="also write the raw results as JSON")
    p.add_argument("--child", help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.child:
        print("RESULT " + json.dumps(child(json.loads(args.child))), flush=True)
        return 0

    rows = []
    for name in [m for m in args.models.split(",") if m]:
        for size in [s for s in args.sizes.split(",") if s]:
            for kind in [k for k in args.runtimes.split(",") if k]:
                row = {"name": name, "runtime": kind, "size": size}
                if (name, size) in HUGE and not args.huge:
                    row["error"] = "skipped (needs --huge: too much memory for this machine)"
                    rows.append(row)
                    continue
                repeat = args.repeat if size == "512" else args.repeat_24mp
                case = {"name": name, "runtime": kind, "size": size, "threads": args.threads, "repeat": repeat}
                if kind != "dygraph":
                    prep = run_child(dict(case, phase="prepare"), args.timeout)
                    row.update(prep)
                if "error" not in row:
                    row.update(run_child(dict(case, phase="measure"), args.timeout))
                rows.append(row)
                print(json.dumps(row), file=sys.stderr, flush=True)
    md = table(rows, args.threads)
    print(md)
    if args.out:
        Path(args.out).write_text(md)
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
