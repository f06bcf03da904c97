"""HRNet backbone (PaddleSeg Matting's variant), with the sublayer names of the official checkpoints.

``HRNet_W18(**options)`` builds the W18 configuration used by PP-Matting and MODNet-HRNet_W18. The forward takes an
image batch (N, C, H, W) and returns a list of five feature maps:

    [stem (64 ch, 1/2), branch 1 (1/4), branch 2 (1/8), branch 3 (1/16), branch 4 (1/32)]

whose channel counts are ``network.feat_channels`` (``[64, 18, 36, 72, 144]`` for W18). Sizes follow the
``padding='same'`` rule of Paddle convolutions (ceil division), so H and W should be multiples of 32.

Options shared by every configuration: ``input_channels`` (3), ``has_se`` (squeeze-and-excitation in every
block, False), ``align_corners`` (of the bilinear up-sampling inside the fuse layers, False) and ``padding_same``
(True: stride-2 convolutions pad with Paddle's asymmetric ``'same'`` rule as the official code does; False: a
symmetric padding of 1).
"""
from __future__ import annotations

import math

import paddle
import paddle.nn as nn
import paddle.nn.functional as F

from ..layers import ConvBNAct

__all__ = ["HRNet", "HRNet_W18", "HRNet_W18_Small_V1", "HRNet_W18_Small_V2", "HRNet_W48"]


def _pad(padding_same: bool):
    return "same" if padding_same else 1


class SELayer(nn.Layer):
    """Squeeze-and-excitation: channel weights from a global average, two linear layers and a sigmoid."""

    def __init__(self, channels, reduction=16):
        super().__init__()
        mid = int(channels / reduction)
        std1, std2 = 1.0 / math.sqrt(channels), 1.0 / math.sqrt(mid)
        self.squeeze = nn.Linear(channels, mid, weight_attr=paddle.ParamAttr(
            initializer=nn.initializer.Uniform(-std1, std1)))
        self.excitation = nn.Linear(mid, channels, weight_attr=paddle.ParamAttr(
            initializer=nn.initializer.Uniform(-std2, std2)))

    def forward(self, x):
        w = paddle.mean(x, axis=[2, 3])
        w = F.sigmoid(self.excitation(F.relu(self.squeeze(w))))
        return x * w.unsqueeze([2, 3])


class BottleneckBlock(nn.Layer):
    """1x1 -> 3x3 -> 1x1 (x4 channels) residual block of the first stage."""

    def __init__(self, in_channels, filters, has_se=False, downsample=False, padding_same=True):
        super().__init__()
        self.conv1 = ConvBNAct(in_channels, filters, 1, bias=False)
        self.conv2 = ConvBNAct(filters, filters, 3, padding=_pad(padding_same), bias=False)
        self.conv3 = ConvBNAct(filters, filters * 4, 1, bias=False, relu=False)
        self.conv_down = ConvBNAct(in_channels, filters * 4, 1, bias=False, relu=False) if downsample else None
        self.se = SELayer(filters * 4) if has_se else None

    def forward(self, x):
        y = self.conv3(self.conv2(self.conv1(x)))
        if self.se is not None:
            y = self.se(y)
        shortcut = x if self.conv_down is None else self.conv_down(x)
        return F.relu(y + shortcut)


class BasicBlock(nn.Layer):
    """3x3 -> 3x3 residual block of the multi-resolution branches."""

    def __init__(self, in_channels, filters, has_se=False, downsample=False, padding_same=True):
        super().__init__()
        self.conv1 = ConvBNAct(in_channels, filters, 3, padding=_pad(padding_same), bias=False)
        self.conv2 = ConvBNAct(filters, filters, 3, padding=_pad(padding_same), bias=False, relu=False)
        # the official code uses a ConvBNReLU here (not ConvBN); kept for checkpoint fidelity
        self.conv_down = ConvBNAct(in_channels, filters, 1, bias=False) if downsample else None
        self.se = SELayer(filters) if has_se else None

    def forward(self, x):
        y = self.conv2(self.conv1(x))
        if self.se is not None:
            y = self.se(y)
        shortcut = x if self.conv_down is None else self.conv_down(x)
        return F.relu(y + shortcut)


class Layer1(nn.Layer):
    """Stage 1: a chain of bottleneck blocks named ``bb_layer2_<k>``."""

    def __init__(self, in_channels, filters, num_blocks, has_se=False, padding_same=True):
        super().__init__()
        self.blocks = []
        for k in range(num_blocks):
            block = BottleneckBlock(in_channels if k == 0 else filters * 4, filters, has_se=has_se,
                                    downsample=k == 0, padding_same=padding_same)
            self.blocks.append(self.add_sublayer(f"bb_layer2_{k + 1}", block))

    def forward(self, x):
        for block in self.blocks:
            x = block(x)
        return x


