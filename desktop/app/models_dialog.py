"""The model manager: the built-in backends (ready, nothing to download) beside the zoo catalog with what is
installed; downloads with progress and cancel, imports (a failed one says why in plain words), removal.

Everything it does goes through ``backends.zoo`` (``catalog``, ``store``, ``download.download_model``); downloads
and imports run on the worker pool. The mirror URL and proxy fields are saved in the preferences; an empty proxy
means the system's settings.
"""
from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QUrl, Qt, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (QAbstractItemView, QDialog, QFileDialog, QFormLayout, QHBoxLayout, QHeaderView,
                               QLabel, QLineEdit, QMessageBox, QProgressBar, QPushButton, QTableWidget,
                               QTableWidgetItem, QVBoxLayout, QWidget)

from backends.paths import models_dir
from backends.zoo import catalog, store

from . import tables, theme
from .workers import Worker, WorkerPool

COLUMNS = (QT_TRANSLATE_NOOP("ModelsDialog", "Model"), QT_TRANSLATE_NOOP("ModelsDialog", "Installed"),
           QT_TRANSLATE_NOOP("ModelsDialog", "Size"), QT_TRANSLATE_NOOP("ModelsDialog", "Trimap"),
           QT_TRANSLATE_NOOP("ModelsDialog", "Recommended"), QT_TRANSLATE_NOOP("ModelsDialog", "Progress"))


def download_task(model_id: str, mirror: str = "", proxy: str = "", state=None):
    """Download and install one catalog model, reporting (done, total) bytes at most ten times a second."""
    from backends.zoo.download import download_model

    last = [0.0]

    def progress(done: int, total: int | None) -> None:
        now = time.monotonic()
        if state is not None and (now - last[0] >= 0.1 or done == total):
            last[0] = now
            state.progress((done, total))

    return download_model(model_id, mirror=mirror or None, proxy=proxy or None, progress=progress,
                          cancel=state.cancel_event if state is not None else None)


def plain_reason(exc: BaseException, path: str) -> str:
    """Why an import failed, without the path the dialog shows already and without a Python type name."""
    text = str(exc) or type(exc).__name__
    for prefix in (f"{path}: ", f"{Path(path).name}: "):
        if text.startswith(prefix):
            text = text[len(prefix):]
    return text


def _mb(n: float) -> str:
    return f"{n / 1e6:.1f} MB"


