"""DIM (VGG16, 4 input channels) against the PaddleSeg reference: state dict, eval and training outputs, pipeline.

The network is bit-identical to PaddleSeg's own code on the same machine; the golden files come from another CPU,
hence the 1e-4 (alpha) and scale-relative (sublayer) tolerances, as in check_parity.py.
"""
from __future__ import annotations

import json

import numpy as np
import pytest

paddle = pytest.importorskip("paddle")
cv2 = pytest.importorskip("cv2")

from backends.models import build, official_predict  # noqa: E402
from backends.models.backbones.vgg import VGGNet  # noqa: E402
from backends.models.pipeline import plan_sizes  # noqa: E402

NAME = "dim-vgg16"


def assert_close(got, expected, atol, label):
    got, expected = np.asarray(got, np.float64), np.asarray(expected, np.float64)
    assert got.shape == expected.shape, f"{label}: shape {got.shape} != {expected.shape}"
    diff = np.abs(got - expected)
    assert diff.max() <= atol, f"{label}: max abs diff {diff.max():.3g} over {atol:.3g}"


@pytest.fixture(scope="module")
def manifest(reference_dir, reference_weights):
    return reference_weights.load_manifest(reference_dir / "manifests" / f"{NAME}.json")


@pytest.fixture(scope="module")
def weights(reference_weights, manifest):
    return reference_weights.reference_state_dict(manifest, 1)


@pytest.fixture(scope="module")
def golden(reference_dir):
    return np.load(reference_dir / "golden" / f"{NAME}.npz")


@pytest.fixture(scope="module")
def net(weights):
    network = build(NAME)
    missing, unexpected = network.set_state_dict({k: paddle.to_tensor(v) for k, v in weights.items()})
    assert not missing and not unexpected
    network.eval()
    return network


def test_state_dict_matches_manifest(net, manifest):
    have = [(k, list(v.shape), str(v.dtype).replace("paddle.", "")) for k, v in net.state_dict().items()]
    want = [(k, list(s), d) for k, s, d in manifest["state_dict"]]
    assert [k for k, _, _ in have] == [k for k, _, _ in want]
    assert have == want
    assert not manifest["non_trainable_keys_not_bn_stats"]


def test_parameter_count(net, manifest):
    assert sum(int(np.prod(v.shape)) for v in net.state_dict().values()) == manifest["total_numel"]


@pytest.mark.parametrize("case", ["case0", "case1"])  # case1 is 150x200: odd sizes after pooling
def test_eval_matches_golden(net, golden, case):
    hooks = json.loads(str(golden["meta_json"]))["hooks"]
    layers = dict(net.named_sublayers())
    captured = {}
    handles = [layers[h].register_forward_post_hook(
        lambda layer, inputs, output, h=h: captured.__setitem__(h, output.numpy())) for h in hooks]
    try:
        with paddle.no_grad():
            alpha = net({"img": paddle.to_tensor(golden[f"{case}__in__img"]),
                         "trimap": paddle.to_tensor(golden[f"{case}__in__trimap"])})
    finally:
        for handle in handles:
            handle.remove()
    assert_close(alpha.numpy(), golden[f"{case}__out__alpha"], 1e-4, f"{case} alpha")
    for h in hooks:
        expected = golden[f"{case}__sub__{h}"]
        assert_close(captured[h], expected, max(1e-4, 1e-5 * float(np.abs(expected).max())), f"{case} {h}")


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
        net.set_state_dict({k: paddle.to_tensor(v) for k, v in weights.items()})
        net.eval()
    assert sorted(logits) == ["alpha_pred", "alpha_raw"]
    for key in logits:
        expected = golden[f"train__logit__{key}"]
        assert_close(logits[key].numpy(), expected, max(1e-4, 1e-5 * float(np.abs(expected).max())), key)
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
    assert not {p.name for p in a.parameters()} & {p.name for p in b.parameters()}
    conv_a, conv_b = a._conv_block_1._conv_1, b._conv_block_1._conv_1
    conv_a.weight.set_value(paddle.ones(conv_a.weight.shape))
    assert not np.allclose(conv_b.weight.numpy(), 1.0)
