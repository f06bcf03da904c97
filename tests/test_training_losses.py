"""training.losses reproduces the official training losses (``train__loss__*``) from the golden logits and inputs."""
from __future__ import annotations

import numpy as np
import pytest

NAMES = ["ppmattingv2-stdc1-human_512", "ppmatting-hrnet_w18-human_512", "ppmatting-hrnet_w18-human_1024",
         "human_matting-resnet34_vd", "modnet-mobilenetv2", "modnet-resnet50_vd", "modnet-hrnet_w18", "dim-vgg16"]


def _golden(reference_dir, name, part):
    import paddle

    data = np.load(reference_dir / "golden" / f"{name}.npz")
    prefix = f"train__{part}__"
    return {k[len(prefix):]: (paddle.to_tensor(data[k]) if part != "loss" else float(data[k]))
            for k in data.files if k.startswith(prefix)}


@pytest.mark.parametrize("name", NAMES)
def test_losses_match_golden(reference_dir, name):
    from training import losses

    inputs = _golden(reference_dir, name, "in")
    logits = _golden(reference_dir, name, "logit")
    expected = _golden(reference_dir, name, "loss")
    got = losses.compute(name, logits, inputs)
    assert set(got) == set(expected)
    for key, value in expected.items():
        np.testing.assert_allclose(float(got[key]), value, rtol=1e-5, err_msg=f"{name} {key}")


@pytest.mark.parametrize("name", ["ppmattingv2-stdc1-human_512", "modnet-mobilenetv2", "dim-vgg16"])
def test_total_loss_has_gradients(reference_dir, name):
    from training import losses

    inputs = _golden(reference_dir, name, "in")
    logits = _golden(reference_dir, name, "logit")
    for tensor in logits.values():
        tensor.stop_gradient = False
    losses.compute(name, logits, inputs)["all"].backward()
    for key, tensor in logits.items():
        assert tensor.grad is not None and np.isfinite(tensor.grad.numpy()).all(), key


def test_family_of_unknown_network():
    from training import losses

    assert losses.family("modnet-hrnet_w18") == "modnet"
    with pytest.raises(KeyError):
        losses.family("u2net-x")


@pytest.mark.slow
@pytest.mark.parametrize("name", ["ppmattingv2-stdc1-human_512", "modnet-mobilenetv2", "dim-vgg16",
                                  "human_matting-resnet34_vd", "ppmatting-hrnet_w18-human_512"])
def test_network_training_forward_gives_the_official_loss(reference_dir, reference_weights, name):
    """Reference weights + the golden batch through our network in training mode + our losses = official loss.

    (PP-Matting and PP-HumanMatting fuse with an argmax that has near-ties, so a few pixels of their fused output
    may differ; the losses still agree closely.)
    """
    import paddle

    from backends.models import build
    from training import losses

    manifest = reference_weights.load_manifest(reference_dir / "manifests" / f"{name}.json")
    state = reference_weights.reference_state_dict(manifest, seed=1)
    with paddle.utils.unique_name.guard():
        net = build(name)
    net.set_state_dict({k: paddle.to_tensor(v) for k, v in state.items()})
    net.train()
    inputs = _golden(reference_dir, name, "in")
    logits = net(inputs)
    assert set(logits) == set(_golden(reference_dir, name, "logit"))
    got = losses.compute(name, logits, inputs)
    expected = _golden(reference_dir, name, "loss")
    np.testing.assert_allclose(float(got["all"]), expected["all"], rtol=1e-3)