class ModelsDialog(QDialog):
    changed = Signal()  # something was installed or removed

    def __init__(self, pool: WorkerPool, mirror: str = "", proxy: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Models"))
        self.resize(820, 460)
        self.pool = pool
        self.downloads: dict[str, Worker] = {}
        self.bars: dict[str, QProgressBar] = {}
        layout = QVBoxLayout(self)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels([self.tr(c) for c in COLUMNS])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setVisible(False)
        layout.addWidget(self.table)
        buttons = QHBoxLayout()
        self.download_button = theme.set_icon(QPushButton(self.tr("Download")), "mdi6.download")
        self.cancel_button = theme.set_icon(QPushButton(self.tr("Cancel download")), "mdi6.stop")
        self.import_button = theme.set_icon(QPushButton(self.tr("Import from a file...")), "mdi6.file-import")
        self.remove_button = theme.set_icon(QPushButton(self.tr("Remove")), "mdi6.delete")
        self.folder_button = theme.set_icon(QPushButton(self.tr("Open the folder")), "mdi6.folder")
        for b in (self.download_button, self.cancel_button, self.import_button, self.remove_button,
                  self.folder_button):
            buttons.addWidget(b)
        layout.addLayout(buttons)
        form = QFormLayout()
        self.mirror = QLineEdit(mirror)
        self.mirror.setPlaceholderText(catalog.mirror_base())
        self.proxy = QLineEdit(proxy)
        self.proxy.setPlaceholderText(self.tr("system settings (e.g. http://proxy:3128)"))
        form.addRow(self.tr("Mirror URL"), self.mirror)
        form.addRow(self.tr("Proxy"), self.proxy)
        layout.addLayout(form)
        self.status = QLabel()
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        self.download_button.clicked.connect(lambda: self.download(self.selected_id()))
        self.cancel_button.clicked.connect(lambda: self.cancel(self.selected_id()))
        self.import_button.clicked.connect(self._import_dialog)
        self.remove_button.clicked.connect(self._remove_selected)
        self.folder_button.clicked.connect(self.open_folder)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.refresh()

    # --- table ----------------------------------------------------------------------------------------------------

    def built_in(self) -> list[tuple[str, str, bool]]:
        """(backend id, name, ready) of the backends that come with the app and need no download (Auto...)."""
        from backends import registry

        rows = []
        for entry in registry.list_backends():
            info = entry.info
            if info is None or info.needs_weights or info.needs_trimap or info.weights_id:
                continue
            try:
                ready = entry.readiness().ready
            except Exception:  # noqa: BLE001 - a plugin whose readiness fails is not ready
                ready = False
            rows.append((entry.id, info.name, ready))
        return rows

    def refresh(self) -> None:
        selected = self.selected_id()
        rows = [(bid, name, None, None, False, "", ready) for bid, name, ready in self.built_in()]
        rows += [(e.id, e.name, store.get(e.id), e.checkpoint_mb, e.needs_trimap, e.recommended or "", None)
                 for e in catalog.entries()]
        rows += [(m.id, f"{m.name} ({m.network})", m, m.size_bytes / 1e6, False, "", None)
                 for m in store.user_models()]
        self.table.setRowCount(len(rows))
        self.bars = {k: v for k, v in self.bars.items() if k in self.downloads}
        for r, (model_id, name, have, mb, trimap, recommended, built_in_ready) in enumerate(rows):
            if built_in_ready is not None:  # comes with the app
                cells = (name, self.tr("built in, ready") if built_in_ready else self.tr("built in, not ready"),
                         self.tr("in the app"), "", self.tr("no download needed"))
            else:
                cells = (name, self.tr("yes") if have else self.tr("no"),
                         _mb(have.size_bytes) if have else f"~{mb:.0f} MB", self.tr("needs") if trimap else "",
                         self.tr("for {0}").format(recommended) if recommended else "")
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, model_id)
                self.table.setItem(r, c, item)
            bar = self.bars.get(model_id)
            if bar is None:
                bar = QProgressBar()
                self.bars[model_id] = bar
            self.table.setCellWidget(r, len(COLUMNS) - 1, bar)
            bar.setVisible(model_id in self.downloads)
            if model_id == selected:
                self.table.selectRow(r)
        self._update_buttons()

    def selected_id(self) -> str:
        return tables.selected_id(self.table)

    def select(self, model_id: str) -> bool:
        return tables.select_id(self.table, model_id)

    def _update_buttons(self) -> None:
        mid = self.selected_id()
        in_catalog = catalog.find(mid) is not None
        self.download_button.setEnabled(bool(mid) and in_catalog and mid not in self.downloads
                                        and not store.is_installed(mid))
        self.cancel_button.setEnabled(mid in self.downloads)
        self.remove_button.setEnabled(bool(mid) and store.is_installed(mid) and mid not in self.downloads)

    # --- actions --------------------------------------------------------------------------------------------------

    def download(self, model_id: str) -> Worker | None:
        if not model_id or model_id in self.downloads:
            return None
        worker = self.pool.prepare(download_task, model_id, self.mirror.text().strip(), self.proxy.text().strip())
        worker.signals.progress.connect(lambda p, m=model_id: self._progress(m, *p))
        worker.signals.result.connect(lambda model, m=model_id: self._done(m, self.tr("installed {0}").format(m)))
        worker.signals.errored.connect(lambda exc, m=model_id: self._done(m, self._failure(m, exc)))
        worker.signals.cancelled.connect(lambda m=model_id: self._done(m, self.tr("{0}: cancelled").format(m)))
        self.downloads[model_id] = worker
        self.bars.get(model_id, QProgressBar()).setVisible(True)
        self.status.setText(self.tr("downloading {0}...").format(model_id))
        self._update_buttons()
        self.pool.start(worker)
        return worker

    def _failure(self, model_id: str, exc: BaseException) -> str:
        from backends.zoo.download import DownloadCancelled

        if isinstance(exc, DownloadCancelled):
            return self.tr("{0}: cancelled (a later download resumes it)").format(model_id)
        return f"{model_id}: {exc}"

    def _progress(self, model_id: str, done: int, total: int | None) -> None:
        bar = self.bars.get(model_id)
        if bar is None:
            return
        if total:
            bar.setRange(0, 1000)
            bar.setValue(int(1000 * done / total))
            bar.setFormat(f"{_mb(done)} / {_mb(total)}")
        else:
            bar.setRange(0, 0)

    def _done(self, model_id: str, message: str) -> None:
        self.downloads.pop(model_id, None)
        self.status.setText(message)
        self.refresh()
        self.changed.emit()

    def cancel(self, model_id: str) -> None:
        worker = self.downloads.get(model_id)
        if worker is not None:
            worker.cancel()

    def _import_dialog(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, self.tr("Import a model"), "",
                                              self.tr("Models (*.pdparams *.zip);;All files (*)"))
        if name:
            self.import_file(name)

    def import_file(self, path: str) -> Worker:
        worker = self.pool.prepare(store.import_path, path)
        worker.signals.result.connect(lambda m: self._imported(self.tr("installed {0} from {1}").format(m.id, path)))
        worker.signals.errored.connect(lambda exc: self._imported(self.tr("Could not import {0}: {1}").format(
            Path(path).name, plain_reason(exc, path))))
        self.status.setText(self.tr("importing {0}...").format(path))
        self.pool.start(worker)
        return worker

    def _imported(self, message: str) -> None:
        self.status.setText(message)
        self.refresh()
        self.changed.emit()

    def _remove_selected(self) -> None:
        mid = self.selected_id()
        if mid and QMessageBox.question(self, self.tr("Remove"), self.tr("Delete the model {0}?").format(mid)) \
                == QMessageBox.StandardButton.Yes:
            self.remove(mid)

    def remove(self, model_id: str) -> None:
        try:
            store.remove(model_id)
            self.status.setText(self.tr("removed {0}").format(model_id))
        except (OSError, ValueError) as exc:
            self.status.setText(str(exc))
        self.refresh()
        self.changed.emit()

    def open_folder(self) -> None:
        folder = models_dir()
        folder.mkdir(parents=True, exist_ok=True)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

    def closeEvent(self, event) -> None:
        for worker in self.downloads.values():
            worker.cancel()
        super().closeEvent(event)

    def done(self, result: int) -> None:
        for worker in self.downloads.values():
            worker.cancel()
        super().done(result)