class TransitionLayer(nn.Layer):
    """Between stages: adapt the channels of existing branches and open a new, half-resolution branch."""

    def __init__(self, in_channels, out_channels, name, padding_same=True):
        super().__init__()
        self.convs = []
        for i, out_ch in enumerate(out_channels):
            conv = None
            if i >= len(in_channels):
                conv = ConvBNAct(in_channels[-1], out_ch, 3, stride=2, padding=_pad(padding_same), bias=False)
            elif in_channels[i] != out_ch:
                conv = ConvBNAct(in_channels[i], out_ch, 3, padding=_pad(padding_same), bias=False)
            if conv is not None:
                self.add_sublayer(f"transition_{name}_layer_{i + 1}", conv)
            self.convs.append(conv)

    def forward(self, xs):
        outs = []
        for i, conv in enumerate(self.convs):
            x = xs[i] if i < len(xs) else xs[-1]
            outs.append(x if conv is None else conv(x))
        return outs


class Branches(nn.Layer):
    """Parallel chains of basic blocks, one per resolution."""

    def __init__(self, num_blocks, in_channels, out_channels, name, has_se=False, padding_same=True):
        super().__init__()
        self.chains = []
        for i, out_ch in enumerate(out_channels):
            chain = []
            for j in range(num_blocks[i]):
                block = BasicBlock(in_channels[i] if j == 0 else out_ch, out_ch, has_se=has_se,
                                   padding_same=padding_same)
                chain.append(self.add_sublayer(f"bb_{name}_branch_layer_{i + 1}_{j + 1}", block))
            self.chains.append(chain)

    def forward(self, xs):
        outs = []
        for x, chain in zip(xs, self.chains):
            for block in chain:
                x = block(x)
            outs.append(x)
        return outs


class FuseLayers(nn.Layer):
    """Exchange information between branches: each output sums every branch brought to its resolution.

    Lower resolutions come up through a 1x1 ConvBN and bilinear resizing; higher ones go down through a chain of
    stride-2 3x3 convolutions (ReLU on all but the last).
    """

    def __init__(self, channels, name, align_corners=False, padding_same=True):
        super().__init__()
        self.align_corners = align_corners
        self.paths = {}  # (i, j) -> list of layers taking branch j to output i
        for i in range(len(channels)):
            for j in range(len(channels)):
                if j > i:
                    conv = ConvBNAct(channels[j], channels[i], 1, bias=False, relu=False)
                    self.paths[(i, j)] = [self.add_sublayer(f"residual_{name}_layer_{i + 1}_{j + 1}", conv)]
                elif j < i:
                    chain, ch = [], channels[j]
                    for k in range(i - j):
                        last = k == i - j - 1
                        out_ch = channels[i] if last else channels[j]
                        conv = ConvBNAct(ch, out_ch, 3, stride=2, padding=_pad(padding_same), bias=False,
                                         relu=not last)
                        chain.append(self.add_sublayer(f"residual_{name}_layer_{i + 1}_{j + 1}_{k + 1}", conv))
                        ch = out_ch
                    self.paths[(i, j)] = chain

    def forward(self, xs):
        outs = []
        for i, x_i in enumerate(xs):
            acc = x_i
            for j, x_j in enumerate(xs):
                if j == i:
                    continue
                y = x_j
                for layer in self.paths[(i, j)]:
                    y = layer(y)
                if j > i:
                    y = F.interpolate(y, x_i.shape[-2:], mode="bilinear", align_corners=self.align_corners)
                acc = acc + y
            outs.append(F.relu(acc))
        return outs


class HighResolutionModule(nn.Layer):
    """Branches followed by a fuse layer."""

    def __init__(self, num_blocks, channels, name, has_se=False, align_corners=False, padding_same=True):
        super().__init__()
        self.branches_func = Branches(num_blocks, channels, channels, name, has_se=has_se,
                                      padding_same=padding_same)
        self.fuse_func = FuseLayers(channels, name, align_corners=align_corners, padding_same=padding_same)

    def forward(self, xs):
        return self.fuse_func(self.branches_func(xs))


