"""The look of the app: a dark (or light) Fusion palette, a small style sheet, qtawesome icons and the app icon."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QColor, QIcon, QPalette
from PySide6.QtWidgets import QApplication

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
    """)
    if APP_ICON.exists():
        app.setWindowIcon(QIcon(str(APP_ICON)))


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


def icon(name: str, colour: str | None = None) -> QIcon:
    """A qtawesome icon (``mdi6.*`` / ``fa5s.*`` names), tinted for the theme; an empty icon if it is unknown."""
    try:
        import qtawesome

        tint = colour or ("#e1e2e6" if _current == "dark" else "#303035")
        return qtawesome.icon(name, color=tint, color_disabled="#707075")
    except Exception:  # noqa: BLE001 - no icon font: an empty icon
        return QIcon()
