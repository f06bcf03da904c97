"""The Help menu's windows: About (version, and the licences of the bundled models and libraries), the keyboard
shortcuts, and where the app keeps its data (models, edits, caches, settings) with a button to open each folder."""
from __future__ import annotations

from importlib import metadata
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (QAbstractItemView, QDialog, QDialogButtonBox, QGridLayout, QHeaderView, QLabel,
                               QPushButton, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from desktop import __version__

#: what ships inside the app: (name, distribution whose version is shown or "", licence)
BUNDLED_MODELS = (
    ("MediaPipe selfie segmentation (the offline default's person model)", "mediapipe", "Apache-2.0"),
    ("PaddleSeg Matting models (PP-MattingV2, PP-Matting, PP-HumanMatting, MODNet, DIM), when downloaded", "",
     "Apache-2.0"),
    ("Sample portrait (NASA, from scikit-image's data)", "", "public domain"),
)
LIBRARIES = (
    ("Qt for Python (PySide6)", "PySide6-Essentials", "LGPL-3.0"),
    ("PaddlePaddle", "paddlepaddle", "Apache-2.0"),
    ("OpenCV", "opencv-contrib-python", "Apache-2.0"),
    ("MediaPipe", "mediapipe", "Apache-2.0"),
    ("PyMatting", "pymatting", "MIT"),
    ("Numba", "numba", "BSD-2-Clause"),
    ("NumPy", "numpy", "BSD-3-Clause"),
    ("SciPy", "scipy", "BSD-3-Clause"),
    ("Pillow", "pillow", "MIT-CMU"),
    ("tifffile", "tifffile", "BSD-3-Clause"),
    ("OpenVINO", "openvino", "Apache-2.0"),
    ("ONNX Runtime", "onnxruntime", "MIT"),
    ("Paddle2ONNX", "paddle2onnx", "Apache-2.0"),
    ("QtAwesome (Material Design Icons: Apache-2.0)", "qtawesome", "MIT"),
    ("platformdirs", "platformdirs", "MIT"),
)


def tr(text: str) -> str:
    """Translate ``text`` (module-level ``tr("...")`` calls are filed under the empty context)."""
    return QCoreApplication.translate("", text)


def version_of(distribution: str) -> str:
    if not distribution:
        return ""
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return "-"


def credits() -> list[tuple[str, str, str]]:
    """(name, version, licence) of every bundled model and library."""
    return [(name, version_of(dist), licence) for name, dist, licence in BUNDLED_MODELS + LIBRARIES]


def data_folders() -> list[tuple[str, Path]]:
    """(what, where) for every folder the app writes into."""
    from backends import paths

    from . import matte_store, settings

    return [(tr("Installed models"), paths.models_dir()),
            (tr("Your edits (painted trimaps, refined mattes)"), matte_store.edits_root()),
            (tr("Caches (computed mattes, model programs, compiled kernels; safe to delete)"),
             paths.cache_dir()),
            (tr("Settings (settings.ini)"), settings.settings_file().parent)]


def table(headers: list[str], rows: list[tuple[str, ...]]) -> QTableWidget:
    t = QTableWidget(len(rows), len(headers))
    t.setHorizontalHeaderLabels(headers)
    t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    t.verticalHeader().setVisible(False)
    t.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    t.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            t.setItem(r, c, QTableWidgetItem(text))
    return t


class _Dialog(QDialog):
    def __init__(self, title: str, parent: QWidget | None, width: int = 640, height: int = 480):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.resize(width, height)
        self.layout_ = QVBoxLayout(self)

    def finish(self) -> None:
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        self.layout_.addWidget(buttons)


class AboutDialog(_Dialog):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(self.tr("About Matting Studio"), parent, 720, 560)
        self.setObjectName("about-dialog")
        head = QLabel(self.tr("<h2>Matting Studio {0}</h2><p>Cut people out of photos on your own computer, with no "
                              "upload and no account.</p><p>Matting Studio is licensed under Apache-2.0. It ships "
                              "these models and libraries, each under its own licence:</p>").format(__version__))
        head.setWordWrap(True)
        self.layout_.addWidget(head)
        self.credits = table([self.tr("Component"), self.tr("Version"), self.tr("Licence")], credits())
        self.credits.setObjectName("credits")
        self.layout_.addWidget(self.credits, 1)
        self.finish()


class ShortcutsDialog(_Dialog):
    def __init__(self, rows: list[tuple[str, str]], parent: QWidget | None = None):
        super().__init__(self.tr("Keyboard shortcuts"), parent, 520, 600)
        self.setObjectName("shortcuts-dialog")
        mouse = [(self.tr("Zoom about the cursor"), self.tr("Mouse wheel")),
                 (self.tr("Pan"), self.tr("Middle button drag, or Space + drag, or drag with no brush")),
                 (self.tr("Move the before / after line"), self.tr("Drag in the before/after view"))]
        self.keys = table([self.tr("Action"), self.tr("Keys")], rows + mouse)
        self.keys.setObjectName("shortcut-table")
        self.layout_.addWidget(self.keys, 1)
        self.finish()


class DataFoldersDialog(_Dialog):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(self.tr("Where your data lives"), parent, 760, 260)
        self.setObjectName("data-folders-dialog")
        grid = QGridLayout()
        self.paths: list[Path] = []
        for r, (what, where) in enumerate(data_folders()):
            grid.addWidget(QLabel(what), r, 0)
            path = QLabel(str(where))
            path.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            grid.addWidget(path, r, 1)
            button = QPushButton(self.tr("Open"))
            button.clicked.connect(lambda _c=False, p=where: self.open_folder(p))
            grid.addWidget(button, r, 2)
            self.paths.append(where)
        grid.setColumnStretch(1, 1)
        self.layout_.addLayout(grid)
        note = QLabel(self.tr("Uninstalling the app leaves these folders in place. With MATTING_STUDIO_HOME set, "
                              "they are all inside that folder."))
        note.setWordWrap(True)
        self.layout_.addWidget(note)
        self.layout_.addStretch(1)
        self.finish()

    @staticmethod
    def open_folder(path: Path) -> None:
        Path(path).mkdir(parents=True, exist_ok=True)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
