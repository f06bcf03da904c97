"""The training wizard: dataset -> model -> settings -> run -> result, over the ``training`` package.

``open_training_wizard(parent)`` shows it (not modal) and returns it; ``TrainingWizard.modelRegistered(id)`` is
emitted when the new model was exported and registered, so the main window can refresh its backend list and select
it. Closing the wizard while training runs asks first, then stops the training process cleanly (a checkpoint is
written, so the run can be continued with ``matting-studio train --resume RUN``).
"""
from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QMessageBox, QWidget, QWizard

from ..workers import WorkerPool
from .dataset_page import DatasetPage
from .model_page import ModelPage
from .result_page import ResultPage
from .run_page import RunPage
from .settings_page import SettingsPage

PAGE_DATASET, PAGE_MODEL, PAGE_SETTINGS, PAGE_RUN, PAGE_RESULT = range(5)


class TrainingWizard(QWizard):
    modelRegistered = Signal(str)  # noqa: N815 (Qt naming)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Train a model"))
        self.setObjectName("training-wizard")
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, True)
        self.resize(900, 680)
        self.pool = WorkerPool(2, self)
        self.dataset_page = DatasetPage(self.pool)
        self.model_page = ModelPage()
        self.settings_page = SettingsPage(self.pool)
        self.run_page = RunPage()
        self.result_page = ResultPage(self.pool)
        for page_id, page in ((PAGE_DATASET, self.dataset_page), (PAGE_MODEL, self.model_page),
                              (PAGE_SETTINGS, self.settings_page), (PAGE_RUN, self.run_page),
                              (PAGE_RESULT, self.result_page)):
            self.setPage(page_id, page)
        self.result_page.exported.connect(self.modelRegistered)

    def is_training(self) -> bool:
        return self.run_page.is_running()

    def confirm_stop(self) -> bool:
        """Ask whether to stop a running training (True: stop it)."""
        answer = QMessageBox.question(self, self.tr("Training"), self.tr(
            "Training is running. Stop it? A checkpoint is written, so the run can be continued later."))
        return answer == QMessageBox.StandardButton.Yes

    def shutdown(self) -> None:
        """Stop the training process and background work (no process or thread is left running)."""
        self.run_page.stop()
        self.settings_page.stop()
        self.dataset_page.cleanup()
        self.pool.cancel_all()
        self.pool.wait(60_000)

    def reject(self) -> None:
        if self.is_training() and not self.confirm_stop():
            return
        self.shutdown()
        super().reject()

    def done(self, result: int) -> None:
        if self.is_training():  # accept() cannot happen mid-run; reject() asked already
            self.run_page.stop()
        super().done(result)

    def closeEvent(self, event) -> None:  # noqa: N802
        if self.is_training() and not self.confirm_stop():
            event.ignore()
            return
        self.shutdown()
        super().closeEvent(event)


_open: set[TrainingWizard] = set()


def open_training_wizard(parent: QWidget | None = None) -> TrainingWizard:
    """Show a new training wizard (not modal) and return it."""
    wizard = TrainingWizard(parent)
    if parent is None:  # keep it alive until it is closed
        _open.add(wizard)
        wizard.finished.connect(lambda _=0, w=wizard: _open.discard(w))
    wizard.show()
    return wizard
