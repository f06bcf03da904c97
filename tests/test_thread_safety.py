"""One backend instance serves the preview, batch and export threads at once: concurrent predicts give exactly what
the same predicts give one after the other (``backends.contract.Backend``: ``load`` and ``predict`` are thread-safe).
"""
from __future__ import annotations

import threading
from pathlib import Path

import numpy as np
import pytest

from backends import registry
from backends.contract import BackendOptions
from backends.zoo import store
from tests.images import disc_scene, trimap_for

REPO = Path(__file__).resolve().parents[1]
ASTRONAUT = REPO / "resources" / "samples" / "astronaut.png"
THREADS = 4
CPU = BackendOptions(device="cpu")


@pytest.fixture(autouse=True)
def fresh_instances():
    registry.forget()
    yield
    registry.forget()


def concurrently(fn, items: list, threads: int = THREADS) -> list:
    """``[fn(item) for item in items]``, the items shared out over ``threads`` threads that start together."""
    results: list = [None] * len(items)
    errors: list[BaseException] = []
    start = threading.Barrier(threads)

    def work(k: int) -> None:
        start.wait()
        for i in range(k, len(items), threads):
            try:
                results[i] = fn(items[i])
            except BaseException as exc:  # noqa: BLE001 - handed to the test below
                errors.append(exc)

    pool = [threading.Thread(target=work, args=(k,), name=f"predict-{k}") for k in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join(timeout=600)
    if errors:
        raise errors[0]
    return results


def assert_same_as_serial(predict, items: list, rounds: int = 2) -> None:
    predict(items[0])  # loads; an exported runtime answers the first input of a shape with dygraph's check run
    serial = [predict(item) for item in items]
    for _ in range(rounds):
        together = concurrently(predict, items)
        for i, (a, b) in enumerate(zip(together, serial, strict=True)):
            assert a.shape == b.shape and a.dtype == b.dtype, i
            assert np.abs(a - b).max() <= 1e-5, f"item {i}: concurrent and serial results differ"


def _scenes(n: int, h: int = 120, w: int = 160) -> list:
    return [disc_scene(h, w, seed=seed) for seed in range(n)]


def test_classical_solver_instance_from_several_threads():
    backend = registry.get("closed-form", CPU)
    items = [(rgb, trimap_for(alpha)) for rgb, alpha in _scenes(8, 60, 80)]
    assert_same_as_serial(lambda item: backend.predict(*item), items)


@pytest.mark.slow
def test_offline_default_instance_from_several_threads():
    if not ASTRONAUT.exists():
        pytest.skip(f"{ASTRONAUT} is absent (run `make samples`)")
    from PIL import Image

    backend = registry.get("auto-fast", CPU)
    portrait = Image.open(ASTRONAUT).convert("RGB")
    items = [np.asarray(portrait.resize((w, w * 5 // 4))) for w in (160, 176, 192, 208, 224, 240)]
    assert_same_as_serial(backend.predict, items)


@pytest.mark.slow
def test_zoo_checkpoint_instance_from_several_threads(reference_dir):
    """The fastest CPU runtime (an export, parity-checked, with its one infer request) under four threads."""
    store.import_path(reference_dir / "official-format" / "modnet-mobilenetv2.pdparams")
    backend = registry.get("modnet-mobilenetv2", CPU)
    assert_same_as_serial(backend.predict, [rgb for rgb, _ in _scenes(8)])


@pytest.mark.slow
def test_zoo_inference_model_instance_from_several_threads(reference_dir):
    """An official inference zip runs on one Paddle Inference predictor, whose buffers the threads share."""
    store.import_path(reference_dir / "official-format" / "modnet-mobilenetv2.zip")
    backend = registry.get("modnet-mobilenetv2", CPU)
    assert backend.runtime.kind == "paddle-inference"
    assert_same_as_serial(backend.predict, [rgb for rgb, _ in _scenes(THREADS)], rounds=1)  # ~3 s a photo


@pytest.mark.slow
def test_dygraph_runtime_from_several_threads(reference_dir):
    """The reference runtime (every exported runtime's fallback) is safe to run concurrently too."""
    from backends.models import build_with_weights
    from backends.runtimes import DygraphRuntime, resolve_device
    from backends.runtimes.exported import synthetic_inputs
    from backends.zoo.safe_pickle import load_pdparams

    state = load_pdparams(reference_dir / "official-format" / "modnet-mobilenetv2.pdparams")
    runtime = DygraphRuntime("modnet-mobilenetv2", build_with_weights("modnet-mobilenetv2", state),
                             resolve_device("cpu"))
    items = [synthetic_inputs({"img": (1, 3, 128, 160)}, seed=seed) for seed in range(8)]
    assert_same_as_serial(runtime.run, items)
