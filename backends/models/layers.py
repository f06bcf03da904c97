"""Building blocks shared by several networks of the zoo, named as PaddleSeg names them so checkpoints load as they are.

Only layers that really are the same in several networks (same sublayer names, hence the same state-dict keys, and
the same defaults) live here; a network whose helper differs in names or behaviour keeps its own (for instance
``backbones.stdc.ConvBNRelu`` is ``conv``/``bn``, ``backbones.mobilenetv2.ConvBN`` uses ReLU6 chosen at call
time, ``backbones.resnet_vd.ConvBNLayer`` may average-pool first).
"""
from __future__ import annotations

import paddle.nn as nn
import paddle.nn.functional as F

__all__ = ["ConvBNAct"]


class ConvBNAct(nn.Layer):
    """Conv2D -> BatchNorm2D (epsilon 1e-5) -> optional ReLU; parameters are ``_conv.*`` and ``_batch_norm.*``.

    This is PaddleSeg's ``ConvBNReLU`` (``relu=True``) / ``ConvBN`` (``relu=False``); the default padding is
    ``'same'`` as there. The convolution has a bias unless ``bias=False``.
    """

    def __init__(self, in_channels, out_channels, kernel_size, stride=1, padding="same", dilation=1, groups=1,
                 bias=True, relu=True):
        super().__init__()
        self._conv = nn.Conv2D(in_channels, out_channels, kernel_size, stride=stride, padding=padding,
                               dilation=dilation, groups=groups, bias_attr=None if bias else False)
        self._batch_norm = nn.BatchNorm2D(out_channels)
        self._use_relu = relu

    def forward(self, x):
        x = self._batch_norm(self._conv(x))
        return F.relu(x) if self._use_relu else x
