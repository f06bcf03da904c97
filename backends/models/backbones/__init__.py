"""Backbone networks of the PaddleSeg Matting zoo, written so their state-dict keys match the official checkpoints."""
