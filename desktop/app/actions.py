"""The main window's actions, keyboard shortcuts, menus and tool bar, built from one table.

Shortcuts: Ctrl+O open a folder, Ctrl+Shift+O open files, Ctrl+Return process all, Ctrl+E export, Ctrl+Z undo,
Ctrl+Y or Ctrl+Shift+Z redo, [ and ] brush size (10 % a step; with Shift 50 %), F / B / U / E brushes, S / A the
subject tool (remove / add a region), H the refine-hair brush, Esc no brush (pan), Ctrl+R refine, 1-5 view modes,
Ctrl+0 fit, Ctrl+1 100 %, Ctrl+= / Ctrl+- zoom, Page Down / Page Up next / previous image, F1 the list of
shortcuts.

Every key sequence is given to one action only, once: two registrations of one sequence make Qt ignore it
("Ambiguous shortcut overload"), which is what happened to Ctrl+Shift+Z on X11, where it is the platform's redo
key already. ``shortcut_table`` lists what is bound, for the Help menu.
"""
from __future__ import annotations

import importlib.util

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QMainWindow, QToolBar

from . import previews, theme
from .brush import BG, BIG_STEP, ERASER, FG, SMALL_STEP, UNK
from .fixes import HAIR, SUBJECT_ADD, SUBJECT_REMOVE


def tr(text: str) -> str:
    """Translate ``text``; ``pyside6-lupdate`` files module-level ``tr("...")`` calls under the empty context."""
    return QCoreApplication.translate("", text)


def mode_names() -> dict[str, str]:
    return {previews.ORIGINAL: tr("Original"), previews.ALPHA: tr("Alpha"), previews.CUTOUT: tr("Cut-out"),
            previews.COMPOSITE: tr("Composite"), previews.SPLIT: tr("Before/after")}


def unique_sequences(*sequences) -> list[QKeySequence]:
    """The key sequences in order, each once (strings or ``QKeySequence``; empty ones dropped)."""
    out, seen = [], set()
    for seq in sequences:
        seq = QKeySequence(seq)
        text = seq.toString(QKeySequence.SequenceFormat.PortableText)
        if text and text not in seen:
            seen.add(text)
            out.append(seq)
    return out