class Stage(nn.Layer):
    """A chain of high-resolution modules named ``stage_<name>_<k>``."""

    def __init__(self, num_modules, num_blocks, channels, name, has_se=False, align_corners=False,
                 padding_same=True):
        super().__init__()
        self.hr_modules = []
        for k in range(num_modules):
            module = HighResolutionModule(num_blocks, channels, f"{name}_{k + 1}", has_se=has_se,
                                          align_corners=align_corners, padding_same=padding_same)
            self.hr_modules.append(self.add_sublayer(f"stage_{name}_{k + 1}", module))

    def forward(self, xs):
        for module in self.hr_modules:
            xs = module(xs)
        return xs


class HRNet(nn.Layer):
    """The HRNet backbone (Wang et al., "Deep High-Resolution Representation Learning for Visual Recognition").

    ``stageK`` arguments are (num_modules, num_blocks per branch, channels per branch); stage 1 has a single
    branch of bottleneck blocks. See the module docstring for the options and the forward's result.
    """

    def __init__(self, input_channels=3,
                 stage1=(1, (4,), (64,)),
                 stage2=(1, (4, 4), (18, 36)),
                 stage3=(4, (4, 4, 4), (18, 36, 72)),
                 stage4=(3, (4, 4, 4, 4), (18, 36, 72, 144)),
                 has_se=False, align_corners=False, padding_same=True):
        super().__init__()
        self.align_corners = align_corners
        self.feat_channels = [64] + list(stage4[2])
        pad = _pad(padding_same)
        opts = dict(has_se=has_se, align_corners=align_corners, padding_same=padding_same)
        self.conv_layer1_1 = ConvBNAct(input_channels, 64, 3, stride=2, padding=pad, bias=False)
        self.conv_layer1_2 = ConvBNAct(64, 64, 3, stride=2, padding=pad, bias=False)
        _, blocks1, channels1 = stage1
        self.la1 = Layer1(64, channels1[0], blocks1[0], has_se=has_se, padding_same=padding_same)
        self.tr1 = TransitionLayer([channels1[0] * 4], stage2[2], "tr1", padding_same=padding_same)
        self.st2 = Stage(stage2[0], stage2[1], stage2[2], "st2", **opts)
        self.tr2 = TransitionLayer(stage2[2], stage3[2], "tr2", padding_same=padding_same)
        self.st3 = Stage(stage3[0], stage3[1], stage3[2], "st3", **opts)
        self.tr3 = TransitionLayer(stage3[2], stage4[2], "tr3", padding_same=padding_same)
        self.st4 = Stage(stage4[0], stage4[1], stage4[2], "st4", **opts)
        self._init_weights()

    def _init_weights(self):
        # the official initialisation (checkpoints overwrite it)
        for layer in self.sublayers():
            if isinstance(layer, nn.Conv2D):
                layer.weight.set_value(paddle.normal(0.0, 0.001, layer.weight.shape))
            elif isinstance(layer, nn.BatchNorm2D):
                layer.weight.set_value(paddle.ones(layer.weight.shape))
                layer.bias.set_value(paddle.zeros(layer.bias.shape))

    def forward(self, x):
        stem = self.conv_layer1_1(x)
        y = self.la1(self.conv_layer1_2(stem))
        ys = self.st2(self.tr1([y]))
        ys = self.st3(self.tr2(ys))
        ys = self.st4(self.tr3(ys))
        return [stem] + ys


def HRNet_W18(**options):  # noqa: N802 - PaddleSeg's name
    """HRNet-W18 (PP-Matting, MODNet-HRNet_W18): feat_channels [64, 18, 36, 72, 144]."""
    return HRNet(**options)


def HRNet_W18_Small_V1(**options):  # noqa: N802 - PaddleSeg's name
    return HRNet(stage1=(1, (1,), (32,)), stage2=(1, (2, 2), (16, 32)), stage3=(1, (2, 2, 2), (16, 32, 64)),
                 stage4=(1, (2, 2, 2, 2), (16, 32, 64, 128)), **options)


def HRNet_W18_Small_V2(**options):  # noqa: N802 - PaddleSeg's name
    return HRNet(stage1=(1, (2,), (64,)), stage2=(1, (2, 2), (18, 36)), stage3=(3, (2, 2, 2), (18, 36, 72)),
                 stage4=(2, (2, 2, 2, 2), (18, 36, 72, 144)), **options)


def HRNet_W48(**options):  # noqa: N802 - PaddleSeg's name
    return HRNet(stage2=(1, (4, 4), (48, 96)), stage3=(4, (4, 4, 4), (48, 96, 192)),
                 stage4=(3, (4, 4, 4, 4), (48, 96, 192, 384)), **options)
