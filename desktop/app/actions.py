"""The main window's actions, keyboard shortcuts, menus and tool bar, built from one table.

Shortcuts: Ctrl+O open a folder, Ctrl+Shift+O open files, Ctrl+Return process all, Ctrl+E export, Ctrl+Z / Ctrl+Y
undo / redo, [ and ] brush size, F / B / U / E brushes, Esc no brush (pan), Ctrl+R refine, 1-5 view modes,
Ctrl+0 fit, Ctrl+1 100 %, Ctrl+= / Ctrl+- zoom, Page Down / Page Up next / previous image.
"""
from __future__ import annotations

import importlib.util

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QToolBar

from . import previews, theme
from .brush import BG, ERASER, FG, UNK


def tr(text: str) -> str:
    """Translate ``text``; ``pyside6-lupdate`` files module-level ``tr("...")`` calls under the empty context."""
    return QCoreApplication.translate("", text)


def build(window: QMainWindow) -> dict[str, QAction]:
    """Create every action of ``window`` (a ``MainWindow``), its menus and its tool bar."""
    w = window
    table = [
        # name, text, icon, shortcut, slot
        ("open_folder", tr("Open folder..."), "mdi6.folder-open", "Ctrl+O", w.choose_folder),
        ("open_files", tr("Open files..."), "mdi6.file-image-plus", "Ctrl+Shift+O", w.choose_files),
        ("process_all", tr("Process all"), "mdi6.play", "Ctrl+Return", w.process_all),
        ("export", tr("Export..."), "mdi6.export", "Ctrl+E", w.export),
        ("models", tr("Models..."), "mdi6.cube-outline", "Ctrl+M", w.show_models),
        ("preferences", tr("Preferences..."), "mdi6.cog", "Ctrl+,", w.show_preferences),
        ("train", tr("Train a model..."), "mdi6.school", "", w.show_training),
        ("quit", tr("Quit"), "", "Ctrl+Q", w.close),
        ("refine", tr("Refine"), "mdi6.magic-staff", "Ctrl+R", w.refine),
        ("auto_trimap", tr("Automatic trimap"), "mdi6.auto-fix", "", w.auto_trimap),
        ("discard_edit", tr("Discard the edit of this image"), "mdi6.restore", "", w.discard_edit),
        ("brush_bigger", tr("Bigger brush"), "", "]", w.document.editor.grow),
        ("brush_smaller", tr("Smaller brush"), "", "[", w.document.editor.shrink),
        ("tool_fg", tr("Foreground brush"), "", "F", lambda: w.choose_tool(FG)),
        ("tool_bg", tr("Background brush"), "", "B", lambda: w.choose_tool(BG)),
        ("tool_unknown", tr("Unknown brush"), "", "U", lambda: w.choose_tool(UNK)),
        ("tool_eraser", tr("Eraser"), "", "E", lambda: w.choose_tool(ERASER)),
        ("tool_none", tr("No brush (pan)"), "", "Esc", lambda: w.choose_tool("")),
        ("fit", tr("Fit"), "mdi6.fit-to-screen-outline", "Ctrl+0", w.canvas.fit),
        ("actual", tr("100 %"), "mdi6.numeric-1-box-outline", "Ctrl+1", w.canvas.actual_size),
        ("zoom_in", tr("Zoom in"), "mdi6.magnify-plus-outline", "Ctrl+=", lambda: w.canvas.zoom_by(1.25)),
        ("zoom_out", tr("Zoom out"), "mdi6.magnify-minus-outline", "Ctrl+-", lambda: w.canvas.zoom_by(0.8)),
        ("next", tr("Next image"), "mdi6.chevron-right", "PgDown", lambda: w.step(1)),
        ("previous", tr("Previous image"), "mdi6.chevron-left", "PgUp", lambda: w.step(-1)),
    ]
    for i, mode in enumerate(previews.MODES, 1):
        table.append((f"mode_{mode}", mode, "", str(i), lambda _c=False, m=mode: w.set_mode(m)))
    actions: dict[str, QAction] = {}
    for name, text, icon_name, shortcut, slot in table:
        action = QAction(theme.icon(icon_name) if icon_name else theme.icon("mdi6.circle-small"), text, w)
        action.setObjectName(name)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(lambda _c=False, s=slot: s())
        w.addAction(action)
        actions[name] = action
    undo = w.document.editor.stack.createUndoAction(w, tr("Undo"))
    undo.setShortcut(QKeySequence.StandardKey.Undo)
    undo.setIcon(theme.icon("mdi6.undo"))
    redo = w.document.editor.stack.createRedoAction(w, tr("Redo"))
    redo.setShortcuts([QKeySequence.StandardKey.Redo, QKeySequence("Ctrl+Shift+Z")])
    redo.setIcon(theme.icon("mdi6.redo"))
    actions["undo"], actions["redo"] = undo, redo
    w.addAction(undo)
    w.addAction(redo)

    menu = w.menuBar()
    file_menu = menu.addMenu(tr("&File"))
    for name in ("open_folder", "open_files"):
        file_menu.addAction(actions[name])
    w.recent_menu = file_menu.addMenu(tr("Recent folders"))
    file_menu.addSeparator()
    for name in ("process_all", "export", "quit"):
        file_menu.addAction(actions[name])
    edit_menu = menu.addMenu(tr("&Edit"))
    for name in ("undo", "redo", "refine", "auto_trimap", "discard_edit", "brush_bigger", "brush_smaller",
                 "tool_fg", "tool_bg", "tool_unknown", "tool_eraser", "tool_none"):
        edit_menu.addAction(actions[name])
    view_menu = menu.addMenu(tr("&View"))
    for name in ("fit", "actual", "zoom_in", "zoom_out", "next", "previous"):
        view_menu.addAction(actions[name])
    tools_menu = menu.addMenu(tr("&Tools"))
    for name in ("models", "train", "preferences"):
        tools_menu.addAction(actions[name])
    actions["train"].setVisible(importlib.util.find_spec("desktop.app.training") is not None)

    bar = QToolBar(tr("Main"), w)
    bar.setObjectName("main-toolbar")
    bar.setMovable(False)
    bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    for name in ("open_folder", "process_all", "export", None, "undo", "redo", "refine", None, "models",
                 "preferences"):
        if name is None:
            bar.addSeparator()
        else:
            bar.addAction(actions[name])
    w.addToolBar(bar)
    return actions
