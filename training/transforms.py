"""The training augmentations of the official PaddleSeg Matting configs, on HWC uint8/float numpy samples.

A sample is a dict with ``img`` (RGB), ``alpha`` (H, W, 0..255), and in training ``fg``, ``bg`` (RGB) and
``trimap`` (0 / 128 / 255); ``fields`` lists the keys that follow the image's geometry. Every op takes
``(sample, rng)`` with ``rng`` a ``numpy.random.Generator``, so a sample's augmentation is reproducible from its
seed. ``train_pipeline(name, size)`` gives the ops of a network's official config, with the crop size scaled to
``size``; a final padding to ``size`` x ``size`` is always added so that every batch stacks.
"""
from __future__ import annotations

import cv2
import numpy as np
from PIL import Image, ImageEnhance

COLOUR = ("img", "fg", "bg")
PAD_COLOUR = (127.5, 127.5, 127.5)


def _geom_keys(sample):
    return [k for k in ("img", "fg", "bg", "alpha", "trimap") if k in sample]


def _resize(arr, wh, interp=cv2.INTER_LINEAR):
    return cv2.resize(arr, (int(wh[0]), int(wh[1])), interpolation=interp)


def _resize_all(sample, wh, interp=cv2.INTER_LINEAR):
    for key in _geom_keys(sample):
        sample[key] = _resize(sample[key], wh, cv2.INTER_NEAREST if key == "trimap" else interp)
    return sample


def _scaled_wh(h, w, scale):
    return int(round(w * scale)), int(round(h * scale))


class LimitShort:
    """Shrink (only) so the short side is at most ``max_short``."""

    def __init__(self, max_short):
        self.max_short = max_short

    def __call__(self, s, rng):
        h, w = s["img"].shape[:2]
        if min(h, w) > self.max_short:
            _resize_all(s, _scaled_wh(h, w, self.max_short / min(h, w)))
        return s


class RandomResize:
    """Scale so the image covers ``size`` (w, h), times a random factor in ``scale``."""

    def __init__(self, size, scale):
        self.size, self.scale = size, scale

    def __call__(self, s, rng):
        h, w = s["img"].shape[:2]
        factor = rng.uniform(*self.scale) * max(self.size[0] / w, self.size[1] / h)
        return _resize_all(s, _scaled_wh(h, w, factor))


class Resize:
    def __init__(self, size):
        self.size = size

    def __call__(self, s, rng):
        return _resize_all(s, self.size)


def _crop(s, top, left, ch, cw):
    for key in _geom_keys(s):
        s[key] = s[key][top:top + ch, left:left + cw]
    return s


class RandomCrop:
    """Crop one of ``sizes`` (w, h) at a random place (the whole side where the image is smaller)."""

    def __init__(self, sizes):
        self.sizes = [tuple(x) for x in sizes]

    def __call__(self, s, rng):
        cw, ch = self.sizes[rng.integers(len(self.sizes))]
        h, w = s["img"].shape[:2]
        top = rng.integers(h - ch + 1) if h > ch else 0
        left = rng.integers(w - cw + 1) if w > cw else 0
        return _crop(s, top, left, ch, cw)


class RandomCropByAlpha:
    """DIM's crop: with probability ``prob`` centred on a random unknown (0 < alpha < 255) pixel."""

    def __init__(self, sizes, prob=0.5):
        self.sizes, self.prob = [tuple(x) for x in sizes], prob

    def __call__(self, s, rng):
        cw, ch = self.sizes[rng.integers(len(self.sizes))]
        h, w = s["img"].shape[:2]
        if rng.random() < self.prob:
            ys, xs = np.nonzero((s["alpha"] > 0) & (s["alpha"] < 255))
            if len(ys) == 0:
                return s
            i = rng.integers(len(ys))
            top, left = max(0, ys[i] - ch // 2), max(0, xs[i] - cw // 2)
        else:
            top = rng.integers(h - ch + 1) if h > ch else 0
            left = rng.integers(w - cw + 1) if w > cw else 0
        return _crop(s, top, left, ch, cw)


class Padding:
    """Pad bottom / right to ``size`` (w, h): grey 127.5 for colour images, 0 for alpha and trimap."""

    def __init__(self, size):
        self.size = size

    def __call__(self, s, rng):
        h, w = s["img"].shape[:2]
        ph, pw = max(0, self.size[1] - h), max(0, self.size[0] - w)
        if ph or pw:
            for key in _geom_keys(s):
                value = 0 if key in ("alpha", "trimap") else PAD_COLOUR
                s[key] = cv2.copyMakeBorder(s[key], 0, ph, 0, pw, cv2.BORDER_CONSTANT, value=value)
        return s


def _enhance(kind):
    def op(im, lo, hi, rng):
        return getattr(ImageEnhance, kind)(im).enhance(rng.uniform(lo, hi))

    return op


def _hue(im, lo, hi, rng):
    delta = rng.uniform(lo, hi)
    hsv = np.array(im.convert("HSV"))
    # the official code assigns the float sum into the uint8 array: truncation, wrapping around the hue circle
    hsv[:, :, 0] = (np.trunc(hsv[:, :, 0] + delta).astype(np.int64) % 256).astype(np.uint8)
    return Image.fromarray(hsv, mode="HSV").convert("RGB")


class RandomDistort:
    """Brightness / contrast / saturation / hue jitter (PIL), each with probability 0.5, in a random order."""

    def __init__(self, brightness=0.5, contrast=0.5, saturation=0.5, hue=18, prob=0.5):
        self.ops = [(_enhance("Brightness"), 1 - brightness, 1 + brightness),
                    (_enhance("Contrast"), 1 - contrast, 1 + contrast),
                    (_enhance("Color"), 1 - saturation, 1 + saturation), (_hue, -hue, hue)]
        self.prob = prob

    def _apply(self, arr, order, rng):
        im = Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8))
        for i in order:
            op, lo, hi = self.ops[i]
            if rng.uniform(0, 1) < self.prob:
                im = op(im, lo, hi, rng)
        return np.asarray(im)

    def __call__(self, s, rng):
        order = rng.permutation(len(self.ops))
        for key in COLOUR:
            if key in s:
                s[key] = self._apply(s[key], order, rng)
        return s


