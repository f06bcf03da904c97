"""MODNet (MobileNetV2 / ResNet50_vd / HRNet_W18) against the PaddleSeg reference: state dict, outputs, pipeline.

Golden tolerances: these networks are bit-identical to PaddleSeg's own code on the same machine, but the golden
files were made on another CPU, whose BLAS sums in another order. With the reference (random) weights HRNet_W18's
features reach ~1e9 and the last logits ~6e6, so float32 rounding alone moves them by units; the pre-sigmoid logit
is therefore compared relative to its scale, and alphas allow a few near-tie pixels as check_parity.py does.
"""
from __future__ import annotations

import numpy as np
import pytest

paddle = pytest.importorskip("paddle")

from backends.models import build, official_predict  # noqa: E402
from backends.models.modnet import MODNet, gaussian_kernel_3x3  # noqa: E402
from backends.models.pipeline import plan_sizes  # noqa: E402
from tests.model_reference import (  # noqa: E402
    assert_close, assert_state_dict_matches, golden_cases, golden_hooks, load_golden, load_manifest, load_weights,
    run_with_hooks, scaled_atol, total_numel)

NAMES = [
    "modnet-mobilenetv2",
    pytest.param("modnet-resnet50_vd", marks=pytest.mark.slow),
    pytest.param("modnet-hrnet_w18", marks=pytest.mark.slow),
]
BLUR_KEY = "blurer.op.1.weight"
LOGIT_LAYER = "head.f_branch.conv_f.1.layers.0"


@pytest.fixture(scope="module")
def reference(reference_dir, reference_weights):
    """name -> (network with reference weights in eval mode, manifest, golden npz, set_state_dict result)."""
    cache = {}

    def get(name):
        if name not in cache:
            manifest = load_manifest(reference_dir, name)
            with paddle.utils.unique_name.guard():
                net = build(name)
            result = load_weights(net, reference_weights.reference_state_dict(manifest, 1))
            net.eval()
            golden = load_golden(reference_dir, name)
            cache[name] = (net, manifest, golden, result)
        return cache[name]

    return get


@pytest.mark.parametrize("name", NAMES)
def test_state_dict_matches_manifest(reference, name):
    net, manifest, _, (missing, unexpected) = reference(name)
    assert_state_dict_matches(net.state_dict(), manifest)
    assert total_numel(net.state_dict()) == manifest["total_numel"]
    # everything but the fixed blur kernel comes from the reference weights
    assert list(missing) == manifest["non_trainable_keys_not_bn_stats"] == [BLUR_KEY]
    assert not list(unexpected)


@pytest.mark.parametrize("name", NAMES)
def test_eval_matches_golden(reference, name):
    net, _, golden, _ = reference(name)
    assert LOGIT_LAYER in golden_hooks(golden)
    for case in golden_cases(golden):
        alpha, captured = run_with_hooks(net, {"img": paddle.to_tensor(golden[f"{case}__in__img"])}, [LOGIT_LAYER])
        assert isinstance(alpha, paddle.Tensor)
        assert_close(alpha.numpy(), golden[f"{case}__out__alpha"], 1e-4, f"{case} alpha", stray_fraction=1e-3)
        expected = golden[f"{case}__sub__{LOGIT_LAYER}"]
        atol = scaled_atol(expected, floor=1e-4, rel=5e-5)
        assert_close(captured[LOGIT_LAYER], expected, atol, f"{case} {LOGIT_LAYER}", stray_fraction=1e-3)


@pytest.mark.parametrize("name", NAMES)
def test_official_pipeline_matches_golden(reference_dir, reference, name):
    import cv2

    net, _, _, _ = reference(name)
    golden = load_golden(reference_dir, name, ".pipeline")
    rgb = cv2.cvtColor(golden["image_bgr_u8"], cv2.COLOR_BGR2RGB)
    assert list(plan_sizes(name, *rgb.shape[:2])[-1]) == list(golden["net_in_hw"])
    alpha = official_predict(name, net, rgb)
    assert alpha.shape == golden["alpha_float"].shape and alpha.dtype == np.float32
    assert_close(alpha, golden["alpha_float"], 1e-3, "pipeline alpha", stray_fraction=1e-3)


@pytest.mark.parametrize("name", NAMES)
def test_training_forward_matches_golden_logits(reference, name):
    net, manifest, golden, _ = reference(name)
    inputs = {k.split("__")[-1]: paddle.to_tensor(golden[k]) for k in golden.files if k.startswith("train__in__")}
    saved = {k: v.numpy().copy() for k, v in net.state_dict().items()}
    net.train()
    try:
        logits = net(inputs)
        assert set(logits) == {"semantic", "detail", "matte"}
        for key, value in logits.items():
            assert_close(value.numpy(), golden[f"train__logit__{key}"], 1e-3, f"train logit {key}",
                         stray_fraction=1e-3)
    finally:  # batch-statistics mode moved the BatchNorm running stats: put the reference ones back
        load_weights(net, saved)
        net.eval()


def test_blur_kernel_is_the_fixed_gaussian(reference):
    scipy_ndimage = pytest.importorskip("scipy.ndimage")
    impulse = np.zeros((3, 3))
    impulse[1, 1] = 1.0
    expected = scipy_ndimage.gaussian_filter(impulse, 0.8).astype(np.float32)  # PaddleSeg's construction
    np.testing.assert_allclose(gaussian_kernel_3x3(), expected, rtol=0, atol=1e-7)
    net = reference("modnet-mobilenetv2")[0]
    kernel = net.state_dict()[BLUR_KEY]
    np.testing.assert_allclose(kernel.numpy()[0, 0], expected, rtol=0, atol=1e-7)
    assert kernel.stop_gradient
    # reflect-padded blur of a constant map is the same constant
    flat = paddle.full([1, 1, 4, 5], 0.7)
    np.testing.assert_allclose(net.blurer(flat).numpy(), 0.7, atol=1e-6)


def test_official_format_checkpoint_gives_expected_alpha(reference_dir):
    """Our own stand-in for an official .pdparams (read with paddle.load here only: it is a trusted reference file)."""
    folder = reference_dir / "official-format"
    params, expected = folder / "modnet-mobilenetv2.pdparams", folder / "modnet-mobilenetv2.expected.npz"
    if not params.exists() or not expected.exists():
        pytest.skip("official-format stand-in files are absent")
    state = paddle.load(str(params))
    with paddle.utils.unique_name.guard():
        net = build("modnet-mobilenetv2")
    missing, unexpected = net.set_state_dict(state)
    assert not list(missing) and not list(unexpected)
    data = np.load(expected)
    with paddle.no_grad():
        alpha = net({"img": paddle.to_tensor(data["img"])}).numpy()
    assert np.abs(alpha - data["alpha"]).max() <= 1e-3


def test_two_networks_in_one_process_are_independent():
    first, second = build("modnet-mobilenetv2"), build("modnet-mobilenetv2")
    assert isinstance(first, MODNet) and list(first.state_dict()) == list(second.state_dict())
    key = "backbone.conv1._conv.weight"
    before = second.state_dict()[key].numpy().copy()
    first.state_dict()[key].set_value(np.zeros(before.shape, np.float32))
    assert not first.state_dict()[key].numpy().any()
    np.testing.assert_array_equal(second.state_dict()[key].numpy(), before)


def test_unknown_name_is_refused():
    from backends.models import modnet

    with pytest.raises(KeyError):
        modnet.build("modnet-nonexistent")
