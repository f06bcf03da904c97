"""The look of the app: a dark (or light) Fusion palette, a small style sheet, qtawesome icons and the app icon.

Icons are tinted for the theme. Widgets and actions get theirs through ``set_icon``, which remembers the icon's
name on the object, so ``apply`` re-tints every one of them when the theme changes while the app runs; parts that
draw icons some other way (combo box items, legends) listen to ``notifier().changed``.
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QColor, QIcon, QPalette
from PySide6.QtWidgets import QApplication, QWidget

RESOURCES = Path(__file__).resolve().parents[2] / "resources"
APP_ICON = RESOURCES / "icons" / "matting-studio.svg"

#: window and accent colours of the dark theme (the screenshot tests check these)
DARK_WINDOW = QColor(37, 38, 41)
DARK_BASE = QColor(27, 28, 30)
CANVAS_DARK = QColor(22, 23, 25)
ACCENT = QColor(64, 156, 255)
LIGHT_WINDOW = QColor(240, 240, 242)
CANVAS_LIGHT = QColor(200, 201, 204)

STATUS_COLOURS = {"waiting": QColor(130, 130, 135), "running": QColor(64, 156, 255), "done": QColor(70, 190, 110),
                  "edited": QColor(190, 120, 255), "failed": QColor(235, 70, 70)}

_current = "dark"
#: the dynamic properties that remember a themed icon on its widget or action
ICON_PROPERTY, COLOUR_PROPERTY = "themeIcon", "themeIconColour"


class _Notifier(QObject):
    changed = Signal(str)  # the new theme


_notifier: _Notifier | None = None


def notifier() -> _Notifier:
    """The object whose ``changed`` signal says the theme changed (after every themed icon was re-tinted)."""
    global _notifier
    if _notifier is None:
        _notifier = _Notifier()
    return _notifier


def current() -> str:
    return _current


def canvas_colour() -> QColor:
    return CANVAS_DARK if _current == "dark" else CANVAS_LIGHT


def apply(app: QApplication, theme: str = "dark") -> None:
    """Fusion style with the chosen palette; also sets the window icon."""
    global _current
    _current = "light" if theme == "light" else "dark"
    app.setStyle("Fusion")
    app.setPalette(_dark_palette() if _current == "dark" else _light_palette())
    accent = ACCENT.name()
    app.setStyleSheet(f"""
        QToolBar {{ border: none; spacing: 4px; padding: 3px; }}
        QToolButton:checked {{ background: {accent}; color: white; border-radius: 4px; }}
        QGroupBox {{ font-weight: bold; border: 1px solid palette(mid); border-radius: 6px; margin-top: 10px;
                     padding-top: 8px; }}
        QGroupBox::title {{ subcontrol-origin: margin; left: 8px; padding: 0 4px; }}
        QProgressBar {{ border: 1px solid palette(mid); border-radius: 4px; text-align: center; height: 16px; }}
        QProgressBar::chunk {{ background: {accent}; border-radius: 3px; }}
        QPushButton#primary {{ background: {accent}; color: white; border-radius: 4px; padding: 5px 12px; }}
        QPushButton#primary:disabled {{ background: palette(mid); color: palette(window); }}
    """)
    if APP_ICON.exists():
        app.setWindowIcon(QIcon(str(APP_ICON)))
    retint(app)
    notifier().changed.emit(_current)


def retint(app: QApplication) -> int:
    """Re-create every icon set with ``set_icon`` in the current theme's tint; returns how many."""
    count = 0
    for widget in app.allWidgets():
        for target in (widget, *QWidget.actions(widget)):  # (the main window's own ``actions`` is a dict)
            name = target.property(ICON_PROPERTY)
            if name:
                target.setIcon(icon(name, target.property(COLOUR_PROPERTY) or None))
                count += 1
    return count


def _dark_palette() -> QPalette:
    p = QPalette()
    text = QColor(225, 226, 230)
    disabled = QColor(120, 120, 125)
    for role, colour in ((QPalette.ColorRole.Window, DARK_WINDOW), (QPalette.ColorRole.WindowText, text),
                         (QPalette.ColorRole.Base, DARK_BASE), (QPalette.ColorRole.AlternateBase, DARK_WINDOW),
                         (QPalette.ColorRole.ToolTipBase, DARK_BASE), (QPalette.ColorRole.ToolTipText, text),
                         (QPalette.ColorRole.Text, text), (QPalette.ColorRole.Button, QColor(50, 51, 55)),
                         (QPalette.ColorRole.ButtonText, text), (QPalette.ColorRole.BrightText, QColor(255, 80, 80)),
                         (QPalette.ColorRole.Link, ACCENT), (QPalette.ColorRole.Highlight, ACCENT),
                         (QPalette.ColorRole.HighlightedText, QColor(255, 255, 255)),
                         (QPalette.ColorRole.Mid, QColor(70, 71, 76)), (QPalette.ColorRole.Dark, QColor(20, 20, 22)),
                         (QPalette.ColorRole.PlaceholderText, disabled)):
        p.setColor(role, colour)
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.ButtonText, QPalette.ColorRole.WindowText):
        p.setColor(QPalette.ColorGroup.Disabled, role, disabled)
    return p


def _light_palette() -> QPalette:
    p = QApplication.style().standardPalette() if QApplication.instance() else QPalette()
    p.setColor(QPalette.ColorRole.Window, LIGHT_WINDOW)
    p.setColor(QPalette.ColorRole.Highlight, ACCENT)
    return p


def icon_colour() -> str:
    """The tint of icons in the current theme."""
    return "#e1e2e6" if _current == "dark" else "#303035"


def set_icon(target, name: str, colour: str | None = None):
    """Give a widget or action the icon ``name`` (kept in the theme's tint when the theme changes); returns it."""
    target.setProperty(ICON_PROPERTY, name)
    target.setProperty(COLOUR_PROPERTY, colour or "")
    target.setIcon(icon(name, colour))
    return target


def icon(name: str, colour: str | None = None) -> QIcon:
    """A qtawesome icon (``mdi6.*`` / ``fa5s.*`` names), tinted for the theme; an empty icon if it is unknown."""
    try:
        import qtawesome

        tint = colour or icon_colour()
        return qtawesome.icon(name, color=tint, color_disabled="#707075")
    except Exception:  # noqa: BLE001 - no icon font: an empty icon
        return QIcon()
