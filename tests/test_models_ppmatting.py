"""PP-Matting (HRNet-W18) against the PaddleSeg reference: state dict, golden outputs, training logits, pipeline.

Tolerances. With the seed-1 reference weights the backbone's activations reach ~1e9 in eval mode, so float32
rounding differences between CPUs/BLAS builds show up as ~1e3 absolute (a few 1e-6 relative) in the golden
sublayers; PaddleSeg's own code gives the same numbers as this implementation on the development machine. The
sublayers are therefore compared relative to their largest magnitude (1e-5), and the training-mode logits (batch
statistics) by mean and maximum error. Structural mistakes (a wrong align_corners, channel order, padding) give
errors orders of magnitude above these bounds.
"""
from __future__ import annotations

import cv2
import numpy as np
import pytest

paddle = pytest.importorskip("paddle")

from backends.models import build, official_predict  # noqa: E402
from backends.models.backbones.hrnet import HRNet_W18  # noqa: E402
from backends.models.pipeline import plan_sizes  # noqa: E402
from tests.model_reference import (  # noqa: E402
    golden_hooks, load_golden, load_manifest, load_weights, manifest_entries, run_with_hooks, state_dict_entries,
    total_numel)

NAMES = ["ppmatting-hrnet_w18-human_512", "ppmatting-hrnet_w18-human_1024"]
SUBLAYER_RTOL = 1e-5  # of max |golden|


def _loaded(name, reference_dir, reference_weights):
    manifest = load_manifest(reference_dir, name)
    with paddle.utils.unique_name.guard():
        net = build(name)
    load_weights(net, reference_weights.reference_state_dict(manifest, 1))  # without non_trainable_keys_not_bn_stats
    net.eval()
    return net


@pytest.fixture(scope="module")
def loaded_512(reference_dir, reference_weights):
    return _loaded(NAMES[0], reference_dir, reference_weights)


@pytest.mark.parametrize("name", NAMES)
def test_state_dict_matches_manifest(name, reference_dir):
    manifest = load_manifest(reference_dir, name)
    net = build(name)
    assert state_dict_entries(net.state_dict()) == manifest_entries(manifest)
    assert total_numel(net.state_dict()) == manifest["total_numel"]


def test_hrnet_w18_matches_modnet_backbone_keys(reference_dir):
    """MODNet-HRNet_W18 uses the same HRNet_W18 config (default options): its ``backbone.*`` keys must match."""
    want = manifest_entries(load_manifest(reference_dir, "modnet-hrnet_w18"), under="backbone.")
    assert state_dict_entries(HRNet_W18().state_dict()) == want
    assert HRNet_W18().feat_channels == [64, 18, 36, 72, 144]


def test_hrnet_w18_feature_shapes():
    net = HRNet_W18()
    net.eval()
    with paddle.no_grad():
        feats = net(paddle.zeros([1, 3, 64, 96]))
    assert [list(f.shape) for f in feats] == [[1, 64, 32, 48], [1, 18, 16, 24], [1, 36, 8, 12], [1, 72, 4, 6],
                                               [1, 144, 2, 3]]


def test_build_rejects_other_names():
    from backends.models import ppmatting

    with pytest.raises(ValueError):
        ppmatting.build("modnet-hrnet_w18")


def test_two_models_are_independent():
    a, b = build(NAMES[0]), build(NAMES[1])
    pa, pb = a.hrdb.detail_conv.weight, b.hrdb.detail_conv.weight
    before = pb.numpy().copy()
    pa.set_value(paddle.full(pa.shape, 7.0))
    np.testing.assert_array_equal(pb.numpy(), before)


def _run_case(net, golden, case):
    hooks = [h for h in golden_hooks(golden) if f"{case}__sub__{h}" in golden.files]
    alpha, captured = run_with_hooks(net, {"img": paddle.to_tensor(golden[f"{case}__in__img"])}, hooks)
    alpha = alpha.numpy()
    diff = np.abs(alpha - golden[f"{case}__out__alpha"])
    # the alpha comes from an argmax with near-ties: allow a few flipped pixels, as check_parity does
    assert (diff > 1e-4).mean() <= 1e-3, f"{case} alpha: {(diff > 1e-4).mean():.3%} pixels differ"
    for h in hooks:
        expected = golden[f"{case}__sub__{h}"]
        assert captured[h].shape == expected.shape
        rel = np.abs(captured[h] - expected).max() / np.abs(expected).max()
        assert rel <= SUBLAYER_RTOL, f"{case} {h}: error {rel:.3g} of max |golden|"


@pytest.mark.slow
@pytest.mark.parametrize("case", ["case0", "case1"])
def test_eval_golden(case, loaded_512, reference_dir):
    # both names share one network and one golden file (checked below); run it once
    _run_case(loaded_512, load_golden(reference_dir, NAMES[0]), case)


def test_goldens_of_512_and_1024_are_the_same_network(reference_dir):
    a, b = load_golden(reference_dir, NAMES[0]), load_golden(reference_dir, NAMES[1])
    assert all(np.array_equal(a[k], b[k]) for k in a.files if k != "meta_json")


@pytest.mark.slow
def test_train_logits(reference_dir, reference_weights):
    golden = load_golden(reference_dir, NAMES[0])
    net = _loaded(NAMES[0], reference_dir, reference_weights)  # its own copy: training updates the BN statistics
    net.train()
    logits = net({k: paddle.to_tensor(golden[f"train__in__{k}"]) for k in ("img", "alpha", "trimap", "fg", "bg")})
    assert set(logits) == {"semantic", "detail", "fusion"}
    for key in ("semantic", "detail"):
        diff = np.abs(logits[key].numpy() - golden[f"train__logit__{key}"])
        assert diff.mean() < 1e-3 and diff.max() < 1e-2, f"{key}: mean {diff.mean():.3g}, max {diff.max():.3g}"
    flipped = np.abs(logits["fusion"].numpy() - golden["train__logit__fusion"]) > 1e-3
    assert flipped.mean() < 1e-2


@pytest.mark.parametrize("name", NAMES)
def test_pipeline_size_plan(name, reference_dir):
    golden = load_golden(reference_dir, name, ".pipeline")
    h, w = golden["image_bgr_u8"].shape[:2]
    assert list(plan_sizes(name, h, w)[-1]) == list(golden["net_in_hw"])


def _check_pipeline(name, net, reference_dir):
    golden = load_golden(reference_dir, name, ".pipeline")
    alpha = official_predict(name, net, cv2.cvtColor(golden["image_bgr_u8"], cv2.COLOR_BGR2RGB))
    assert alpha.shape == golden["alpha_float"].shape
    assert np.abs(alpha - golden["alpha_float"]).max() <= 1e-3


@pytest.mark.slow
def test_official_pipeline_512(loaded_512, reference_dir):
    _check_pipeline(NAMES[0], loaded_512, reference_dir)


@pytest.mark.slow
def test_official_pipeline_1024(loaded_512, reference_dir):
    # same network and weights; only the resize rules differ (the network runs at 672x1088: ~30 s on 2 cores)
    _check_pipeline(NAMES[1], loaded_512, reference_dir)