def build(window: QMainWindow) -> dict[str, QAction]:
    """Create every action of ``window`` (a ``MainWindow``), its menus and its tool bar."""
    w = window
    editor = w.document.editor
    table = [
        # name, text, icon, shortcuts, slot
        ("open_folder", tr("Open folder..."), "mdi6.folder-open", ["Ctrl+O"], w.choose_folder),
        ("open_files", tr("Open files..."), "mdi6.file-image-plus", ["Ctrl+Shift+O"], w.choose_files),
        ("process_all", tr("Process all"), "mdi6.play", ["Ctrl+Return", "Ctrl+Enter"], w.process_all),
        ("export", tr("Export..."), "mdi6.export", ["Ctrl+E"], w.export),
        ("models", tr("Models..."), "mdi6.cube-outline", ["Ctrl+M"], w.show_models),
        ("preferences", tr("Preferences..."), "mdi6.cog", ["Ctrl+,"], w.show_preferences),
        ("train", tr("Train a model..."), "mdi6.school", [], w.show_training),
        ("quit", tr("Quit"), "", ["Ctrl+Q"], w.close),
        ("refine", tr("Refine"), "mdi6.magic-staff", ["Ctrl+R"], w.refine),
        ("auto_trimap", tr("Automatic trimap"), "mdi6.auto-fix", [], w.auto_trimap),
        ("discard_edit", tr("Discard the edit of this image"), "mdi6.restore", [], w.discard_edit),
        ("brush_bigger", tr("Bigger brush"), "", ["]"], lambda: editor.grow(SMALL_STEP)),
        ("brush_smaller", tr("Smaller brush"), "", ["["], lambda: editor.shrink(SMALL_STEP)),
        # one sequence each: on X11 "}" would match Shift+] too, and two matches make both keys dead
        ("brush_much_bigger", tr("Much bigger brush"), "", ["Shift+]"], lambda: editor.grow(BIG_STEP)),
        ("brush_much_smaller", tr("Much smaller brush"), "", ["Shift+["], lambda: editor.shrink(BIG_STEP)),
        ("tool_fg", tr("Foreground brush"), "", ["F"], lambda: w.choose_tool(FG)),
        ("tool_bg", tr("Background brush"), "", ["B"], lambda: w.choose_tool(BG)),
        ("tool_unknown", tr("Unknown brush"), "", ["U"], lambda: w.choose_tool(UNK)),
        ("tool_eraser", tr("Eraser"), "", ["E"], lambda: w.choose_tool(ERASER)),
        ("tool_subject_remove", tr("Subject: remove a region"), "mdi6.selection-remove", ["S"],
         lambda: w.choose_tool(SUBJECT_REMOVE)),
        ("tool_subject_add", tr("Subject: add a region"), "mdi6.shape-plus-outline", ["A"],
         lambda: w.choose_tool(SUBJECT_ADD)),
        ("tool_hair", tr("Refine hair brush"), "mdi6.brush-variant", ["H"], lambda: w.choose_tool(HAIR)),
        ("tool_none", tr("No brush (pan)"), "", ["Esc"], lambda: w.choose_tool("")),
        ("fit", tr("Fit"), "mdi6.fit-to-screen-outline", ["Ctrl+0"], w.canvas.fit),
        ("actual", tr("100 %"), "mdi6.numeric-1-box-outline", ["Ctrl+1"], w.canvas.actual_size),
        ("zoom_in", tr("Zoom in"), "mdi6.magnify-plus-outline", ["Ctrl+=", "Ctrl++"], lambda: w.canvas.zoom_by(1.25)),
        ("zoom_out", tr("Zoom out"), "mdi6.magnify-minus-outline", ["Ctrl+-"], lambda: w.canvas.zoom_by(0.8)),
        ("next", tr("Next image"), "mdi6.chevron-right", ["PgDown"], lambda: w.step(1)),
        ("previous", tr("Previous image"), "mdi6.chevron-left", ["PgUp"], lambda: w.step(-1)),
        ("about", tr("About Matting Studio"), "mdi6.information-outline", [], w.show_about),
        ("shortcuts", tr("Keyboard shortcuts"), "mdi6.keyboard-outline", ["F1"], w.show_shortcuts),
        ("data_folders", tr("Where your data lives"), "mdi6.folder-information-outline", [], w.show_data_folders),
    ]
    names = mode_names()
    for i, mode in enumerate(previews.MODES, 1):
        table.append((f"mode_{mode}", names[mode], "", [str(i)], lambda m=mode: w.set_mode(m)))
    actions: dict[str, QAction] = {}
    for name, text, icon_name, shortcuts, slot in table:
        action = QAction(text, w)
        theme.set_icon(action, icon_name or "mdi6.circle-small")
        action.setObjectName(name)
        if shortcuts:
            action.setShortcuts(unique_sequences(*shortcuts))
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(lambda _c=False, s=slot: s())
        w.addAction(action)
        actions[name] = action
    modes = QActionGroup(w)
    for mode in previews.MODES:
        actions[f"mode_{mode}"].setCheckable(True)
        modes.addAction(actions[f"mode_{mode}"])
    undo = editor.stack.createUndoAction(w, tr("Undo"))
    undo.setObjectName("undo")
    undo.setShortcuts(unique_sequences(QKeySequence.StandardKey.Undo, "Ctrl+Z"))
    theme.set_icon(undo, "mdi6.undo")
    redo = editor.stack.createRedoAction(w, tr("Redo"))
    redo.setObjectName("redo")
    redo.setShortcuts(unique_sequences("Ctrl+Y", "Ctrl+Shift+Z", *QKeySequence.keyBindings(
        QKeySequence.StandardKey.Redo)))
    theme.set_icon(redo, "mdi6.redo")
    undo.setIconText(tr("Undo"))  # the tool bar keeps a short label; the menu says what would be undone
    redo.setIconText(tr("Redo"))
    for action in (undo, redo):
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        w.addAction(action)
    actions["undo"], actions["redo"] = undo, redo
    _drop_duplicates(actions)

    menu = w.menuBar()
    file_menu = menu.addMenu(tr("&File"))
    for name in ("open_folder", "open_files"):
        file_menu.addAction(actions[name])
    w.recent_menu = file_menu.addMenu(tr("Recent folders"))
    file_menu.addSeparator()
    for name in ("process_all", "export", "quit"):
        file_menu.addAction(actions[name])
    edit_menu = menu.addMenu(tr("&Edit"))
    for name in ("undo", "redo", "refine", "auto_trimap", "discard_edit", None, "brush_bigger", "brush_smaller",
                 "brush_much_bigger", "brush_much_smaller", None, "tool_fg", "tool_bg", "tool_unknown",
                 "tool_eraser", None, "tool_subject_remove", "tool_subject_add", "tool_hair", None, "tool_none"):
        edit_menu.addSeparator() if name is None else edit_menu.addAction(actions[name])
    view_menu = menu.addMenu(tr("&View"))
    for mode in previews.MODES:
        view_menu.addAction(actions[f"mode_{mode}"])
    view_menu.addSeparator()
    for name in ("fit", "actual", "zoom_in", "zoom_out", "next", "previous"):
        view_menu.addAction(actions[name])
    view_menu.addSeparator()
    w.panels_menu = view_menu.addMenu(tr("Panels"))
    w.legend_menu = view_menu.addMenu(tr("Badge colours"))
    tools_menu = menu.addMenu(tr("&Tools"))
    for name in ("models", "train", "preferences"):
        tools_menu.addAction(actions[name])
    actions["train"].setVisible(importlib.util.find_spec("desktop.app.training") is not None)
    help_menu = menu.addMenu(tr("&Help"))
    for name in ("shortcuts", "data_folders", None, "about"):
        help_menu.addSeparator() if name is None else help_menu.addAction(actions[name])

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
    w.toolbar = bar
    return actions


def _drop_duplicates(actions: dict[str, QAction]) -> None:
    """Keep each key sequence on the first action that has it (a second one would make both dead)."""
    seen: set[str] = set()
    for action in actions.values():
        keep = []
        for seq in action.shortcuts():
            text = seq.toString(QKeySequence.SequenceFormat.PortableText)
            if text not in seen:
                seen.add(text)
                keep.append(seq)
        if len(keep) != len(action.shortcuts()):
            action.setShortcuts(keep)


def shortcut_table(actions: dict[str, QAction]) -> list[tuple[str, str]]:
    """(what it does, its keys as the user's platform writes them) for every action with a shortcut."""
    rows = []
    for action in actions.values():
        keys = [s.toString(QKeySequence.SequenceFormat.NativeText) for s in action.shortcuts()]
        if keys:
            rows.append((action.text().replace("&", ""), ", ".join(keys)))
    return rows
