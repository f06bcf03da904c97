"""A small line-chart widget drawn with QPainter: the live loss and learning-rate curves of the training wizard.

``CurveWidget`` holds named series of (x, y) points; ``add_point(name, x, y)`` appends and repaints. The y axis
can be logarithmic (losses, learning rates spanning decades). No chart library: PySide6-Essentials has no QtCharts
and matplotlib would be a heavy dependency for two lines.
"""
from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPainterPath, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

PALETTE = (QColor(64, 156, 255), QColor(255, 159, 64), QColor(70, 190, 110), QColor(190, 120, 255),
           QColor(235, 70, 70))


def nice_ticks(lo: float, hi: float, count: int = 5) -> list[float]:
    """About ``count`` round values covering [lo, hi] (1, 2, 5 times a power of ten apart)."""
    if not (math.isfinite(lo) and math.isfinite(hi)):
        return []
    if hi <= lo:
        return [lo]
    raw = (hi - lo) / max(1, count)
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    first = math.ceil(lo / step - 1e-9) * step
    ticks, v = [], first
    while v <= hi + step * 1e-9:
        ticks.append(0.0 if abs(v) < step * 1e-9 else v)
        v += step
    return ticks


def format_value(v: float) -> str:
    if v == 0:
        return "0"
    a = abs(v)
    if a >= 1e4 or a < 1e-3:
        return f"{v:.0e}".replace("e-0", "e-").replace("e+0", "e")
    if a >= 100:
        return f"{v:.0f}"
    return f"{v:.3g}"


