"""DIM (VGG16, 4 input channels) against the PaddleSeg reference: state dict, eval and training outputs, pipeline.

The network is bit-identical to PaddleSeg's own code on the same machine; the golden files come from another CPU,
hence the 1e-4 (alpha) and scale-relative (sublayer) tolerances, as in check_parity.py.
"""
from __future__ import annotations

import numpy as np
import pytest

paddle = pytest.importorskip("paddle")
cv2 = pytest.importorskip("cv2")

from backends.models import official_predict  # noqa: E402
from backends.models.backbones.vgg import VGGNet  # noqa: E402
from backends.models.pipeline import plan_sizes  # noqa: E402
from tests.model_reference import (  # noqa: E402,F401  (golden, manifest, net, weights: fixtures)
    assert_close, assert_no_shared_parameters, assert_state_dict_matches, golden, golden_hooks, load_weights,
    manifest, net, run_with_hooks, scaled_atol, total_numel, weights)

NAME = "dim-vgg16"


@pytest.fixture(scope="module")
def name():
    return NAME


def test_state_dict_matches_manifest(net, manifest):
    assert_state_dict_matches(net.state_dict(), manifest)
    assert not manifest["non_trainable_keys_not_bn_stats"]


def test_parameter_count(net, manifest):
    assert total_numel(net.state_dict()) == manifest["total_numel"]


@pytest.mark.parametrize("case", ["case0", "case1"])  # case1 is 150x200: odd sizes after pooling
def test_eval_matches_golden(net, golden, case):
    hooks = golden_hooks(golden)
    alpha, captured = run_with_hooks(net, {"img": paddle.to_tensor(golden[f"{case}__in__img"]),
                                           "trimap": paddle.to_tensor(golden[f"{case}__in__trimap"])}, hooks)
    assert_close(alpha.numpy(), golden[f"{case}__out__alpha"], 1e-4, f"{case} alpha")
    for h in hooks:
        expected = golden[f"{case}__sub__{h}"]
        assert_close(captured[h], expected, scaled_atol(expected, floor=1e-4, rel=1e-5), f"{case} {h}")


def test_model_divides_trimap_by_255(net, golden):
    """The same trimap given as 0..1 instead of raw 0/128/255 values must change the output."""
    img = paddle.to_tensor(golden["case1__in__img"][..., :64, :64])
    trimap = golden["case1__in__trimap"][..., :64, :64]
    with paddle.no_grad():
        raw = net({"img": img, "trimap": paddle.to_tensor(trimap)}).numpy()
        scaled = net({"img": img, "trimap": paddle.to_tensor(trimap / 255)}).numpy()
    assert np.abs(raw - scaled).max() > 1e-3


def test_training_forward_matches_golden(net, golden, weights):
    net.train()
    try:
        with paddle.no_grad():
            logits = net({"img": paddle.to_tensor(golden["train__in__img"]),
                          "trimap": paddle.to_tensor(golden["train__in__trimap"])})
    finally:  # training mode moved the BatchNorm running statistics: restore them
        load_weights(net, weights)
        net.eval()
    assert sorted(logits) == ["alpha_pred", "alpha_raw"]
    for key in logits:
        expected = golden[f"train__logit__{key}"]
        assert_close(logits[key].numpy(), expected, scaled_atol(expected, floor=1e-4, rel=1e-5), key)
    assert float(logits["alpha_pred"].max()) > 1.0  # not clipped in training (the golden batch exceeds 1)


@pytest.mark.slow
def test_official_pipeline_matches_golden(net, reference_dir):
    pipe = np.load(reference_dir / "golden" / f"{NAME}.pipeline.npz")
    rgb = cv2.cvtColor(pipe["image_bgr_u8"], cv2.COLOR_BGR2RGB)
    trimap = pipe["trimap_u8"]
    assert plan_sizes(NAME, *rgb.shape[:2])[-1] == tuple(int(v) for v in pipe["net_in_hw"])
    alpha = official_predict(NAME, net, rgb, trimap)
    assert alpha.shape == rgb.shape[:2] and alpha.dtype == np.float32
    # the golden alpha_float is the network's alpha before the known trimap regions are forced
    forced = np.where(trimap == 0, 0.0, np.where(trimap == 255, 1.0, pipe["alpha_float"]))
    assert_close(alpha, forced, 1e-3, "pipeline alpha")
    u8 = (alpha * 255).astype(np.uint8)
    diff = np.abs(u8.astype(int) - pipe["alpha_u8"])
    assert diff.max() <= 1 and (diff > 0).mean() < 1e-4  # truncation of values at integer boundaries


def test_two_backbones_share_no_parameters():
    """PaddleSeg's VGG uses fixed parameter names; ours does not, so two models coexist without a name guard."""
    a, b = VGGNet(input_channels=4, layers=16), VGGNet(input_channels=4, layers=16)
    assert_no_shared_parameters(a, b, lambda backbone: backbone._conv_block_1._conv_1.weight)
