"""ResNet_vd backbone (ResNet with the "bag of tricks" deep stem and average-pool shortcuts), as PaddleSeg Matting
uses it.

``ResNetVd(layers=34 | 50, input_channels=3)`` builds the network with PaddleSeg Matting's parameter names
(``conv1_1``..``conv1_3`` stem, blocks ``bb_<stage>_<index>`` with ``conv0``/``conv1``[/``conv2``]/``short``,
each a ``_conv`` + ``_batch_norm`` pair). ``forward(x)`` returns five feature maps: the stem output at 1/2 and the
four stages at 1/4, 1/8, 1/16 and 1/32 of the input; ``feat_channels`` lists their channel counts.
No fixed parameter names are used, so several of these can live in one process.
"""
from __future__ import annotations

import paddle.nn as nn
import paddle.nn.functional as F

__all__ = ["ResNetVd", "ConvBNLayer", "BasicBlock", "BottleneckBlock"]

_DEPTHS = {18: (2, 2, 2, 2), 34: (3, 4, 6, 3), 50: (3, 4, 6, 3), 101: (3, 4, 23, 3), 152: (3, 8, 36, 3)}
_WIDTHS = (64, 128, 256, 512)


class ConvBNLayer(nn.Layer):
    """Conv (no bias) + BatchNorm + optional ReLU; ``avg_down`` first halves the input with a 2x2 average pool."""

    def __init__(self, in_channels, out_channels, kernel_size, stride=1, avg_down=False, relu=False):
        super().__init__()
        self.avg_down = avg_down
        self.relu = relu
        self._pool2d_avg = nn.AvgPool2D(kernel_size=2, stride=2, padding=0, ceil_mode=True)
        self._conv = nn.Conv2D(in_channels, out_channels, kernel_size, stride=stride,
                               padding=(kernel_size - 1) // 2, bias_attr=False)
        self._batch_norm = nn.BatchNorm2D(out_channels)

    def forward(self, x):
        if self.avg_down:
            x = self._pool2d_avg(x)
        x = self._batch_norm(self._conv(x))
        return F.relu(x) if self.relu else x


def _shortcut(in_channels, out_channels, stride, first):
    # the "vd" shortcut: average-pool then 1x1 conv, except in the very first block (already downsampled)
    return ConvBNLayer(in_channels, out_channels, 1, avg_down=not first and stride != 1)


class BasicBlock(nn.Layer):
    """Two 3x3 convs with a residual connection (ResNet-18/34)."""

    expansion = 1

    def __init__(self, in_channels, width, stride, project, first):
        super().__init__()
        self.conv0 = ConvBNLayer(in_channels, width, 3, stride=stride, relu=True)
        self.conv1 = ConvBNLayer(width, width, 3)
        self.short = _shortcut(in_channels, width, stride, first) if project else None

    def forward(self, x):
        y = self.conv1(self.conv0(x))
        return F.relu(y + (x if self.short is None else self.short(x)))


class BottleneckBlock(nn.Layer):
    """1x1 reduce, 3x3, 1x1 expand (x4) with a residual connection (ResNet-50 and deeper)."""

    expansion = 4

    def __init__(self, in_channels, width, stride, project, first):
        super().__init__()
        self.conv0 = ConvBNLayer(in_channels, width, 1, relu=True)
        self.conv1 = ConvBNLayer(width, width, 3, stride=stride, relu=True)
        self.conv2 = ConvBNLayer(width, width * 4, 1)
        self.short = _shortcut(in_channels, width * 4, stride, first) if project else None

    def forward(self, x):
        y = self.conv2(self.conv1(self.conv0(x)))
        return F.relu(y + (x if self.short is None else self.short(x)))


class ResNetVd(nn.Layer):
    """ResNet_vd with output stride 32; forward returns [stem 1/2, stage1 1/4, ..., stage4 1/32]."""

    def __init__(self, layers: int = 50, input_channels: int = 3):
        super().__init__()
        if layers not in _DEPTHS:
            raise ValueError(f"unsupported ResNet_vd depth {layers}; known: {sorted(_DEPTHS)}")
        block_cls = BottleneckBlock if layers >= 50 else BasicBlock
        self.layers = layers
        self.conv1_1 = ConvBNLayer(input_channels, 32, 3, stride=2, relu=True)
        self.conv1_2 = ConvBNLayer(32, 32, 3, relu=True)
        self.conv1_3 = ConvBNLayer(32, 64, 3, relu=True)
        self.pool2d_max = nn.MaxPool2D(kernel_size=3, stride=2, padding=1)

        self.stages: list[list[nn.Layer]] = []  # plain lists: the blocks are registered by name below
        in_channels = 64
        for s, (depth, width) in enumerate(zip(_DEPTHS[layers], _WIDTHS)):
            stage = []
            for i in range(depth):
                block = block_cls(in_channels, width, stride=2 if i == 0 and s != 0 else 1,
                                  project=i == 0, first=s == 0 and i == 0)
                self.add_sublayer(f"bb_{s}_{i}", block)
                stage.append(block)
                in_channels = width * block_cls.expansion
            self.stages.append(stage)
        self.feat_channels = [64] + [w * block_cls.expansion for w in _WIDTHS]

    def forward(self, x):
        x = self.conv1_3(self.conv1_2(self.conv1_1(x)))
        feats = [x]
        x = self.pool2d_max(x)
        for stage in self.stages:
            for block in stage:
                x = block(x)
            feats.append(x)
        return feats
