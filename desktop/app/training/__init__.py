"""The training wizard of the desktop app: fine-tune a zoo model on the user's own photos.

Pages: ``dataset_page`` (folders, validation, sample pairs) -> ``model_page`` (catalog, start weights, freezing) ->
``settings_page`` (iterations, batch, learning rate, size; device and memory estimate) -> ``run_page`` (training in
a separate process followed by ``follower.TrainingProcess``; ``curves.CurveWidget`` loss and learning-rate curves,
metrics per evaluation, ETA, cancel / resume) -> ``result_page`` (before / after metrics, export as a user model).
Slow work runs on the worker pool through the Qt-free functions of ``tasks``; what builds a network (memory probe,
start-weights evaluation, export) runs in a child process (``jobs``). Entry point:
``wizard.open_training_wizard(parent)``, whose ``modelRegistered(id)`` signal says a new user model was registered.
"""
from __future__ import annotations


def open_training_wizard(parent=None):
    from .wizard import open_training_wizard as _open

    return _open(parent)


__all__ = ["open_training_wizard"]