class RandomBlur:
    """Gaussian blur (odd radius 3..9) with probability ``prob`` of everything but the trimap (alpha too)."""

    def __init__(self, prob=0.1):
        self.prob = prob

    def __call__(self, s, rng):
        if self.prob <= 0:
            return s
        n = 1 if self.prob >= 1 else int(1.0 / self.prob)
        if rng.integers(0, n) != 0:
            return s
        radius = int(rng.integers(3, 10))
        radius = min(9, radius + 1 if radius % 2 == 0 else radius)
        for key in _geom_keys(s):
            if key != "trimap":
                s[key] = cv2.GaussianBlur(s[key], (radius, radius), 0, 0)
        return s


class RandomSharpen:
    """Unsharp masking of the image (random strength) and, fixed, of fg / bg, with probability ``prob``."""

    def __init__(self, prob=0.1):
        self.prob = prob

    def __call__(self, s, rng):
        if rng.random() > self.prob:
            return s
        radius = int(rng.choice([0, 3, 5, 7, 9]))
        w = rng.uniform(0.1, 0.5)
        img = s["img"]
        s["img"] = cv2.addWeighted(img, 1 + w, cv2.GaussianBlur(img, (radius, radius), 5), -w, 0)
        for key in ("fg", "bg"):
            if key in s:
                s[key] = cv2.addWeighted(s[key], 1.5, cv2.GaussianBlur(s[key], (0, 0), 5), -0.5, 0)
        return s


class RandomNoise:
    """Gaussian noise on the image with probability ``prob``."""

    def __init__(self, prob=0.1):
        self.prob = prob

    def __call__(self, s, rng):
        if rng.random() > self.prob:
            return s
        mean, var = rng.uniform(0, 0.04), rng.uniform(0, 0.001)
        noise = rng.normal(mean, var ** 0.5, s["img"].shape) * 255
        s["img"] = np.clip(s["img"] + noise, 0, 255)
        return s


class RandomReJpeg:
    """JPEG re-compression (quality 70..94) of the image with probability ``prob``."""

    def __init__(self, prob=0.1):
        self.prob = prob

    def __call__(self, s, rng):
        if rng.random() > self.prob:
            return s
        quality = int(rng.integers(70, 95))
        ok, buf = cv2.imencode(".jpg", np.clip(s["img"], 0, 255).astype(np.uint8),
                               [int(cv2.IMWRITE_JPEG_QUALITY), quality])
        if ok:
            s["img"] = cv2.imdecode(buf, cv2.IMREAD_COLOR)
        return s


class RandomHorizontalFlip:
    def __init__(self, prob=0.5):
        self.prob = prob

    def __call__(self, s, rng):
        if rng.random() < self.prob:
            for key in _geom_keys(s):
                s[key] = np.ascontiguousarray(s[key][:, ::-1])
        return s


def normalize(arr):
    """HWC 0..255 -> CHW float32 ``(x/255 - 0.5) / 0.5``."""
    out = (np.asarray(arr, dtype=np.float32) / 255.0 - 0.5) / 0.5
    return np.ascontiguousarray(out.transpose(2, 0, 1))


class Compose:
    def __init__(self, ops):
        self.ops = list(ops)

    def __call__(self, sample, rng):
        for op in self.ops:
            sample = op(sample, rng)
        return sample


#: the official crop size (square side) of each config's training transforms
OFFICIAL_SIZE = {"ppmattingv2": 512, "ppmatting": 512, "human_matting": 2048, "modnet": 512, "dim": 320}


def official_size(name: str) -> int:
    return 1024 if name == "ppmatting-hrnet_w18-human_1024" else OFFICIAL_SIZE[name.split("-", 1)[0]]


def train_pipeline(name: str, size: int | None = None) -> Compose:
    """The augmentations of network ``name``'s official config, training crops of ``size`` (default: official)."""
    family = name.split("-", 1)[0]
    size = int(size or official_size(name))
    sq = (size, size)
    if family == "ppmattingv2":
        ops = [LimitShort(size), RandomCrop([sq]), Padding(sq), RandomDistort(), RandomBlur(0.1),
               RandomSharpen(0.2), RandomNoise(0.5), RandomReJpeg(0.2), RandomHorizontalFlip()]
    elif family == "ppmatting":
        ops = [LimitShort(size), RandomCrop([sq]), RandomDistort(), RandomBlur(0.1), RandomNoise(0.5),
               RandomReJpeg(0.2), RandomHorizontalFlip()]
    elif family == "human_matting":
        ops = [RandomResize(sq, (0.3, 1.5)), RandomCrop([sq]), RandomDistort(), RandomBlur(0.1),
               RandomHorizontalFlip()]
    elif family == "modnet":
        ops = [RandomCrop([sq]), RandomDistort(), RandomBlur(0.1), RandomHorizontalFlip()]
    elif family == "dim":
        crops = [(int(round(c * size / 320)),) * 2 for c in (320, 480, 640)]
        ops = [RandomCropByAlpha(crops), Resize(sq), RandomDistort(), RandomBlur(0.1), RandomHorizontalFlip()]
    else:
        raise KeyError(f"no training transforms for {name!r}")
    return Compose(ops + [Padding(sq)])
