"""PP-MattingV2 (STDC1) against PaddleSeg's reference: checkpoint layout, golden outputs, official pipeline."""
from __future__ import annotations

import cv2
import numpy as np
import pytest

paddle = pytest.importorskip("paddle")

from backends.models import build, official_predict  # noqa: E402
from backends.models.pipeline import plan_sizes  # noqa: E402
from tests.model_reference import (  # noqa: E402,F401  (golden, manifest: fixtures)
    assert_state_dict_matches, golden, golden_cases, golden_hooks, load_golden, load_weights, manifest,
    run_with_hooks, total_numel)

NAMES = ["ppmattingv2-stdc1-human_512"]


@pytest.fixture(scope="module", params=NAMES)
def name(request):
    return request.param


def _loaded(name, manifest, reference_weights):
    net = build(name)
    ref = reference_weights.reference_state_dict(manifest, 1)  # leaves out non_trainable_keys_not_bn_stats
    load_weights(net, ref)
    net.eval()
    return net


@pytest.fixture(scope="module")
def network(name, manifest, reference_weights):
    return _loaded(name, manifest, reference_weights)


def test_state_dict_matches_manifest(name, manifest):
    assert_state_dict_matches(build(name).state_dict(), manifest)


def test_parameter_count(name, manifest):
    assert total_numel(build(name).state_dict()) == manifest["total_numel"]


def test_two_networks_in_one_process(name, manifest, reference_weights, network):
    """A second network has its own parameters: zeroing them leaves the first one's weights alone."""
    other = build(name)
    assert list(other.state_dict()) == list(network.state_dict())
    other.set_state_dict({k: paddle.zeros_like(v) for k, v in other.state_dict().items()})
    key = "matting_head_mlff2x.conv_out.weight"
    expected = reference_weights.reference_state_dict(manifest, 1)[key]
    np.testing.assert_array_equal(network.state_dict()[key].numpy(), expected)


def test_golden_eval_outputs(network, golden):
    hooks = golden_hooks(golden)
    cases = golden_cases(golden)
    assert cases
    for case in cases:
        alpha, captured = run_with_hooks(network, {"img": paddle.to_tensor(golden[f"{case}__in__img"])}, hooks)
        np.testing.assert_allclose(alpha.numpy(), golden[f"{case}__out__alpha"], rtol=0, atol=1e-4, err_msg=case)
        for h in hooks:
            np.testing.assert_allclose(captured[h], golden[f"{case}__sub__{h}"], rtol=0, atol=1e-4,
                                       err_msg=f"{case} {h}")


def test_official_pipeline(reference_dir, name, network):
    p = load_golden(reference_dir, name, ".pipeline")
    rgb = cv2.cvtColor(p["image_bgr_u8"], cv2.COLOR_BGR2RGB)
    sizes = plan_sizes(name, *rgb.shape[:2])
    assert tuple(sizes[-1]) == tuple(int(v) for v in p["net_in_hw"])
    # 700x1100: LimitShort(512) gives 512x805, ResizeToIntMult(32) then 512x800; both are undone on the way back
    assert len({tuple(s) for s in sizes}) == 3
    alpha = official_predict(name, network, rgb)
    assert alpha.shape == p["alpha_float"].shape
    np.testing.assert_allclose(alpha, p["alpha_float"], rtol=0, atol=1e-3)


def test_training_mode_logits(name, manifest, reference_weights, golden):
    """Batch-statistics BatchNorm on the tiny pyramid-pool maps makes this ill-conditioned: PaddleSeg's own float32
    result is about 1.2e-4 from a float64 run, hence the looser tolerance."""
    net = _loaded(name, manifest, reference_weights)
    net.train()
    logits = net({"img": paddle.to_tensor(golden["train__in__img"])})
    assert set(logits) == {"alpha", "alpha_8x"}
    for key in logits:
        np.testing.assert_allclose(logits[key].numpy(), golden[f"train__logit__{key}"], rtol=0, atol=5e-4,
                                   err_msg=key)
