"""PP-MattingV2: STDC backbone, double pyramid pooling with small transformer blocks, MLFF decoder, matting head.

Built with the layer names of PaddleSeg's ``PPMattingV2`` so official checkpoints load as they are. In eval mode
``forward({'img': x})`` returns alpha (N, 1, H, W) in [0, 1] (H, W multiples of 32); in training mode it returns
``{'alpha': ..., 'alpha_8x': ...}`` (sigmoid outputs at full and 1/8 size), from which the losses are computed.
"""
from __future__ import annotations

import paddle
import paddle.nn.functional as F
from paddle import nn

from .backbones.stdc import stdc1
from .layers import ConvBNAct

__all__ = ["PPMattingV2", "build"]


def conv_bn(in_ch, out_ch, kernel, groups=1, bias=True, relu=False):
    """Conv (padding ``kernel // 2``) -> BatchNorm, optionally -> ReLU (PaddleSeg's ConvBN / ConvBNReLU layout)."""
    return ConvBNAct(in_ch, out_ch, kernel, padding=kernel // 2, groups=groups, bias=bias, relu=relu)


def conv_bn_relu(in_ch, out_ch, kernel, **kwargs):
    return conv_bn(in_ch, out_ch, kernel, relu=True, **kwargs)


# ---------------------------------------------------------------- transformer block of the pyramid pool


class Conv2DBN(nn.Layer):
    """1x1 conv (no bias) -> BatchNorm, named ``c`` / ``bn``."""

    def __init__(self, in_ch, out_ch):
        super().__init__()
        self.c = nn.Conv2D(in_ch, out_ch, 1, bias_attr=False)
        self.bn = nn.BatchNorm2D(out_ch)

    def forward(self, x):
        return self.bn(self.c(x))


class Attention(nn.Layer):
    """Multi-head self-attention over the pixels of a small map (no 1/sqrt(d) scaling, as in PaddleSeg)."""

    def __init__(self, dim, key_dim, num_heads, attn_ratio):
        super().__init__()
        self.num_heads, self.key_dim = num_heads, key_dim
        self.d = int(attn_ratio * key_dim)
        self.dh = self.d * num_heads
        self.to_q = Conv2DBN(dim, key_dim * num_heads)
        self.to_k = Conv2DBN(dim, key_dim * num_heads)
        self.to_v = Conv2DBN(dim, self.dh)
        self.proj = nn.Sequential(nn.ReLU6(), Conv2DBN(self.dh, dim))

    def forward(self, x):
        _, _, h, w = x.shape
        q = self.to_q(x).reshape([0, self.num_heads, self.key_dim, -1]).transpose([0, 1, 3, 2])
        k = self.to_k(x).reshape([0, self.num_heads, self.key_dim, -1])
        v = self.to_v(x).reshape([0, self.num_heads, self.d, -1]).transpose([0, 1, 3, 2])
        attn = F.softmax(paddle.matmul(q, k), axis=-1)
        out = paddle.matmul(attn, v).transpose([0, 1, 3, 2]).reshape([0, self.dh, h, w])
        return self.proj(out)


class MLP(nn.Layer):
    """1x1 conv-BN -> depthwise 3x3 (with bias) -> ReLU6 -> 1x1 conv-BN."""

    def __init__(self, dim, hidden):
        super().__init__()
        self.fc1 = Conv2DBN(dim, hidden)
        self.dwconv = nn.Conv2D(hidden, hidden, 3, padding=1, groups=hidden)
        self.fc2 = Conv2DBN(hidden, dim)

    def forward(self, x):
        return self.fc2(F.relu6(self.dwconv(self.fc1(x))))


class Block(nn.Layer):
    """Residual attention then residual MLP."""

    def __init__(self, dim, key_dim=16, num_heads=8, mlp_ratio=2, attn_ratio=2):
        super().__init__()
        self.attn = Attention(dim, key_dim, num_heads, attn_ratio)
        self.mlp = MLP(dim, int(dim * mlp_ratio))

    def forward(self, x):
        x = x + self.attn(x)
        return self.mlp(x) + x


class BasicLayer(nn.Layer):
    """A stack of transformer ``Block``s."""

    def __init__(self, depth, dim, **block_kwargs):
        super().__init__()
        self.transformer_blocks = nn.LayerList([Block(dim, **block_kwargs) for _ in range(depth)])

    def forward(self, x):
        for block in self.transformer_blocks:
            x = block(x)
        return x


# ---------------------------------------------------------------- double pyramid pool module


class PyramidPoolAgg(nn.Layer):
    """Average-pool each input (strides 2^n ... 2 for n inputs, finest first) to the coarsest/2 size; concat."""

    def __init__(self, stride):
        super().__init__()
        self.stride = stride

    def forward(self, inputs):
        n = len(inputs)
        return paddle.concat(
            [F.avg_pool2d(x, self.stride ** (n - i), self.stride ** (n - i)) for i, x in enumerate(inputs)],
            axis=1)


class DoublePyramidPoolModule(nn.Layer):
    """Pool backbone features to 1/64, then pool again to bins (2, 4, 6), run a transformer on each, merge."""

    def __init__(self, in_ch, mid_ch=256, out_ch=256, depth=1, bin_sizes=(2, 4, 6), mlp_ratio=2,
                 attn_ratio=2, merge="add"):
        super().__init__()
        if merge not in ("add", "concat"):
            raise ValueError("merge must be 'add' or 'concat'")
        self.merge = merge
        self.pp1 = PyramidPoolAgg(stride=2)
        self.conv_mid = conv_bn(in_ch, mid_ch, 1)
        self.pp2 = nn.LayerList([
            nn.Sequential(
                nn.AdaptiveAvgPool2D(size),
                BasicLayer(depth, mid_ch, key_dim=16, num_heads=8, mlp_ratio=mlp_ratio, attn_ratio=attn_ratio))
            for size in bin_sizes
        ])
        merged = mid_ch * (len(bin_sizes) + 1) if merge == "concat" else mid_ch
        self.conv_out = conv_bn_relu(merged, out_ch, 1)

    def forward(self, inputs):
        x = self.conv_mid(self.pp1(inputs))
        size = x.shape[2:]
        branches = [F.interpolate(stage(x), size, mode="bilinear", align_corners=False) for stage in self.pp2]
        parts = [x] + branches[::-1]
        if self.merge == "concat":
            merged = paddle.concat(parts, axis=1)
        else:
            merged = parts[0]
            for p in parts[1:]:
                merged = merged + p
        return self.conv_out(merged)


# ---------------------------------------------------------------- decoder and head


class MLFF(nn.Layer):
    """Multi-level feature fusion: project and resize each input, weight it by a learned spatial attention, merge."""

    def __init__(self, in_channels, mid_channels, out_ch, merge="concat"):
        super().__init__()
        if merge not in ("add", "concat") or (merge == "add" and len(set(mid_channels)) != 1):
            raise ValueError("merge must be 'concat', or 'add' with equal mid_channels")
        self.merge = merge
        self.pwconvs = nn.LayerList([conv_bn(i, m, 1, bias=False) for i, m in zip(in_channels, mid_channels)])
        self.dwconvs = nn.LayerList([conv_bn_relu(m, m, 3, groups=m, bias=False) for m in mid_channels])
        n = len(in_channels)
        self.conv_atten = nn.Sequential(conv_bn_relu(2 * n, n, 3, bias=False), conv_bn(n, n, 3, bias=False))
        merged = mid_channels[0] if merge == "add" else sum(mid_channels)
        self.conv_out = conv_bn_relu(merged, out_ch, 3, bias=False)

    def forward(self, inputs, size):
        feats = [dw(F.interpolate(pw(x), size, mode="bilinear", align_corners=False))
                 for x, pw, dw in zip(inputs, self.pwconvs, self.dwconvs)]
        # per feature: channel mean then channel max -> [avg0, max0, avg1, max1, ...]
        stats = []
        for f in feats:
            stats += [paddle.mean(f, axis=1, keepdim=True), paddle.max(f, axis=1, keepdim=True)]
        atten = F.sigmoid(self.conv_atten(paddle.concat(stats, axis=1)))
        weighted = [f * atten[:, i:i + 1] for i, f in enumerate(feats)]
        if self.merge == "concat":
            merged = paddle.concat(weighted, axis=1)
        else:
            merged = weighted[0]
            for w in weighted[1:]:
                merged = merged + w
        return self.conv_out(merged)


class MattingHead(nn.Layer):
    """conv-BN-ReLU (x mid_num) -> 1x1 conv (no bias) -> sigmoid."""

    def __init__(self, in_ch, mid_ch, mid_num=1):
        super().__init__()
        self.conv = conv_bn_relu(in_ch, mid_ch, 3, bias=False)
        self.mid_conv = nn.LayerList([conv_bn_relu(mid_ch, mid_ch, 3, bias=False) for _ in range(mid_num - 1)])
        self.conv_out = nn.Conv2D(mid_ch, 1, 1, bias_attr=False)

    def forward(self, x):
        x = self.conv(x)
        for conv in self.mid_conv:
            x = conv(x)
        return F.sigmoid(self.conv_out(x))


# ---------------------------------------------------------------- the network


class PPMattingV2(nn.Layer):
    """PP-MattingV2 on a backbone returning five levels (1/2 ... 1/32) with ``feat_channels``."""

    def __init__(self, backbone, dpp_index=(1, 2, 3, 4), dpp_mid_channel=256, dpp_output_channel=256,
                 dpp_merge_type="add", mlff_merge_type="concat", decoder_channels=(128, 96, 64, 32, 16),
                 head_channel=8):
        super().__init__()
        self.backbone = backbone
        ch = backbone.feat_channels
        dec, dpp_out = decoder_channels, dpp_output_channel
        self.dpp_index = list(dpp_index)
        self.dpp = DoublePyramidPoolModule(sum(ch[i] for i in self.dpp_index), dpp_mid_channel, dpp_out,
                                           merge=dpp_merge_type)
        self.mlff32x = MLFF([ch[4], dpp_out], [dpp_out, dpp_out], dec[0], mlff_merge_type)
        self.mlff16x = MLFF([ch[3], dec[0], dpp_out], [dec[0]] * 3, dec[1], mlff_merge_type)
        self.mlff8x = MLFF([ch[2], dec[1], dpp_out], [dec[1]] * 3, dec[2], mlff_merge_type)
        self.mlff4x = MLFF([ch[1], dec[2], 3], [dec[2], dec[2], 3], dec[3])
        self.mlff2x = MLFF([ch[0], dec[3], 3], [dec[3], dec[3], 3], dec[4])
        self.matting_head_mlff8x = MattingHead(dec[2], 32)  # training-only auxiliary output
        self.matting_head_mlff2x = MattingHead(dec[4] + 3, head_channel, mid_num=2)

    def forward(self, inputs):
        img = inputs["img"]
        f2, f4, f8, f16, f32 = feats = self.backbone(img)
        dpp = self.dpp([feats[i] for i in self.dpp_index])
        x = self.mlff32x([f32, dpp], f32.shape[2:])
        x = self.mlff16x([f16, x, dpp], f16.shape[2:])
        x8 = x = self.mlff8x([f8, x, dpp], f8.shape[2:])
        x = self.mlff4x([f4, x, F.interpolate(img, f4.shape[2:], mode="area")], f4.shape[2:])
        x = self.mlff2x([f2, x, F.interpolate(img, f2.shape[2:], mode="area")], f2.shape[2:])
        x = F.interpolate(x, img.shape[2:], mode="bilinear", align_corners=False)
        alpha = self.matting_head_mlff2x(paddle.concat([x, img], axis=1))
        if self.training:
            return {"alpha": alpha, "alpha_8x": self.matting_head_mlff8x(x8)}
        return alpha


_CONFIGS: dict[str, dict] = {
    "ppmattingv2-stdc1-human_512": dict(backbone=stdc1, decoder_channels=(128, 96, 64, 32, 16), head_channel=8,
                                       dpp_output_channel=256, dpp_merge_type="add"),
}


def build(name: str) -> PPMattingV2:
    """The un-loaded PP-MattingV2 network of the zoo entry ``name``."""
    try:
        cfg = dict(_CONFIGS[name])
    except KeyError:
        raise KeyError(f"{name!r} is not a PP-MattingV2 network; known: {', '.join(_CONFIGS)}") from None
    return PPMattingV2(cfg.pop("backbone")(), **cfg)
