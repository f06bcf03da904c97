"""Fine-tuning, evaluation and export of matting models (no Qt; see docs/training.md).

- ``metrics``: SAD / MSE / Grad / Conn exactly as PaddleSeg; ``losses``: each model's training losses.
- ``datasets`` / ``transforms`` / ``validation``: dataset layouts, official augmentations, checks with file names.
- ``config`` / ``schedules``: official recipes and run settings; ``trainer``: the loop (JSON events,
  checkpoints, resume, NaN stop); ``checkpoints``, ``device``, ``evaluate``, ``export``, ``launch`` / ``worker``
  (separate and multi-GPU processes), ``synthetic`` (a tiny generated dataset).
Importing this package imports nothing heavy.
"""
