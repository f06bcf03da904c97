"""PP-HumanMatting (ResNet34_vd) against the PaddleSeg reference: state dict, eval and training outputs, pipeline.

Also checks the shared ResNet_vd backbone's depth-50 layout against MODNet-ResNet50_vd's manifest.

Golden tolerances: this network is bit-identical (eval and training mode) to PaddleSeg's own code run on the same
machine, but the golden files were made on another CPU whose BLAS sums in another order. With the reference
(random) weights the glance logits reach ~100, so float32 rounding alone moves them by a few 1e-4: sublayer
outputs are compared with ``max(1e-4, 1e-5 * their scale)``. The coarse alpha takes an argmax over the glance
softmax, whose near-ties may flip a pixel (check_parity.py allows 0.1% of elements over the tolerance).
"""
from __future__ import annotations

import numpy as np
import pytest

paddle = pytest.importorskip("paddle")
cv2 = pytest.importorskip("cv2")

from backends.models import official_predict  # noqa: E402
from backends.models.backbones.resnet_vd import ResNetVd  # noqa: E402
from backends.models.pipeline import plan_sizes  # noqa: E402
from tests.model_reference import (  # noqa: E402,F401  (golden, manifest, net, weights: fixtures)
    assert_close, assert_no_shared_parameters, assert_state_dict_matches, golden, golden_hooks, load_manifest,
    load_weights, manifest, manifest_entries, net, run_with_hooks, scaled_atol, state_dict_entries, total_numel,
    weights)

NAME = "human_matting-resnet34_vd"


@pytest.fixture(scope="module")
def name():
    return NAME  # the network (64M parameters) is built once, by the ``net`` fixture


def test_state_dict_matches_manifest(net, manifest):
    assert_state_dict_matches(net.state_dict(), manifest)
    assert not manifest["non_trainable_keys_not_bn_stats"]


def test_parameter_count(net, manifest):
    assert total_numel(net.state_dict()) == manifest["total_numel"]


@pytest.mark.parametrize("case", ["case0", "case1"])
def test_eval_matches_golden(net, golden, case):
    hooks = golden_hooks(golden)
    alpha, captured = run_with_hooks(net, {"img": paddle.to_tensor(golden[f"{case}__in__img"])}, hooks)
    assert_close(alpha.numpy(), golden[f"{case}__out__alpha"], 1e-4, f"{case} alpha", stray_fraction=1e-3)
    for h in hooks:
        expected = golden[f"{case}__sub__{h}"]
        assert_close(captured[h], expected, scaled_atol(expected, floor=1e-4, rel=1e-5), f"{case} {h}",
                     stray_fraction=1e-3)


def test_training_forward_matches_golden(net, golden, weights):
    """Batch-statistics BatchNorm; the logit dict the PaddleSeg losses consume."""
    net.train()
    try:
        with paddle.no_grad():
            logits = net({"img": paddle.to_tensor(golden["train__in__img"])})
    finally:  # training mode moved the BatchNorm running statistics: restore them
        load_weights(net, weights)
        net.eval()
    expected = {k.split("__")[-1]: golden[k] for k in golden.files if k.startswith("train__logit__")}
    assert sorted(logits) == sorted(expected) == ["error", "focus", "fusion", "glance", "refine"]
    got = {k: v.numpy() for k, v in logits.items()}
    assert_close(got["focus"], expected["focus"], 1e-4, "focus", stray_fraction=1e-3)
    assert_close(got["error"], expected["error"], 1e-4, "error", stray_fraction=1e-3)
    # batch statistics over 2 samples (1x1 pyramid bins) amplify float noise in the glance branch
    assert_close(got["glance"], expected["glance"], 1e-3, "glance", stray_fraction=1e-3)
    # argmax near-ties: a pixel or two
    assert_close(got["fusion"], expected["fusion"], 1e-4, "fusion", stray_fraction=1e-3)
    # the refiner sees the glance map and the fusion: flipped pixels spread over their receptive field
    assert_close(got["refine"], expected["refine"], 1e-3, "refine", stray_fraction=0.01)


def test_rejects_sizes_not_divisible_by_4(net):
    with pytest.raises(ValueError, match="divisible by 4"):
        net({"img": paddle.zeros([1, 3, 130, 128])})


@pytest.mark.slow
def test_official_pipeline_matches_golden(net, reference_dir):
    """300x425 photo: ResizeByShort(2048) + ResizeToIntMult(128) runs the network at 2048x2816 (tens of seconds)."""
    pipe = np.load(reference_dir / "golden" / f"{NAME}.pipeline.npz")
    rgb = cv2.cvtColor(pipe["image_bgr_u8"], cv2.COLOR_BGR2RGB)
    assert plan_sizes(NAME, *rgb.shape[:2])[-1] == tuple(int(v) for v in pipe["net_in_hw"])
    alpha = official_predict(NAME, net, rgb)
    assert alpha.shape == rgb.shape[:2] and alpha.dtype == np.float32
    assert_close(alpha, pipe["alpha_float"], 1e-3, "pipeline alpha", stray_fraction=1e-3)
    u8 = (alpha * 255).astype(np.uint8)
    assert np.abs(u8.astype(int) - pipe["alpha_u8"]).max() <= 1  # truncation at integer boundaries


def test_resnet50_vd_layout_matches_modnet_manifest(reference_dir):
    """The shared backbone at depth 50 has MODNet-ResNet50_vd's ``backbone.*`` keys, in order."""
    want = manifest_entries(load_manifest(reference_dir, "modnet-resnet50_vd"), under="backbone.")
    backbone = ResNetVd(layers=50)
    assert state_dict_entries(backbone.state_dict()) == want
    assert backbone.feat_channels == [64, 256, 512, 1024, 2048]
    backbone.eval()
    with paddle.no_grad():
        feats = backbone(paddle.zeros([1, 3, 64, 96]))
    assert [tuple(f.shape) for f in feats] == [(1, c, 64 // s, 96 // s) for c, s in
                                                zip(backbone.feat_channels, (2, 4, 8, 16, 32))]


def test_two_backbones_share_no_parameters():
    """No fixed parameter names: two ResNet_vd built in one process (no unique_name guard) stay independent."""
    a, b = ResNetVd(layers=34), ResNetVd(layers=34)
    assert list(a.state_dict()) == list(b.state_dict())
    assert_no_shared_parameters(a, b, lambda backbone: backbone.conv1_1._conv.weight)
