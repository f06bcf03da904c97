"""Training losses of each PaddleSeg Matting model, as the official code computes them (on paddle tensors).

``compute(name, logits, inputs) -> {loss name: scalar tensor}`` with ``'all'`` the total to minimise. ``logits``
is what the network returns in training mode (the ``train__logit__*`` names of the golden files), ``inputs`` the
batch: ``img`` (normalised), ``alpha`` (0..1), ``trimap`` (0 / 128 / 255 floats), ``fg`` and ``bg`` (normalised),
all (N, C, H, W). The building blocks (MRSD, Sobel gradient loss, ...) are public for other uses.
"""
from __future__ import annotations

import functools

import numpy as np
import paddle
import paddle.nn.functional as F

EPS = 1e-6


def family(name: str) -> str:
    """The model family of a network name: ``ppmattingv2``, ``ppmatting``, ``human_matting``, ``modnet``, ``dim``."""
    fam = name.split("-", 1)[0]
    if fam not in LOSSES:
        raise KeyError(f"no training losses for network {name!r}; families: {', '.join(LOSSES)}")
    return fam


def compute(name: str, logits: dict, inputs: dict) -> dict:
    """The losses of network ``name`` for one batch; ``'all'`` is the total."""
    return LOSSES[family(name)](logits, inputs)


# ------------------------------------------------------------------------------------------- building blocks


def mrsd(pred, label, mask=None, eps=EPS):
    """Mean of sqrt((pred - label)^2 + eps), optionally over a mask (sum(l * m) / (sum(m) + eps))."""
    loss = paddle.sqrt(paddle.square(pred - label) + eps)
    if mask is None:
        return loss.mean()
    mask = mask.astype("float32")
    return (loss * mask).sum() / (mask.sum() + eps)


@functools.lru_cache(maxsize=None)
def _sobel_np():
    kx = np.array([[-1.0, 0.0, 1.0], [-2.0, 0.0, 2.0], [-1.0, 0.0, 1.0]], np.float32)
    kx = kx / np.abs(kx).sum()
    return kx[None, None], np.ascontiguousarray(kx.T)[None, None]


def sobel(x, eps=EPS):
    """Gradient magnitude sqrt(gx^2 + gy^2 + eps) with Sobel kernels / 8 and replicate padding (NCHW)."""
    n, c, h, w = x.shape
    kx, ky = (paddle.to_tensor(k) for k in _sobel_np())
    x = F.pad(x.reshape([n * c, 1, h, w]), [1, 1, 1, 1], mode="replicate")
    gx = F.conv2d(x, kx.astype(x.dtype))
    gy = F.conv2d(x, ky.astype(x.dtype))
    return paddle.sqrt(gx * gx + gy * gy + eps).reshape([n, c, h, w])


def gradient_loss(pred, label, mask=None, eps=EPS):
    """L1 between the Sobel magnitudes; with a mask both maps are masked and the sum divided by sum(mask)."""
    if mask is None:
        return F.l1_loss(sobel(pred), sobel(label), "mean")
    mask = mask.astype(pred.dtype)
    return F.l1_loss(sobel(pred * mask), sobel(label * mask), "none").sum() / (mask.sum() + eps)


def nll_of_probs(probs, label):
    """NLL of class probabilities (softmax output) with int64 labels (N, H, W): mean of -log(p + 1e-6)."""
    return F.nll_loss(paddle.log(probs + 1e-6), label)


def trimap_classes(trimap):
    """3-class label from a trimap: 0 = foreground (255), 1 = transition (128), 2 = background (0); (N, H, W)."""
    trans = (trimap == 128).astype("int64")
    bg = (trimap == 0).astype("int64")
    return (trans + bg * 2).squeeze(1)


def l1(pred, label):
    return F.l1_loss(pred, label, "mean")


def mse(pred, label):
    return F.mse_loss(pred, label, "mean")


def _composite(alpha, fg, bg):
    return alpha * fg + (1 - alpha) * bg


# ------------------------------------------------------------------------------------------- per model


def ppmattingv2(logits, inputs):
    alpha, trimap = inputs["alpha"], inputs["trimap"]
    out = {}
    label_8x = F.interpolate(alpha, size=logits["alpha_8x"].shape[-2:], mode="area")
    out["alpha_8x_mrsd"] = mrsd(logits["alpha_8x"], label_8x)
    out["alpha_8x_grad"] = gradient_loss(logits["alpha_8x"], label_8x)
    out["alpha_8x"] = out["alpha_8x_mrsd"] + out["alpha_8x_grad"]
    mask = trimap == 128
    pred = logits["alpha"]
    out["alpha_mrsd"] = mrsd(pred, alpha) + 2 * mrsd(pred, alpha, mask)
    out["alpha_grad"] = gradient_loss(pred, alpha) + 2 * gradient_loss(pred, alpha, mask)
    out["alpha"] = out["alpha_mrsd"] + out["alpha_grad"]
    out["all"] = out["alpha"] + out["alpha_8x"]
    return out


