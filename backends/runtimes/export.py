"""Exporting a loaded network to a fixed-shape static program (Paddle ``model.json``) and to ONNX.

``export_paddle`` traces ``network`` with fixed input shapes through a small wrapper layer (so the network object
itself is never converted or modified) and saves ``model.json`` + ``model.pdiparams``. With ``onnx_ops=True`` the
trace runs inside ``export_ops.onnx_friendly()`` so that no ``*_interp`` op with a double ``scale`` and no inexact
adaptive pooling remains. ``export_onnx`` converts such a program with paddle2onnx (opset 13, no polygraphy
folding: that step pip-installs packages at run time). ``find_model_files`` finds such a program and its
parameters in a folder (an export here, or an official inference model).
"""
from __future__ import annotations

import contextlib
import logging
import sys
from pathlib import Path

log = logging.getLogger("backends.runtimes")

OPSET = 13

__all__ = ["export_paddle", "export_onnx", "ensure_paddle_export", "find_model_files"]


def _wrapper(network, with_trimap: bool):
    import paddle

    def pick(out):
        if isinstance(out, dict):
            return out["alpha"]
        if isinstance(out, (list, tuple)):
            return out[0]
        return out

    if with_trimap:
        class ImgTrimap(paddle.nn.Layer):
            def __init__(self, net):
                super().__init__()
                self.net = net

            def forward(self, img, trimap):
                return pick(self.net({"img": img, "trimap": trimap}))

        return ImgTrimap(network)

    class ImgOnly(paddle.nn.Layer):
        def __init__(self, net):
            super().__init__()
            self.net = net

        def forward(self, img):
            return pick(self.net({"img": img}))

    return ImgOnly(network)


@contextlib.contextmanager
def _plain_python(network):
    """Let dy2static run the network's own code as plain Python (no AST conversion) while tracing.

    The networks have no tensor-dependent control flow at a fixed input shape, so running their code in static
    mode builds the same program 3x faster than converting every function's source. The modules are taken off
    dy2static's ignore list afterwards, so other uses of ``to_static`` are unaffected.
    """
    if network is None:
        yield
        return
    from paddle.jit.dy2static import convert_call_func as ccf

    mods = set()
    for layer in network.sublayers(include_self=True):
        mod = sys.modules.get(type(layer).__module__)
        if mod is not None and not type(layer).__module__.startswith("paddle"):
            mods.add(mod)
    mods |= {m for n, m in list(sys.modules.items()) if m is not None and n.startswith("backends.models")}
    added = [m for m in mods if m not in ccf.BUILTIN_LIKELY_MODULES]
    ccf.add_ignore_module(added)
    try:
        yield
    finally:
        for m in added:
            while m in ccf.BUILTIN_LIKELY_MODULES:
                ccf.BUILTIN_LIKELY_MODULES.remove(m)


def export_paddle(network, shapes: dict[str, tuple[int, ...]], prefix: Path, onnx_ops: bool = False,
                  plain_trace: bool = True) -> Path:
    """Save ``network`` (eval mode) as a fixed-shape static program ``prefix.json`` + ``prefix.pdiparams``.

    ``plain_trace`` first traces the network's code as plain Python (fast), then, if that fails, with dy2static's
    source conversion.
    """
    import paddle

    from ..models import ensure_dynamic_mode
    from .export_ops import onnx_friendly

    ensure_dynamic_mode()  # the batch exports on its own threads
    was_training = network.training
    network.eval()
    names = ["img", "trimap"] if "trimap" in shapes else ["img"]
    specs = [paddle.static.InputSpec(list(shapes[n]), "float32", n) for n in names]
    layer = _wrapper(network, "trimap" in shapes)
    layer.eval()
    try:
        for plain in ((True, False) if plain_trace else (False,)):
            ctx = onnx_friendly() if onnx_ops else contextlib.nullcontext()
            try:
                with ctx, _plain_python(network if plain else None):
                    static = paddle.jit.to_static(layer, input_spec=specs, full_graph=True)
                    paddle.jit.save(static, str(prefix))
                break
            except Exception as exc:
                if not plain:
                    raise
                log.info("plain trace of %s failed (%s); converting its code with dy2static",
                         type(network).__name__, exc)
                layer = _wrapper(network, "trimap" in shapes)
                layer.eval()
    finally:
        if was_training:
            network.train()
    program = prefix.with_suffix(".json")
    if not program.exists():
        legacy = prefix.with_suffix(".pdmodel")
        if legacy.exists():
            return legacy
        raise RuntimeError(f"paddle.jit.save wrote no program at {prefix}")
    return program


def ensure_paddle_export(network, name: str, weights_id: str, shapes) -> tuple[Path, Path]:
    """The cached fixed-shape program (ONNX-friendly ops) of ``network``: exported now if missing.

    Raises when the export failed (now or in an earlier process: the entry then holds ``error.txt``).
    """
    from . import cache

    entry = cache.entry_dir("paddle", name, weights_id, shapes)
    if not cache.is_complete(entry):
        def build(tmp: Path):
            try:
                export_paddle(network, shapes, tmp / "model", onnx_ops=True)
            except Exception as exc:  # noqa: BLE001 - recorded in the entry; the caller raises it
                (tmp / "error.txt").write_text(f"{type(exc).__name__}: {exc}\n")
        cache.build_atomically(entry, build)
    error = entry / "error.txt"
    if error.exists():
        raise RuntimeError("paddle export failed: " + error.read_text().splitlines()[0])
    try:
        return find_model_files(entry)
    except FileNotFoundError:
        cache.remove(entry)
        raise


def export_onnx(program: Path, params: Path, out: Path) -> Path:
    """Convert a static Paddle program to ONNX at ``out`` with paddle2onnx.

    ``optimize_tool="none"``: paddle2onnx's default (polygraphy) sets ``POLYGRAPHY_AUTOINSTALL_DEPS=1`` in our
    environment and pip-installs packages at run time; without it neither happens.
    """
    import paddle2onnx

    data = paddle2onnx.export(str(program), str(params), save_file=None, opset_version=OPSET,
                              auto_upgrade_opset=True, enable_onnx_checker=True, enable_optimize=True,
                              optimize_tool="none")
    if not data:
        raise RuntimeError("paddle2onnx produced no model")
    out.write_bytes(data)
    return out


def find_model_files(folder: Path) -> tuple[Path, Path]:
    """(program, params) of the inference model in ``folder`` or one level below: ``*.json`` or ``*.pdmodel``."""
    folder = Path(folder)
    candidates = [folder] + sorted(p for p in folder.iterdir() if p.is_dir()) if folder.is_dir() else []
    for d in candidates:
        for prefix in ("model", "inference"):
            for ext in (".json", ".pdmodel"):
                prog, params = d / f"{prefix}{ext}", d / f"{prefix}.pdiparams"
                if prog.is_file() and params.is_file():
                    return prog, params
        for params in sorted(d.glob("*.pdiparams")):
            for ext in (".json", ".pdmodel"):
                prog = params.with_suffix(ext)
                if prog.is_file():
                    return prog, params
    raise FileNotFoundError(f"no inference model (model.json or model.pdmodel with model.pdiparams) in {folder}")
