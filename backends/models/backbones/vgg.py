"""VGG backbone as PaddleSeg Matting's DIM uses it (no BatchNorm, no conv bias, an extra 3x3 ``_conv_6``).

``VGGNet(input_channels=4, layers=16)`` has blocks ``_conv_block_1``..``_conv_block_5`` (convs ``_conv_1``..,
each followed by ReLU, then a 2x2 max pool) and ``_conv_6``. ``forward(x)`` returns six feature maps: each block's
output before its pool (1/1, 1/2, 1/4, 1/8, 1/16) and ReLU(``_conv_6``) at 1/32. Parameters get no fixed names,
so two of these can be built in one process.
"""
from __future__ import annotations

import paddle.nn as nn
import paddle.nn.functional as F

__all__ = ["VGGNet", "ConvBlock"]

_GROUPS = {11: (1, 1, 2, 2, 2), 13: (2, 2, 2, 2, 2), 16: (2, 2, 3, 3, 3), 19: (2, 2, 4, 4, 4)}


class ConvBlock(nn.Layer):
    """``convs`` 3x3 conv + ReLU layers (``_conv_1``...); forward returns (pooled, before-pool)."""

    def __init__(self, in_channels, out_channels, convs):
        super().__init__()
        self.convs = convs
        for i in range(convs):
            conv = nn.Conv2D(in_channels if i == 0 else out_channels, out_channels, 3, padding=1, bias_attr=False)
            self.add_sublayer(f"_conv_{i + 1}", conv)
        self._pool = nn.MaxPool2D(kernel_size=2, stride=2, padding=0)

    def forward(self, x):
        for i in range(self.convs):
            x = F.relu(getattr(self, f"_conv_{i + 1}")(x))
        return self._pool(x), x


class VGGNet(nn.Layer):
    """VGG-11/13/16/19 encoder; forward returns [skip1 (1/1), ..., skip5 (1/16), relu(conv6) (1/32)]."""

    def __init__(self, input_channels: int = 3, layers: int = 16):
        super().__init__()
        if layers not in _GROUPS:
            raise ValueError(f"unsupported VGG depth {layers}; known: {sorted(_GROUPS)}")
        widths = (64, 128, 256, 512, 512)
        in_channels = input_channels
        for b, (convs, width) in enumerate(zip(_GROUPS[layers], widths)):
            self.add_sublayer(f"_conv_block_{b + 1}", ConvBlock(in_channels, width, convs))
            in_channels = width
        self._conv_6 = nn.Conv2D(512, 512, 3, padding=1, bias_attr=False)
        self.feat_channels = list(widths) + [512]

    def forward(self, x):
        feats = []
        for b in range(5):
            x, skip = getattr(self, f"_conv_block_{b + 1}")(x)
            feats.append(skip)
        feats.append(F.relu(self._conv_6(x)))
        return feats