def ppmatting(logits, inputs):
    alpha, trimap, fg, bg = inputs["alpha"], inputs["trimap"], inputs["fg"], inputs["bg"]
    out = {"semantic": nll_of_probs(logits["semantic"], trimap_classes(trimap))}
    mask = trimap == 128
    out["detail_alpha"] = mrsd(logits["detail"], alpha, mask)
    out["detail_gradient"] = gradient_loss(logits["detail"], alpha, mask)
    out["detail"] = out["detail_alpha"] + out["detail_gradient"]
    fusion = logits["fusion"]
    out["fusion_alpha"] = mrsd(fusion, alpha)
    out["fusion_composition"] = mrsd(_composite(fusion, fg, bg), _composite(alpha, fg, bg))
    out["fusion_gradient"] = gradient_loss(fusion, alpha)
    out["fusion"] = out["fusion_alpha"] + out["fusion_composition"] + out["fusion_gradient"]
    out["all"] = 0.25 * out["semantic"] + 0.25 * out["detail"] + 0.25 * out["fusion"]
    return out


def human_matting(logits, inputs):
    alpha, trimap = inputs["alpha"], inputs["trimap"]
    out = {}
    glance_trimap = F.interpolate(trimap, logits["glance"].shape[2:], mode="nearest")
    out["glance"] = nll_of_probs(logits["glance"], trimap_classes(glance_trimap))
    focus_label = F.interpolate(alpha, logits["focus"].shape[2:], mode="bilinear", align_corners=False)
    out["focus"] = mrsd(logits["focus"], focus_label, (glance_trimap == 128).astype("int64"))
    out["cm"] = mrsd(logits["fusion"], focus_label)
    size = alpha.shape[2:]
    err = F.interpolate(logits["error"], size, mode="bilinear", align_corners=False)
    err_label = (F.interpolate(logits["fusion"], size, mode="bilinear", align_corners=False) - alpha).abs()
    out["err"] = mse(err, err_label)
    total = 0.25 * out["glance"] + 0.25 * out["focus"] + 0.25 * out["cm"] + out["err"]
    if "refine" in logits:
        out["refine"] = l1(logits["refine"], alpha)
        total = total + out["refine"]
    out["all"] = total
    return out


@functools.lru_cache(maxsize=None)
def _gauss3_np():
    """MODNet's fixed 3x3 Gaussian (sigma 0.8), built as scipy.ndimage.gaussian_filter of a unit impulse."""
    from scipy.ndimage import gaussian_filter

    size = 3
    sigma = 0.3 * ((size - 1) * 0.5 - 1) + 0.8
    impulse = np.zeros((size, size))
    impulse[size // 2, size // 2] = 1
    return gaussian_filter(impulse, sigma).astype(np.float32)[None, None]


def modnet_blur(x):
    """MODNet's ``blurer``: reflect padding 1, then the 3x3 Gaussian (one channel)."""
    return F.conv2d(F.pad(x, [1, 1, 1, 1], mode="reflect"), paddle.to_tensor(_gauss3_np()).astype(x.dtype))


def modnet(logits, inputs):
    alpha, trimap, img = inputs["alpha"], inputs["trimap"], inputs["img"]
    semantic = logits["semantic"]
    out = {}
    semantic_gt = modnet_blur(F.interpolate(alpha, scale_factor=1 / 16, mode="bilinear", align_corners=False))
    out["semantic"] = mse(semantic, semantic_gt)

    mask = (trimap == 128).astype("float32")
    detail = l1(logits["detail"] * mask, alpha * mask) / (mask.mean() + 1e-6)
    out["detail"] = 10 * detail

    matte = logits["matte"]
    boundary = paddle.where(trimap == 128, matte, alpha)
    out["fusion_l1"] = l1(matte, alpha) + 4 * l1(boundary, alpha)
    out["fusion_comp"] = l1(matte * img, alpha * img) + 4 * l1(boundary * img, alpha * img)
    small_unknown = F.interpolate(trimap, scale_factor=1 / 16, mode="nearest") == 128
    matte_small = modnet_blur(F.interpolate(matte, scale_factor=1 / 16, mode="bilinear", align_corners=False))
    matte_small = paddle.where(small_unknown, semantic.detach(), matte_small)
    out["fusion_con_sem"] = mse(matte_small, semantic)
    out["fusion"] = out["fusion_l1"] + out["fusion_comp"] + out["fusion_con_sem"]
    out["all"] = out["semantic"] + out["detail"] + out["fusion"]
    return out


def dim(logits, inputs, stage: int = 3):
    alpha, trimap = inputs["alpha"], inputs["trimap"]
    mask = trimap == 128
    out = {}
    total = 0
    if stage != 2:
        out["alpha_raw"] = 0.5 * mrsd(logits["alpha_raw"], alpha, mask)
        total = total + out["alpha_raw"]
    if stage in (1, 3):
        comp = _composite(logits["alpha_raw"], inputs["fg"], inputs["bg"])
        out["comp"] = 0.5 * mrsd(comp, inputs["img"], mask)
        total = total + out["comp"]
    if stage in (2, 3):
        out["alpha_pred"] = mrsd(logits["alpha_pred"], alpha, mask)
        total = total + out["alpha_pred"]
    out["all"] = total
    return out


LOSSES = {"ppmattingv2": ppmattingv2, "ppmatting": ppmatting, "human_matting": human_matting, "modnet": modnet,
          "dim": dim}
