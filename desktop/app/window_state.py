"""What the main window remembers between sessions, in the settings file (``settings.store``, a ``QSettings``).

Window geometry and the docks' layout (saved on close), the chosen background, the edge controls, the brush size and
the view mode (saved as they change), the last export folder and what was exported (saved by the export).
``restore`` puts them back when the window opens; a value that no longer makes sense (an unknown mode, a background
image that is gone) is left at its default.
"""
from __future__ import annotations

from PySide6.QtCore import QByteArray

from . import previews, settings


def restore(window) -> None:
    """Geometry, dock layout, background, edge controls, brush size and view mode, as the last session left them."""
    qs = settings.store()
    geometry = qs.value("window/geometry")
    if isinstance(geometry, QByteArray):
        window.restoreGeometry(geometry)
    state = qs.value("window/state")
    if isinstance(state, QByteArray):
        window.restoreState(state)
    window.failures_dock.setVisible(False)  # shown again when something fails
    background = settings.load_background(qs)
    if background.kind != "transparent":
        window.backgrounds.set_background(background)
    edges = settings.load_edges(qs)
    if not edges.identity:
        window.edge_panel.set_controls(edges)
    size = settings.recall("brush_size", 0, qs)
    if size > 0:
        window.document.editor.set_size(size)
    mode = settings.recall("view_mode", "", qs)
    if mode in previews.MODES:
        window.set_mode(mode)


def watch(window) -> None:
    """Save the background, edge controls, brush size and view mode whenever they change."""
    window.backgrounds.changed.connect(settings.save_background)
    window.edge_panel.changed.connect(lambda edges, final: settings.save_edges(edges) if final else None)
    window.document.editor.sizeChanged.connect(lambda size: settings.remember("brush_size", int(size)))
    window.modeChanged.connect(lambda mode: settings.remember("view_mode", mode))


def save_layout(window) -> None:
    qs = settings.store()
    qs.setValue("window/geometry", window.saveGeometry())
    qs.setValue("window/state", window.saveState())
    qs.sync()
