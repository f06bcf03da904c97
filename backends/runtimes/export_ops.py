"""Export-time rewrites that make the networks' resize and pooling ops exportable to a correct ONNX.

Paddle 3.3.1 gives ``bilinear_interp`` / ``nearest_interp`` a double ``scale`` attribute that paddle2onnx 2.1 cannot
convert, and paddle2onnx's adaptive average pooling with a ratio that is not an integer (PP-MattingV2's 16->6 bins)
gives a wrong ONNX. While ``onnx_friendly()`` is active (only while a fixed-shape program is traced for export),
``paddle.nn.functional.interpolate`` and ``adaptive_avg_pool2d`` are replaced by equivalent ops:

- integer bilinear upsampling (half-pixel centres): replicate pad by 1, a fixed-weight depthwise transposed conv
  (stride s, kernel 2s), crop; integer bilinear downsampling: a fixed-weight depthwise strided conv;
- integer nearest upsampling: a depthwise transposed conv with a box kernel;
- any other ratio (and align_corners, area/adaptive pooling that does not divide): constant matrices,
  ``Ry @ x @ Rx^T`` (two matmuls);
- area / adaptive pooling with an integer ratio: ``avg_pool2d``.

The matrices and kernels reproduce Paddle's CPU kernels (exact to ~1e-6). Nothing about the networks changes:
their state dicts and eval outputs are untouched, and everything is restored when the context exits. Shapes must be
static (the export uses a fixed input shape); with an unknown size the original op is used.
"""
from __future__ import annotations

import contextlib
import math
import sys
import threading

import numpy as np

__all__ = ["onnx_friendly", "resize_matrix", "adaptive_pool_matrix"]

_LOCK = threading.Lock()


# ---------------------------------------------------------------- the maths (numpy, exact Paddle semantics)


def resize_matrix(n_in: int, n_out: int, mode: str = "bilinear", align_corners: bool = False,
                  align_mode: int = 0, scale: float | None = None) -> np.ndarray:
    """(n_out, n_in) float64 matrix M with ``out = M @ in`` along one axis, as Paddle's interp kernels compute."""
    m = np.zeros((n_out, n_in), dtype=np.float64)
    if mode == "bilinear":
        if n_out > 1:
            if align_corners:
                ratio = (n_in - 1) / (n_out - 1)
            else:
                ratio = np.float32(1.0 / scale) if scale and scale > 0 else np.float32(n_in / n_out)
        else:
            ratio = 0.0
        for i in range(n_out):
            if align_mode == 0 and not align_corners:
                src = max(float(ratio) * (i + 0.5) - 0.5, 0.0)
            else:
                src = float(ratio) * i
            i0 = min(int(src), n_in - 1)
            i1 = min(i0 + 1, n_in - 1)
            lam = src - i0
            m[i, i0] += 1.0 - lam
            m[i, i1] += lam
        return m
    if mode == "nearest":
        if n_out > 1:
            if align_corners:
                ratio = (n_in - 1) / (n_out - 1)
            else:
                ratio = np.float32(1.0 / scale) if scale and scale > 0 else np.float32(n_in / n_out)
        else:
            ratio = 0.0
        for i in range(n_out):
            src = int(float(ratio) * i + 0.5) if align_corners else int(float(ratio) * i)
            m[i, min(src, n_in - 1)] = 1.0
        return m
    raise ValueError(f"unsupported resize mode {mode!r}")


