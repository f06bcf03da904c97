"""Layered Photoshop files for retouching: the photo as a layer whose layer mask is the matte.

``encode_psd`` writes, bottom to top, the new background as a layer when one is chosen, then the untouched photo
(its own pixels, not decontaminated: nothing is lost) with the matte as its layer mask, which Photoshop, GIMP,
Affinity and Photopea open as an editable mask. 8 or 16 bits per channel, the ICC profile kept; the merged image
that viewers without layer support show is the layers composited (transparent where the mask is, when there is
no background layer).

Written with psd-tools (its layer and mask API); psd-tools builds layers from 8-bit PIL images only, so at 16 bits
the colour and mask channels are then stored again from the 16-bit arrays through psd-tools' own channel codec.
"""
from __future__ import annotations

import io

import numpy as np

PHOTO_LAYER = "Photo"
BACKGROUND_LAYER = "Background"


def encode_psd(rgb: np.ndarray, alpha: np.ndarray, background: np.ndarray | None = None, depth: int = 8,
               icc_profile: bytes | None = None) -> bytes:
    """The PSD's bytes. ``rgb`` (H, W, 3) uint8/uint16 photo, ``alpha`` (H, W) float in [0, 1], ``background``
    (H, W, 3) float in [0, 1] or None (transparent), ``depth`` 8 or 16."""
    from PIL import Image
    from psd_tools import PSDImage
    from psd_tools.api.layers import PixelLayer
    from psd_tools.constants import ChannelID, Resource
    from psd_tools.psd.image_resources import ImageResource

    if depth not in (8, 16):
        raise ValueError(f"PSD depth must be 8 or 16, not {depth}")
    h, w = alpha.shape
    top = 65535 if depth == 16 else 255
    dtype = np.uint16 if depth == 16 else np.uint8
    photo = _to_depth(rgb, depth)
    mask = np.round(np.clip(alpha, 0, 1) * top).astype(dtype)
    psd = PSDImage.new("RGB" if background is not None else "RGBA", (w, h), depth=16 if depth == 16 else 8)
    if background is None:
        # the PSD spec's way to say "the merged image's extra channel is its transparency": a negative layer count.
        # Without it psd-tools writes the merged alpha as 0 and readers that show the merged image (ImageMagick,
        # viewers) see black. psd-tools keeps that sign in this attribute (it carries it over from files it read).
        psd._merged_alpha = True
    if background is not None:
        back = np.round(np.clip(background, 0, 1) * top).astype(dtype)
        layer = PixelLayer.frompil(_pil_stand_in(back, depth), psd, BACKGROUND_LAYER)
        if depth == 16:
            for i in range(3):
                _store(layer, ChannelID(i), back[..., i], depth)
    layer = PixelLayer.frompil(_pil_stand_in(photo, depth), psd, PHOTO_LAYER)
    layer.create_mask(Image.fromarray(mask) if depth == 8 else Image.new("L", (w, h), 255))
    if depth == 16:
        for i in range(3):
            _store(layer, ChannelID(i), photo[..., i], depth)
        _store(layer, ChannelID.USER_LAYER_MASK, mask, depth)
    if icc_profile:
        psd.image_resources[Resource.ICC_PROFILE] = ImageResource(key=Resource.ICC_PROFILE, data=icc_profile)
    buf = io.BytesIO()
    psd.save(buf)  # composites the layers into the merged image
    return buf.getvalue()


def _to_depth(rgb: np.ndarray, depth: int) -> np.ndarray:
    if depth == 16:
        return rgb if rgb.dtype == np.uint16 else rgb.astype(np.uint16) * 257
    return rgb if rgb.dtype == np.uint8 else (rgb >> 8).astype(np.uint8)


def _pil_stand_in(pixels: np.ndarray, depth: int):
    """The PIL image psd-tools builds a layer from: the pixels themselves at 8 bits; at 16 bits a blank image of
    the same size (its channels are replaced by ``_store`` at once, so encoding real pixels would be wasted)."""
    from PIL import Image

    if depth == 8:
        return Image.fromarray(pixels)
    return Image.new("RGB", (pixels.shape[1], pixels.shape[0]))


def _store(layer, channel_id, plane: np.ndarray, depth: int) -> None:
    """Store one channel of a layer from a 16-bit plane (big-endian, as PSD keeps samples), compressed by
    psd-tools' codec as it compresses every channel. psd-tools' layers keep their record and channel list in
    ``_record`` / ``_channels`` (its low-level ``LayerRecord`` and ``ChannelData``); tests check the result."""
    record, channels = layer._record, layer._channels
    height, width = plane.shape
    version = layer._psd.version
    for info, data in zip(record.channel_info, channels):
        if info.id == channel_id:
            data.set_data(np.ascontiguousarray(plane, dtype=">u2").tobytes(), width, height, depth, version)
            info.length = 2 + len(data.data)
            return
    raise ValueError(f"the layer has no channel {channel_id!r}")
