"""Signs of work in progress: a spinner with a caption over the canvas, and a busy bar for the status bar.

``Spinner`` is a small rotating arc (a timer turns it only while it is shown). ``BusyBadge`` puts one with a caption
on a rounded plate in the top centre of a widget (the canvas shows "Cutting out..." there while a matte is computed);
``BusyStatus`` is the status-bar twin: an indeterminate progress bar with the same caption.
"""
from __future__ import annotations

from PySide6.QtCore import QRectF, Qt, QTimer
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QWidget

from . import theme

#: the spinner's turn per frame (degrees) and frame interval (ms)
STEP_DEGREES, FRAME_MS = 30, 80


class Spinner(QWidget):
    def __init__(self, parent: QWidget | None = None, side: int = 18):
        super().__init__(parent)
        self.setFixedSize(side, side)
        self.angle = 0
        self.timer = QTimer(self)
        self.timer.setInterval(FRAME_MS)
        self.timer.timeout.connect(self._turn)

    def _turn(self) -> None:
        self.angle = (self.angle + STEP_DEGREES) % 360
        self.update()

    def showEvent(self, event) -> None:
        self.timer.start()
        super().showEvent(event)

    def hideEvent(self, event) -> None:
        self.timer.stop()
        super().hideEvent(event)

    def paintEvent(self, _event) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        pen = QPen(theme.ACCENT, 2.5)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        p.setPen(pen)
        r = QRectF(self.rect()).adjusted(2, 2, -2, -2)
        p.drawArc(r, -self.angle * 16, 270 * 16)
        p.end()


class BusyBadge(QWidget):
    """A spinner and a caption on a plate, centred at the top of its parent; hidden when not busy."""

    def __init__(self, parent: QWidget):
        super().__init__(parent)
        self.setObjectName("busy-badge")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, True)
        self.spinner = Spinner(self)
        self.label = QLabel(self)
        self.label.setStyleSheet("color: white; background: transparent;")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 6, 14, 6)
        layout.setSpacing(8)
        layout.addWidget(self.spinner)
        layout.addWidget(self.label)
        parent.installEventFilter(self)
        self.hide()

    def set_text(self, text: str) -> None:
        """Show ``text`` with the spinner; an empty text hides the badge."""
        self.label.setText(text)
        if text:
            self.adjustSize()
            self._place()
            self.show()
            self.raise_()
        else:
            self.hide()

    def _place(self) -> None:
        parent = self.parentWidget()
        self.move(max(0, (parent.width() - self.width()) // 2), 12)

    def eventFilter(self, obj, event) -> bool:
        if obj is self.parentWidget() and event.type() == event.Type.Resize and self.isVisible():
            self._place()
        return False

    def paintEvent(self, _event) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(QColor(20, 20, 22, 215))
        r = QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5)
        p.drawRoundedRect(r, r.height() / 2, r.height() / 2)
        p.end()


class BusyStatus(QWidget):
    """For the status bar: an indeterminate bar and a caption; hidden when not busy."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("busy-status")
        self.bar = QProgressBar()
        self.bar.setRange(0, 0)  # indeterminate: the bar moves by itself
        self.bar.setFixedWidth(90)
        self.bar.setTextVisible(False)
        self.label = QLabel()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        layout.addWidget(self.bar)
        self.hide()

    def set_text(self, text: str) -> None:
        self.label.setText(text)
        self.setVisible(bool(text))
