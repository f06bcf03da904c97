"""The thumbnail strip: every image of the project with a status badge (waiting, running, done, edited, failed).

``ThumbnailModel`` is a list model over ``Project.items``; thumbnails are decoded on the worker pool and arrive
one by one (a placeholder is drawn until then). ``ThumbnailStrip`` is a horizontal ``QListView`` whose delegate
paints the picture, the file name and a coloured badge; an item's tooltip says its status in words (a failed
one's, the reason). ``status_names`` is the legend of the badge colours (the View menu lists it too).
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
from PySide6.QtCore import QAbstractListModel, QCoreApplication, QModelIndex, QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QImage, QPainter, QPen
from PySide6.QtWidgets import QAbstractItemView, QListView, QStyle, QStyledItemDelegate

from . import theme
from .items import DONE, EDITED, FAILED, RUNNING, WAITING, ImageItem, Project
from .tasks import load_thumbnail
from .workers import WorkerPool

THUMB = 112
StatusRole = Qt.ItemDataRole.UserRole + 1
PathRole = Qt.ItemDataRole.UserRole + 2


def tr(text: str) -> str:
    """Translate ``text`` (module-level ``tr("...")`` calls are filed under the empty context)."""
    return QCoreApplication.translate("", text)


def status_names() -> dict[str, str]:
    """Each badge's meaning, in the order of the legend."""
    return {WAITING: tr("Waiting: not cut out yet"), RUNNING: tr("Running: being cut out now"),
            DONE: tr("Done: cut out"), EDITED: tr("Edited: your refined cut-out"),
            FAILED: tr("Failed: hover over it for the reason")}


class ThumbnailModel(QAbstractListModel):
    thumbnailsLoaded = Signal()

    def __init__(self, pool: WorkerPool, parent=None):
        super().__init__(parent)
        self.pool = pool
        self.project = Project()
        self.images: dict[Path, QImage] = {}
        self._arrays: dict[Path, np.ndarray] = {}
        self._waiting = 0

    def set_project(self, project: Project) -> None:
        self.beginResetModel()
        self.project = project
        self.images.clear()
        self._arrays.clear()
        self.endResetModel()
        self._waiting = len(project.items)
        for item in project.items:
            worker = self.pool.prepare(load_thumbnail, item.path, THUMB)
            worker.signals.result.connect(lambda arr, p=item.path: self._loaded(p, arr))
            worker.signals.errored.connect(lambda exc, p=item.path: self._loaded(p, None))
            self.pool.start(worker)

    def _loaded(self, path: Path, array: np.ndarray | None) -> None:
        self._waiting -= 1
        if array is not None:
            array = np.ascontiguousarray(array)
            self._arrays[path] = array
            h, w = array.shape[:2]
            self.images[path] = QImage(array.data, w, h, 3 * w, QImage.Format.Format_RGB888)
            row = self.project.index_of(path)
            if row >= 0:
                self.dataChanged.emit(self.index(row), self.index(row), [Qt.ItemDataRole.DecorationRole])
        if self._waiting <= 0:
            self.thumbnailsLoaded.emit()

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.project.items)

    def item(self, row: int) -> ImageItem:
        return self.project.items[row]

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or index.row() >= len(self.project.items):
            return None
        item = self.project.items[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return item.name
        if role == Qt.ItemDataRole.DecorationRole:
            return self.images.get(item.path)
        if role == Qt.ItemDataRole.ToolTipRole:
            backend = self.project.backend_for(item)
            meaning = status_names().get(item.status, item.status)
            tip = f"{item.path}\n{meaning}  ({backend})"
            return f"{tip}\n{item.error}" if item.status == FAILED and item.error else tip
        if role == StatusRole:
            return item.status
        if role == PathRole:
            return str(item.path)
        return None

    def set_status(self, path: Path, status: str, error: str = "") -> None:
        row = self.project.index_of(Path(path))
        if row < 0:
            return
        item = self.project.items[row]
        item.status, item.error = status, error
        self.dataChanged.emit(self.index(row), self.index(row))


class BadgeDelegate(QStyledItemDelegate):
    def sizeHint(self, option, index) -> QSize:
        return QSize(THUMB + 12, THUMB + 30)

    def paint(self, painter: QPainter, option, index) -> None:
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        r = option.rect.adjusted(4, 4, -4, -4)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        painter.fillRect(r, option.palette.highlight() if selected else option.palette.base())
        box = QRect(r.x() + 2, r.y() + 2, r.width() - 4, THUMB)
        image = index.data(Qt.ItemDataRole.DecorationRole)
        if isinstance(image, QImage) and not image.isNull():  # already at most THUMB on its long side
            x = box.x() + (box.width() - image.width()) // 2
            y = box.y() + (box.height() - image.height()) // 2
            painter.drawImage(x, y, image)
        else:
            painter.fillRect(box.adjusted(8, 8, -8, -8), option.palette.alternateBase())
            if index.data(StatusRole) == FAILED:  # no picture to show: say why at a glance
                theme.icon("mdi6.image-broken-variant", theme.STATUS_COLOURS[FAILED].name()).paint(
                    painter, box.adjusted(box.width() // 2 - 20, box.height() // 2 - 20,
                                          20 - box.width() // 2, 20 - box.height() // 2))
        status = index.data(StatusRole) or "waiting"
        colour = theme.STATUS_COLOURS.get(status, QColor(128, 128, 128))
        painter.setPen(QPen(QColor(20, 20, 22), 2))
        painter.setBrush(colour)
        painter.drawEllipse(QRect(box.right() - 20, box.y() + 4, 16, 16))
        painter.setPen(option.palette.highlightedText().color() if selected else option.palette.text().color())
        text_rect = QRect(r.x() + 2, box.bottom() + 2, r.width() - 4, r.bottom() - box.bottom() - 2)
        name = painter.fontMetrics().elidedText(str(index.data()), Qt.TextElideMode.ElideMiddle, text_rect.width())
        painter.drawText(text_rect, Qt.AlignmentFlag.AlignCenter, name)
        painter.restore()


class ThumbnailStrip(QListView):
    activated_item = Signal(int)

    def __init__(self, model: ThumbnailModel, parent=None):
        super().__init__(parent)
        self.setModel(model)
        self.setItemDelegate(BadgeDelegate(self))
        self.setViewMode(QListView.ViewMode.IconMode)
        self.setFlow(QListView.Flow.LeftToRight)
        self.setWrapping(False)
        self.setMovement(QListView.Movement.Static)
        self.setUniformItemSizes(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFixedHeight(THUMB + 52)
        self.selectionModel().currentChanged.connect(lambda cur, _prev: cur.isValid() and
                                                     self.activated_item.emit(cur.row()))

    def select_row(self, row: int) -> None:
        if 0 <= row < self.model().rowCount():
            self.setCurrentIndex(self.model().index(row))

    def selected_rows(self) -> list[int]:
        return sorted(i.row() for i in self.selectionModel().selectedIndexes())
