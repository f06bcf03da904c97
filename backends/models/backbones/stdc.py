"""STDC backbone (Fan et al., "Rethinking BiSeNet"), as PaddleSeg's Matting configs build it (STDC1 / STDC2).

The network is one ``features`` Sequential: two strided 3x3 conv-BN-ReLU stems, then three stages of
``CatBottleneck`` blocks (the first block of each stage halves the resolution). ``forward`` returns the five
feature maps at 1/2, 1/4, 1/8, 1/16 and 1/32 of the input, with ``feat_channels`` channels. Sublayer names
(``features.N.conv_list.M.conv`` ...) match the official checkpoints.
"""
from __future__ import annotations

from paddle import concat, nn

__all__ = ["STDCNet", "stdc1", "stdc2"]


class ConvBNRelu(nn.Layer):
    """Conv (no bias, 'same' padding) -> BatchNorm -> ReLU."""

    def __init__(self, in_ch: int, out_ch: int, kernel: int = 3, stride: int = 1):
        super().__init__()
        self.conv = nn.Conv2D(in_ch, out_ch, kernel, stride=stride, padding=kernel // 2, bias_attr=False)
        self.bn = nn.BatchNorm2D(out_ch)
        self.relu = nn.ReLU()

    def forward(self, x):
        return self.relu(self.bn(self.conv(x)))


class CatBottleneck(nn.Layer):
    """STDC module: a chain of convs whose outputs (out/2, out/4, ..., the last width twice) are concatenated.

    With stride 2 the first conv's output is downsampled by a depthwise conv (``avd_layer``) before feeding the
    chain, and by a 3x3 average pool (``skip``) for the concatenation.
    """

    def __init__(self, in_ch: int, out_ch: int, block_num: int = 4, stride: int = 1):
        super().__init__()
        if block_num < 2:
            raise ValueError("block_num must be at least 2")
        self.stride = stride
        self.conv_list = nn.LayerList([ConvBNRelu(in_ch, out_ch // 2, kernel=1)])  # first: checkpoint key order
        if stride == 2:
            half = out_ch // 2
            self.avd_layer = nn.Sequential(
                nn.Conv2D(half, half, 3, stride=2, padding=1, groups=half, bias_attr=False),
                nn.BatchNorm2D(half),
            )
            self.skip = nn.AvgPool2D(kernel_size=3, stride=2, padding=1)
        widths = self._widths(out_ch, block_num)
        for ins, outs in zip(widths, widths[1:]):
            self.conv_list.append(ConvBNRelu(ins, outs))

    @staticmethod
    def _widths(out_ch: int, block_num: int) -> list[int]:
        """Channels after each conv of the chain: out/2, out/4, ..., out/2^(n-1), and the last one repeated."""
        widths = [out_ch // 2 ** (i + 1) for i in range(block_num - 1)]
        return widths + [widths[-1]]

    def forward(self, x):
        first = self.conv_list[0](x)
        out = self.avd_layer(first) if self.stride == 2 else first
        outs = []
        for conv in self.conv_list[1:]:
            out = conv(out)
            outs.append(out)
        if self.stride == 2:
            first = self.skip(first)
        return concat([first] + outs, axis=1)


class STDCNet(nn.Layer):
    """STDC feature extractor: returns [1/2, 1/4, 1/8, 1/16, 1/32] feature maps."""

    def __init__(self, channels=(32, 64, 256, 512, 1024), layers=(2, 2, 2), block_num: int = 4,
                 in_channels: int = 3):
        super().__init__()
        self.feat_channels = list(channels)
        self.layers = list(layers)
        blocks = [ConvBNRelu(in_channels, channels[0], 3, 2), ConvBNRelu(channels[0], channels[1], 3, 2)]
        for stage, depth in enumerate(layers):
            for j in range(depth):
                if j == 0:
                    blocks.append(CatBottleneck(channels[stage + 1], channels[stage + 2], block_num, 2))
                else:
                    blocks.append(CatBottleneck(channels[stage + 2], channels[stage + 2], block_num, 1))
        self.features = nn.Sequential(*blocks)
        # index of the last block of each of the five output levels
        ends, total = [0, 1], 2
        for depth in layers:
            total += depth
            ends.append(total - 1)
        self._ends = ends

    def forward(self, x):
        feats = []
        for i, block in enumerate(self.features):
            x = block(x)
            if i in self._ends:
                feats.append(x)
        return feats


def stdc1(**kwargs) -> STDCNet:
    return STDCNet(layers=(2, 2, 2), **kwargs)


def stdc2(**kwargs) -> STDCNet:
    return STDCNet(layers=(4, 5, 3), **kwargs)