class CurveWidget(QWidget):
    """Named series of points, drawn as lines over a grid with axis labels and a legend of the latest values."""

    def __init__(self, title: str = "", log_y: bool = False, smooth: float = 0.0, parent: QWidget | None = None):
        super().__init__(parent)
        self.title = title
        self.log_y = log_y
        self.smooth = smooth  # > 0: also draw an exponential moving average with this weight (noisy losses)
        self.series: dict[str, list[tuple[float, float]]] = {}
        self.colours: dict[str, QColor] = {}
        self.x_range: tuple[float, float] | None = None  # fixed x extent (e.g. 0..iterations), else from the data
        self.setMinimumSize(220, 150)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    # --- data -----------------------------------------------------------------------------------------------------

    def add_point(self, name: str, x: float, y: float) -> None:
        if y is None or not math.isfinite(float(y)) or (self.log_y and y <= 0):
            return
        if name not in self.series:
            self.series[name] = []
            self.colours[name] = PALETTE[(len(self.series) - 1) % len(PALETTE)]
        self.series[name].append((float(x), float(y)))
        self.update()

    def points(self, name: str) -> list[tuple[float, float]]:
        return list(self.series.get(name, []))

    def point_count(self) -> int:
        return sum(len(p) for p in self.series.values())

    def set_x_range(self, lo: float, hi: float) -> None:
        self.x_range = (float(lo), float(hi)) if hi > lo else None
        self.update()

    def clear(self) -> None:
        self.series.clear()
        self.colours.clear()
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(360, 200)

    # --- drawing --------------------------------------------------------------------------------------------------

    def _extent(self):
        xs = [x for pts in self.series.values() for x, _ in pts]
        ys = [y for pts in self.series.values() for _, y in pts]
        if not ys:
            return None
        x0, x1 = self.x_range or (min(xs), max(xs))
        x0, x1 = min(x0, min(xs)), max(x1, max(xs))
        if x1 <= x0:
            x0, x1 = x0 - 1, x1 + 1
        if self.log_y:
            lo, hi = math.log10(min(ys)), math.log10(max(ys))
            if hi - lo < 0.3:
                mid = (hi + lo) / 2
                lo, hi = mid - 0.15, mid + 0.15
        else:
            lo, hi = min(ys), max(ys)
            pad = (hi - lo) * 0.08 or abs(hi) * 0.1 or 1.0
            lo, hi = lo - pad, hi + pad
            if min(ys) >= 0 and lo < 0:
                lo = 0.0
        return x0, x1, lo, hi

    def _y_ticks(self, lo: float, hi: float) -> list[tuple[float, float]]:
        """(position on the axis, value) pairs."""
        if not self.log_y:
            return [(v, v) for v in nice_ticks(lo, hi, 4)]
        decades = range(math.floor(lo), math.ceil(hi) + 1)
        ticks = [(float(d), 10.0 ** d) for d in decades if lo <= d <= hi]
        if len(ticks) < 3:  # less than two decades: 1, 2, 5 in each
            ticks = [(math.log10(m * 10.0 ** d), m * 10.0 ** d) for d in decades for m in (1, 2, 5)
                     if lo <= math.log10(m * 10.0 ** d) <= hi]
        if len(ticks) < 2:  # a narrow range: linear ticks in value space
            ticks = [(math.log10(v), v) for v in nice_ticks(10 ** lo, 10 ** hi, 4) if v > 0]
        return ticks

    def smoothed(self, name: str) -> list[tuple[float, float]]:
        """The exponential moving average of a series (TensorBoard's smoothing, debiased at the start)."""
        out, avg, weight = [], 0.0, 0.0
        for x, y in self.series.get(name, []):
            v = math.log10(y) if self.log_y else y
            avg = self.smooth * avg + (1 - self.smooth) * v
            weight = self.smooth * weight + (1 - self.smooth)
            value = avg / weight
            out.append((x, 10 ** value if self.log_y else value))
        return out

    def paintEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal = self.palette()
        p.fillRect(self.rect(), pal.color(QPalette.ColorRole.Base))
        text = pal.color(QPalette.ColorRole.Text)
        grid = pal.color(QPalette.ColorRole.Mid)
        font = QFont(self.font())
        font.setPointSizeF(max(7.0, font.pointSizeF() * 0.85))
        p.setFont(font)
        fm = p.fontMetrics()
        line_h = fm.height()
        plot = QRectF(self.rect()).adjusted(fm.horizontalAdvance("0.000e") + 8, line_h + 8, -10, -line_h - 8)
        p.setPen(text)
        p.drawText(QRectF(8, 2, self.width() - 16, line_h + 4), Qt.AlignmentFlag.AlignLeft
                   | Qt.AlignmentFlag.AlignVCenter, self.title)
        extent = self._extent()
        p.setPen(QPen(grid, 1))
        p.drawRect(plot)
        if extent is None or plot.width() < 10 or plot.height() < 10:
            p.setPen(pal.color(QPalette.ColorRole.PlaceholderText))
            p.drawText(plot, Qt.AlignmentFlag.AlignCenter, self.tr("waiting for data"))
            p.end()
            return
        x0, x1, lo, hi = extent

        def to_px(x, y):
            v = math.log10(y) if self.log_y else y
            return QPointF(plot.left() + (x - x0) / (x1 - x0) * plot.width(),
                           plot.bottom() - (v - lo) / (hi - lo) * plot.height())

        dim = QColor(text)
        dim.setAlpha(170)
        for pos, value in self._y_ticks(lo, hi):
            y = plot.bottom() - (pos - lo) / (hi - lo) * plot.height()
            p.setPen(QPen(grid, 1, Qt.PenStyle.DotLine))
            p.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            p.setPen(dim)
            p.drawText(QRectF(0, y - line_h / 2, plot.left() - 4, line_h),
                       Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, format_value(value))
        for value in nice_ticks(x0, x1, 4):
            x = plot.left() + (value - x0) / (x1 - x0) * plot.width()
            p.setPen(QPen(grid, 1, Qt.PenStyle.DotLine))
            p.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()))
            p.setPen(dim)
            p.drawText(QRectF(x - 40, plot.bottom() + 2, 80, line_h), Qt.AlignmentFlag.AlignHCenter,
                       format_value(value))
        legend_x = plot.right()
        p.save()
        p.setClipRect(plot.adjusted(-2, -2, 2, 2))
        for name, pts in self.series.items():
            colour = QColor(self.colours[name])
            if len(pts) == 1:
                p.setPen(QPen(colour, 1.8))
                p.setBrush(colour)
                p.drawEllipse(to_px(*pts[0]), 2.5, 2.5)
                continue
            if self.smooth > 0 and len(pts) > 2:
                faint = QColor(colour)
                faint.setAlpha(90)
                lines = [(pts, 1.2, faint), (self.smoothed(name), 2.0, colour)]
            else:
                lines = [(pts, 1.8, colour)]
            p.setBrush(Qt.BrushStyle.NoBrush)
            for line, width, pen_colour in lines:
                p.setPen(QPen(pen_colour, width))
                path = QPainterPath(to_px(*line[0]))
                for x, y in line[1:]:
                    path.lineTo(to_px(x, y))
                p.drawPath(path)
        p.restore()
        for name in reversed(list(self.series)):  # legend, right-aligned in the title row
            last = (self.smoothed(name) if self.smooth > 0 else self.series[name])[-1][1]
            label = f"{name} {format_value(last)}"
            w = fm.horizontalAdvance(label)
            legend_x -= w
            p.setPen(self.colours[name])
            p.drawText(QRectF(legend_x, 2, w + 2, line_h + 4), Qt.AlignmentFlag.AlignVCenter, label)
            legend_x -= 14
        p.end()
