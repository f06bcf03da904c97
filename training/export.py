"""Export trained weights as an inference model and register them in the app's model store as a user model.

``export_inference(network, weights, out_dir)`` writes ``model.json`` + ``model.pdiparams`` (``paddle.jit.save``,
input ``img`` (N, 3, H, W) of any size, DIM also ``trimap``) and a ``deploy.yaml`` in PaddleSeg's format with the
network's validation transforms, the layout of the official inference zips. ``register(...)`` installs the weights
(``model.pdparams``, what the app's backends load) and that inference model under a user model id with
``backends.zoo.store``; the model then appears as a backend. ``export_run(network, run_dir, model_id)`` does both
for a run's best (else newest) weights: what ``matting-studio train --export`` and the app's training wizard do.
"""
from __future__ import annotations

from pathlib import Path

_TRANSFORMS = {"limit_short": ("LimitShort", "max_short"), "limit_long": ("LimitLong", "max_long"),
               "by_short": ("ResizeByShort", "short_size"), "int_mult": ("ResizeToIntMult", "mult_int")}
_MODEL_NAMES = {"ppmattingv2": "PPMattingV2", "ppmatting": "PPMatting", "human_matting": "HumanMatting",
                "modnet": "MODNet", "dim": "DIM"}


def deploy_yaml(network: str, program: str = "model.json") -> str:
    """PaddleSeg's ``deploy.yaml`` for ``network`` (its validation transforms; dynamic input shape)."""
    from backends.models.specs import spec

    from .losses import family

    lines = ["Deploy:", "  input_shape:", "  - -1", "  - 3", "  - -1", "  - -1", f"  model: {program}",
             "  params: model.pdiparams", "  transforms:", "  - type: LoadImages"]
    for step in spec(network).resize:
        kind, arg = _TRANSFORMS[step.kind]
        lines += [f"  - {arg}: {step.size}", f"    type: {kind}"]
    lines += ["  - type: Normalize", f"ModelName: {_MODEL_NAMES[family(network)]}", ""]
    return "\n".join(lines)


def export_inference(network: str, weights, out_dir) -> Path:
    """Export ``weights`` (a .pdparams path or an installed id) of ``network`` into ``out_dir``; returns it."""
    from backends.folders import write_dir
    from backends.models.specs import spec
    from backends.runtimes.export import export_paddle

    from .evaluate import load_network

    net = load_network(network, weights)

    def write(tmp: Path) -> None:
        shapes = {"img": (None, 3, None, None)}
        if spec(network).needs_trimap:
            shapes["trimap"] = (None, 1, None, None)
        program = export_paddle(net, shapes, tmp / "model")
        (tmp / "deploy.yaml").write_text(deploy_yaml(network, program.name), "utf-8")

    return write_dir(out_dir, write)


def register(model_id: str, network: str, weights, inference_dir=None, source: str = ""):
    """Install ``weights`` (and the exported ``inference_dir`` if given) as the user model ``model_id``."""
    from backends.zoo import catalog, store

    if catalog.find(model_id) is not None:
        raise store.StoreError(f"{model_id!r} is a zoo model id; choose another name for your model")
    model = store.install_checkpoint(weights, model_id, network, source=source or str(weights))
    if inference_dir is not None:
        model = store.install_inference(inference_dir, model_id, network, source=source or str(weights))
    return model


def export_run(network: str, run_dir, model_id: str):
    """Export a run's best weights (else its newest checkpoint) to ``RUN/export`` and register them as the user
    model ``model_id``; returns (installed model, inference folder, weights file)."""
    from .checkpoints import run_weights

    run_dir = Path(run_dir)
    weights = run_weights(run_dir)
    if weights is None:
        raise ValueError(f"{run_dir} has no weights to export yet")
    inference = export_inference(network, weights, run_dir / "export")
    model = register(model_id, network, weights, inference, source=f"trained in {run_dir}")
    return model, inference, weights