def adaptive_pool_matrix(n_in: int, n_out: int) -> np.ndarray:
    """(n_out, n_in) averaging matrix of adaptive average pooling (start = floor, end = ceil)."""
    m = np.zeros((n_out, n_in), dtype=np.float64)
    for i in range(n_out):
        start = (i * n_in) // n_out
        end = -((-(i + 1) * n_in) // n_out)
        m[i, start:end] = 1.0 / (end - start)
    return m


def _up_kernel_1d(s: int) -> tuple[np.ndarray, int]:
    """Transposed-conv kernel for integer bilinear upsampling by s (half-pixel) and its offset d_min."""
    ds = [d for d in range(-s - 1, 2 * s + 1) if 1.0 - abs((d + 0.5) / s - 0.5) > 0]
    k = np.array([1.0 - abs((d + 0.5) / s - 0.5) for d in ds])
    return k, ds[0]


def _down_kernel_1d(k: int) -> np.ndarray:
    """Strided-conv kernel (size k) for integer bilinear downsampling by k (half-pixel): tent at (k-1)/2."""
    c = (k - 1) / 2.0
    return np.array([max(0.0, 1.0 - abs(t - c)) for t in range(k)])


# ---------------------------------------------------------------- paddle implementations


def _const(arr: np.ndarray):
    import paddle

    return paddle.to_tensor(np.ascontiguousarray(arr, dtype=np.float32))


def _static_hw(x):
    shape = list(x.shape)
    if len(shape) != 4 or any((not isinstance(v, int)) or v < 0 for v in shape[1:]):
        return None
    return shape


def _matmul_resize(x, mh: np.ndarray | None, mw: np.ndarray | None):
    import paddle

    if mw is not None:
        x = paddle.matmul(x, _const(mw.T))
    if mh is not None:
        x = paddle.matmul(_const(mh), x)
    return x


def _bilinear_up_int(x, sh: int, sw: int, channels: int):
    """Integer bilinear upsampling (half-pixel, edge clamped) as pad + depthwise transposed conv + crop."""
    import paddle
    import paddle.nn.functional as F

    kh, dh = _up_kernel_1d(sh)
    kw, dw = _up_kernel_1d(sw)
    h, w = x.shape[2], x.shape[3]
    xp = F.pad(x, [1, 1, 1, 1], mode="replicate")
    weight = np.broadcast_to(np.outer(kh, kw), (channels, 1, len(kh), len(kw)))
    y = F.conv2d_transpose(xp, _const(weight), stride=[sh, sw], groups=channels)
    # crop with a slice: folding the crop into the transposed conv's padding gave a wrong PP-HumanMatting ONNX
    # through paddle2onnx 2.1 (max diff 1.0), although the same padding is right in Paddle and in ONNX itself
    oh, ow = sh - dh, sw - dw
    return paddle.slice(y, axes=[2, 3], starts=[oh, ow], ends=[oh + h * sh, ow + w * sw])


def _bilinear_down_int(x, kh: int, kw: int, channels: int):
    import paddle.nn.functional as F

    weight = np.broadcast_to(np.outer(_down_kernel_1d(kh), _down_kernel_1d(kw)), (channels, 1, kh, kw))
    return F.conv2d(x, _const(weight), stride=[kh, kw], groups=channels)


def _nearest_up_int(x, sh: int, sw: int, channels: int):
    import paddle.nn.functional as F

    weight = np.ones((channels, 1, sh, sw))
    return F.conv2d_transpose(x, _const(weight), stride=[sh, sw], groups=channels)


def _int_ratio(big: int, small: int) -> int | None:
    return big // small if small > 0 and big % small == 0 else None


def _out_size(shape, size, scale_factor):
    h, w = shape[2], shape[3]
    scales: tuple[float | None, float | None] = (None, None)
    if size is not None:
        if hasattr(size, "shape") and not isinstance(size, (list, tuple)):
            return None, scales
        size = list(size)
        if len(size) != 2 or not all(isinstance(v, int) for v in size):
            return None, scales
        return (size[0], size[1]), scales
    if scale_factor is None:
        return None, scales
    if isinstance(scale_factor, (int, float)):
        scales = (float(scale_factor), float(scale_factor))
    else:
        sf = list(scale_factor)
        if len(sf) != 2 or not all(isinstance(v, (int, float)) for v in sf):
            return None, scales
        scales = (float(sf[0]), float(sf[1]))
    return (int(h * scales[0]), int(w * scales[1])), scales


def _make_interpolate(original):
    def interpolate(x, size=None, scale_factor=None, mode="nearest", align_corners=False, align_mode=0,
                    data_format=None, recompute_scale_factor=None, name=None):
        shape = _static_hw(x)
        fmt_ok = data_format in (None, "NCHW")
        out_hw, scales = _out_size(shape, size, scale_factor) if shape and fmt_ok else (None, (None, None))
        if out_hw is None or mode not in ("bilinear", "nearest", "area"):
            return original(x, size=size, scale_factor=scale_factor, mode=mode, align_corners=align_corners,
                            align_mode=align_mode, data_format=data_format,
                            recompute_scale_factor=recompute_scale_factor, name=name)
        _, c, h, w = shape
        ho, wo = out_hw
        if (ho, wo) == (h, w) and scales in ((None, None), (1.0, 1.0)):
            return x
        if mode == "area":
            return _adaptive_avg(x, shape, ho, wo)
        # a scale_factor with a non-integer inverse changes the sampling ratio: keep it exact via matrices
        exact_ratio = all(s is None or abs(s - round(s)) < 1e-9 or abs(1 / s - round(1 / s)) < 1e-9
                          for s in scales)
        if mode == "bilinear" and not align_corners and align_mode == 0 and exact_ratio:
            sh, sw = _int_ratio(ho, h), _int_ratio(wo, w)
            if sh and sw and (sh > 1 or sw > 1):
                return _bilinear_up_int(x, sh, sw, c)
            kh, kw = _int_ratio(h, ho), _int_ratio(w, wo)
            # Paddle samples pixel 0 (ratio 0) for an output of size 1: the matrices handle that case
            if kh and kw and (kh > 1 or kw > 1) and ho > 1 and wo > 1:
                return _bilinear_down_int(x, kh, kw, c)
        if mode == "nearest" and not align_corners and exact_ratio:
            sh, sw = _int_ratio(ho, h), _int_ratio(wo, w)
            if sh and sw and (sh > 1 or sw > 1):
                return _nearest_up_int(x, sh, sw, c)
        mh = None if ho == h and scales[0] in (None, 1.0) else \
            resize_matrix(h, ho, mode, align_corners, align_mode, scales[0])
        mw = None if wo == w and scales[1] in (None, 1.0) else \
            resize_matrix(w, wo, mode, align_corners, align_mode, scales[1])
        return _matmul_resize(x, mh, mw)

    interpolate.__wrapped__ = original  # type: ignore[attr-defined]
    return interpolate


def _adaptive_avg(x, shape, ho, wo):
    import paddle.nn.functional as F

    _, _, h, w = shape
    kh, kw = _int_ratio(h, ho), _int_ratio(w, wo)
    if kh and kw:
        if kh == 1 and kw == 1:
            return x
        return F.avg_pool2d(x, [kh, kw], stride=[kh, kw])
    mh = None if ho == h else adaptive_pool_matrix(h, ho)
    mw = None if wo == w else adaptive_pool_matrix(w, wo)
    return _matmul_resize(x, mh, mw)


def _make_adaptive_avg_pool2d(original):
    def adaptive_avg_pool2d(x, output_size, data_format="NCHW", name=None):
        shape = _static_hw(x)
        if shape is None or data_format != "NCHW":
            return original(x, output_size, data_format=data_format, name=name)
        if isinstance(output_size, int):
            out = [output_size, output_size]
        else:
            out = list(output_size)
        out = [shape[2 + i] if v is None else v for i, v in enumerate(out)]
        if len(out) != 2 or not all(isinstance(v, int) for v in out):
            return original(x, output_size, data_format=data_format, name=name)
        return _adaptive_avg(x, shape, out[0], out[1])

    adaptive_avg_pool2d.__wrapped__ = original  # type: ignore[attr-defined]
    return adaptive_avg_pool2d


def _not_to_static(fn):
    import paddle

    return paddle.jit.not_to_static(fn)


@contextlib.contextmanager
def onnx_friendly():
    """Replace interpolate / adaptive average pooling by ONNX-exact equivalents while the context is active.

    Patches ``paddle.nn.functional`` (used by ``F.interpolate``, ``nn.Upsample`` and ``nn.AdaptiveAvgPool2D``) and
    any module of ``backends.models`` that imported the functions by name. Not re-entrant across threads (a lock
    serialises exports).
    """
    import paddle.nn.functional as F

    with _LOCK:
        originals = {"interpolate": F.interpolate, "upsample": getattr(F, "upsample", None),
                     "adaptive_avg_pool2d": F.adaptive_avg_pool2d}
        replaced = {
            "interpolate": _not_to_static(_make_interpolate(originals["interpolate"])),
            "adaptive_avg_pool2d": _not_to_static(_make_adaptive_avg_pool2d(originals["adaptive_avg_pool2d"])),
        }
        if originals["upsample"] is not None:
            replaced["upsample"] = _not_to_static(_make_interpolate(originals["upsample"]))
        patched: list[tuple[object, str, object]] = []

        def patch(obj, attr, new):
            patched.append((obj, attr, getattr(obj, attr)))
            setattr(obj, attr, new)

        try:
            for attr, new in replaced.items():
                patch(F, attr, new)
            by_id = {id(originals[a]): replaced[a] for a in replaced}
            for mod_name, mod in list(sys.modules.items()):
                if mod is None or not mod_name.startswith("backends.models"):
                    continue
                for attr, value in list(vars(mod).items()):
                    if id(value) in by_id and not attr.startswith("__"):
                        patch(mod, attr, by_id[id(value)])
            yield
        finally:
            for obj, attr, old in reversed(patched):
                setattr(obj, attr, old)


def _selfcheck():  # pragma: no cover - a quick manual check: python -m backends.runtimes.export_ops
    import paddle
    import paddle.nn.functional as F

    rng = np.random.default_rng(0)
    x = paddle.to_tensor(rng.standard_normal((1, 3, 6, 10)).astype(np.float32))
    cases: list[dict] = [
        dict(size=[12, 20]), dict(size=[24, 40]), dict(size=[3, 5]), dict(size=[8, 8]), dict(size=[2, 3]),
        dict(scale_factor=2), dict(scale_factor=0.5), dict(size=[12, 20], mode="nearest"),
        dict(size=[9, 7], mode="nearest"), dict(size=[9, 7], align_corners=True), dict(size=[3, 5], mode="area"),
        dict(size=[4, 6], mode="area"), dict(size=[18, 30]), dict(size=[2, 2]), dict(scale_factor=3)]
    for kw in cases:
        kw.setdefault("mode", "bilinear")
        ref = F.interpolate(x, **kw).numpy()
        with onnx_friendly():
            got = F.interpolate(x, **kw).numpy()
        print(kw, ref.shape, float(np.abs(ref - got).max()))
    for size in [1, 2, 4, 6]:
        ref = F.adaptive_avg_pool2d(x, size).numpy()
        with onnx_friendly():
            got = paddle.nn.AdaptiveAvgPool2D(size)(x).numpy()
        print("adaptive", size, float(np.abs(ref - got).max()))
    assert math.isfinite(0.0)


if __name__ == "__main__":  # pragma: no cover
    _selfcheck()
