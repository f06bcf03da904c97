"""Helpers for the tests/test_models_*.py files: the PaddleSeg reference in ../shared/reference (manifests, seed-1
reference weights, golden outputs) and the comparisons those tests make against it.

Fixtures (import them into a test module, which must define a module-scoped ``name`` fixture): ``manifest``,
``weights`` (the seed-1 reference state dict, numpy arrays), ``golden`` (the golden ``.npz``) and ``net``
(``build(name)`` with those weights, in eval mode, built once per module). No tolerance is chosen here: every
comparison takes its tolerance from the calling test, whose file's docstring explains it. Paddle is imported only
when a helper needs it.
"""
from __future__ import annotations

import json

import numpy as np
import pytest

REFERENCE_SEED = 1  # the seed of the reference weights the golden outputs were made with


def load_manifest(reference_dir, name):
    """manifests/NAME.json: the state-dict layout (``state_dict`` rows of key, shape, dtype) and ``total_numel``."""
    return json.loads((reference_dir / "manifests" / f"{name}.json").read_text())


def load_golden(reference_dir, name, kind=""):
    """golden/NAME.npz (``kind=".pipeline"``: golden/NAME.pipeline.npz)."""
    return np.load(reference_dir / "golden" / f"{name}{kind}.npz")


@pytest.fixture(scope="module")
def manifest(reference_dir, name):
    return load_manifest(reference_dir, name)


@pytest.fixture(scope="module")
def weights(reference_weights, manifest):
    """The reference weights (without the manifest's ``non_trainable_keys_not_bn_stats``)."""
    return reference_weights.reference_state_dict(manifest, REFERENCE_SEED)


@pytest.fixture(scope="module")
def golden(reference_dir, name):
    return load_golden(reference_dir, name)


@pytest.fixture(scope="module")
def net(name, weights):
    """The network with the reference weights (every key set, none unexpected), in eval mode."""
    from backends.models import build

    network = build(name)
    missing, unexpected = load_weights(network, weights)
    assert not missing and not unexpected
    network.eval()
    return network


def load_weights(network, weights):
    """Set ``weights`` (key -> numpy array) into ``network``; returns set_state_dict's (missing, unexpected)."""
    import paddle

    return network.set_state_dict({k: paddle.to_tensor(v) for k, v in weights.items()})


# ---------------------------------------------------------------- state dict against the manifest


def state_dict_entries(state_dict):
    """(key, shape, dtype) of every state-dict entry, in order, as the manifests write them."""
    return [(k, list(v.shape), str(v.dtype).replace("paddle.", "")) for k, v in state_dict.items()]


def manifest_entries(manifest, under=""):
    """The manifest's (key, shape, dtype) rows; with ``under``, only the keys below that prefix, with it cut off."""
    return [(k[len(under):], list(s), d) for k, s, d in manifest["state_dict"] if k.startswith(under)]


def _first_difference(have, want):
    for i, (a, b) in enumerate(zip(have, want)):
        if a != b:
            return f"entry {i}: {a!r} != {b!r}"
    return f"{len(have)} entries != {len(want)}"


def assert_state_dict_matches(state_dict, manifest):
    """The manifest's keys in its order, then the same shapes and dtypes."""
    have, want = state_dict_entries(state_dict), manifest_entries(manifest)
    have_keys, want_keys = [k for k, _, _ in have], [k for k, _, _ in want]
    assert have_keys == want_keys, f"keys differ from the manifest's: {_first_difference(have_keys, want_keys)}"
    assert have == want, f"state dict differs from the manifest: {_first_difference(have, want)}"


def total_numel(state_dict):
    """Number of values in a state dict (parameters and buffers), comparable with the manifest's ``total_numel``."""
    return sum(int(np.prod(v.shape)) for v in state_dict.values())


def assert_no_shared_parameters(a, b, param_of):
    """``a`` and ``b`` (built in one process, no unique-name guard) share no parameter names, and setting
    ``param_of(a)`` to ones leaves ``param_of(b)`` alone."""
    import paddle

    assert not {p.name for p in a.parameters()} & {p.name for p in b.parameters()}
    param_a, param_b = param_of(a), param_of(b)
    param_a.set_value(paddle.ones(param_a.shape))
    assert not np.allclose(param_b.numpy(), 1.0)


# ---------------------------------------------------------------- golden outputs


def golden_hooks(golden):
    """Names of the sublayers whose outputs the golden file records."""
    return json.loads(str(golden["meta_json"]))["hooks"]


def golden_cases(golden):
    """The eval cases of a golden file (``case0``, ``case1`` ...)."""
    return sorted({k.split("__")[0] for k in golden.files if k.startswith("case")})


def run_with_hooks(network, inputs, hooks):
    """``network(inputs)`` without gradients, capturing the outputs of the sublayers named in ``hooks``;
    returns (output, {hook: numpy array}). The hooks are removed again."""
    import paddle

    layers = dict(network.named_sublayers())
    captured = {}
    handles = [layers[h].register_forward_post_hook(
        lambda _layer, _inputs, output, h=h: captured.__setitem__(h, output.numpy())) for h in hooks]
    try:
        with paddle.no_grad():
            output = network(inputs)
    finally:
        for handle in handles:
            handle.remove()
    return output, captured


def scaled_atol(expected, *, floor, rel):
    """``max(floor, rel * max |expected|)``: an absolute tolerance that grows with the scale of the values."""
    return max(floor, rel * float(np.abs(expected).max()))


def assert_close(got, expected, atol, label, stray_fraction=0.0):
    """Max |got - expected| <= atol; with ``stray_fraction`` (near ties, e.g. of an argmax), it is enough that at
    most that fraction of the elements is over atol."""
    got, expected = np.asarray(got, np.float64), np.asarray(expected, np.float64)
    assert got.shape == expected.shape, f"{label}: shape {got.shape} != {expected.shape}"
    diff = np.abs(got - expected)
    if not stray_fraction:
        assert diff.max() <= atol, f"{label}: max abs diff {diff.max():.3g} over {atol:.3g}"
        return
    over = float((diff > atol).mean())
    assert diff.max() <= atol or over <= stray_fraction, (
        f"{label}: max abs diff {diff.max():.3g}, {over:.3%} of elements over {atol:.3g}")
