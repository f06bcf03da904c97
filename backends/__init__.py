"""Compute core of Matting Studio: the backend plugin contract, the registry, the backends and the image pipeline.

Nothing in this package imports Qt (checked by ``tests/test_layering.py``); heavy frameworks (paddle, mediapipe)
are imported only when a backend is loaded, never when backends are listed.
"""
