"""Dialogs and panels offscreen: export settings, preferences, the model manager, backgrounds, the backend picker,
translations, and the ``app`` sub-command."""
from __future__ import annotations

import subprocess
import sys
from importlib import metadata
from pathlib import Path

import pytest

pytest.importorskip("pytestqt")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtWidgets import QDialogButtonBox  # noqa: E402

from app_support import make_folder, register  # noqa: E402
from backends import registry  # noqa: E402
from backends.imaging.compose import Background  # noqa: E402
from desktop.app.background_panel import BackgroundPanel  # noqa: E402
from desktop.app.export_dialog import ExportDialog  # noqa: E402
from desktop.app.models_dialog import ModelsDialog  # noqa: E402
from desktop.app.preferences_dialog import PreferencesDialog  # noqa: E402
from desktop.app.settings import Preferences  # noqa: E402
from desktop.app.tool_panel import ToolPanel  # noqa: E402
from desktop.app.workers import WorkerPool  # noqa: E402

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def pool(qtbot):
    pool = WorkerPool(2)
    yield pool
    pool.cancel_all()
    assert pool.wait(20_000)


def test_export_dialog_validates_and_builds_settings(qtbot, tmp_path):
    dialog = ExportDialog(Background("color", (1, 2, 3)), "", "jpeg", 4, Path("IMG_1.jpg"))
    qtbot.addWidget(dialog)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert not ok.isEnabled()  # no folder yet
    dialog.folder.setText(str(tmp_path))
    assert ok.isEnabled()
    dialog.pattern.setText("{nope}")
    assert not ok.isEnabled() and "nope" in dialog.preview.text()
    dialog.pattern.setText("{index:02d}-{stem}")
    assert ok.isEnabled() and dialog.preview.text().endswith("01-IMG_1.jpg")
    dialog.decontaminate.setChecked(False)
    s = dialog.settings()
    assert s.folder == tmp_path and s.options.fmt == "jpeg" and not s.options.decontaminate
    assert s.options.background == Background("color", (1, 2, 3))
    assert "#010203" in dialog.format.currentText()  # a composite names its background
    dialog.format.setCurrentIndex(dialog.format.findData("png"))
    assert dialog.settings().options.background.kind == "transparent"
    assert "transparent" in dialog.format.currentText()


def test_export_choices_are_named_for_what_they_write(qtbot):
    from desktop.app.export_dialog import default_choice

    plain = ExportDialog(Background(), "out", "png")
    qtbot.addWidget(plain)
    keys = [plain.format.itemData(i) for i in range(plain.format.count())]
    assert keys == ["png", "tiff", "webp", "psd", "jpeg", "alpha"]  # no composite without a background; JPEG on white
    assert "white" in plain.format.itemText(keys.index("jpeg"))
    blue = Background("color", (0, 0, 255))
    assert default_choice(blue) == "png+bg" and default_choice(Background()) == "png"
    assert default_choice(blue, "webp") == "webp" and default_choice(Background(), "png+bg") == "png"


def test_preferences_dialog_returns_what_is_shown(qtbot):
    prefs = Preferences(device="cpu", threads=2, workers=3, output_format="webp", theme="light", language="zh_CN",
                        mirror="http://m")
    dialog = PreferencesDialog(prefs)
    qtbot.addWidget(dialog)
    assert dialog.result_preferences() == prefs
    dialog.device.setCurrentIndex(dialog.device.findData("gpu"))
    dialog.language.setCurrentIndex(dialog.language.findData("en"))
    out = dialog.result_preferences()
    assert (out.device, out.language, out.mirror) == ("gpu", "en", "http://m")


def test_model_manager_lists_the_catalog_and_reports_failures(qtbot, pool, tmp_path):
    from backends.zoo import catalog

    dialog = ModelsDialog(pool, mirror=(tmp_path / "empty-mirror").as_uri())
    qtbot.addWidget(dialog)
    built_in = len(dialog.built_in())
    assert dialog.table.rowCount() == built_in + len(catalog.entries())
    assert dialog.table.item(built_in, 1).text() == "no"
    assert not dialog.download_button.isEnabled()
    assert dialog.select(catalog.entries()[0].id)
    assert dialog.download_button.isEnabled() and not dialog.remove_button.isEnabled()
    worker = dialog.download(catalog.entries()[0].id)
    assert dialog.cancel_button.isEnabled()
    with qtbot.waitSignal(worker.signals.finished, timeout=20_000):
        pass
    qtbot.waitUntil(lambda: not dialog.downloads, timeout=5000)
    assert "no such file" in dialog.status.text()  # the mirror has no such file
    bogus = tmp_path / "model.pdparams"
    bogus.write_bytes(b"not a checkpoint")
    with qtbot.waitSignal(dialog.changed, timeout=20_000):
        dialog.import_file(str(bogus))
    assert dialog.status.text() == "Could not import model.pdparams: this file is not a PaddlePaddle checkpoint " \
        "(.pdparams) (not a pickle: invalid load key, 'n'.)"


def test_background_panel_kinds(qtbot, tmp_path):
    panel = BackgroundPanel()
    qtbot.addWidget(panel)
    seen = []
    panel.changed.connect(seen.append)
    panel.set_colour((10, 20, 30))
    panel.set_blur(55)
    photos = make_folder(tmp_path / "bgs", 2)
    assert panel.set_folder(tmp_path / "bgs") == 2
    assert seen == [Background("color", (10, 20, 30)), Background("blur", strength=55.0),
                    Background("image", path=photos[0])]
    assert panel.images_combo.count() == 2
    panel.set_kind("transparent")
    assert seen[-1].kind == "transparent" and panel.kind_buttons["transparent"].isChecked()
    panel.set_kind("color")
    assert seen[-1] == Background("color", (10, 20, 30))  # the last colour comes back


def test_backend_picker_follows_backend_info(qtbot, monkeypatch):
    from importlib import metadata as md

    register(monkeypatch)
    real = registry._entry_points()
    broken = md.EntryPoint(name="broken", value="no_such_module_xyz:Backend", group=registry.GROUP)
    monkeypatch.setattr(registry, "_entry_points", lambda: real + [broken])
    panel = ToolPanel()
    qtbot.addWidget(panel)
    combo = panel.backend_combo
    index = combo.findData("broken")
    assert index >= 0 and not combo.model().item(index).isEnabled()
    assert "no_such_module_xyz" in combo.itemData(index, Qt.ItemDataRole.ToolTipRole)
    panel.set_backend("closed-form")
    assert "trimap" in panel.backend_note.text()
    chosen = []
    panel.backendChosen.connect(lambda b, only: chosen.append((b, only)))
    panel.only_this.setChecked(True)
    combo.setCurrentIndex(combo.findData("test-disc"))
    combo.activated.emit(combo.currentIndex())
    assert chosen == [("test-disc", True)]
    missing = [e for e in registry.list_backends() if e.info and e.info.needs_weights and e.info.weights_id
               and not e.readiness().ready]
    if missing:
        panel.set_backend(missing[0].id)
        assert not panel.download_button.isHidden()
        asked = []
        panel.downloadRequested.connect(asked.append)
        panel.download_button.click()
        assert asked == [missing[0].info.weights_id]


def test_translation_loads(qtbot):
    from PySide6.QtWidgets import QApplication

    from desktop.app import i18n

    app = QApplication.instance()
    assert i18n.qm_file("zh_CN").exists()
    try:
        assert i18n.install(app, "zh_CN")
        assert app.translate("MainWindow", "Failures") == "失败列表"
    finally:
        assert not i18n.install(app, "en")
    assert app.translate("MainWindow", "Failures") == "Failures"


def test_training_wizard_is_translated_too(qtbot):
    from PySide6.QtWidgets import QApplication

    from desktop.app import i18n
    from desktop.app.training.wizard import TrainingWizard

    app = QApplication.instance()
    try:
        assert i18n.install(app, "zh_CN")
        wizard = TrainingWizard()
        qtbot.addWidget(wizard)
        assert wizard.windowTitle() == "训练模型"
        titles = [wizard.page(i).title() for i in wizard.pageIds()]
        assert titles and all(t and not t.isascii() for t in titles), titles  # every page title in Chinese
    finally:
        i18n.install(app, "en")


def test_app_subcommand_is_registered():
    from desktop.cli.main import build_parser

    args = build_parser().parse_args(["app", "some/folder"])
    assert args.command == "app" and args.paths == [Path("some/folder")]
    run = subprocess.run([sys.executable, "-m", "desktop.cli.main", "app", "--help"], cwd=REPO, capture_output=True,
                         text=True, timeout=60)
    assert run.returncode == 0 and "FOLDER" in run.stdout


def test_app_refuses_a_missing_folder_without_opening_a_window(tmp_path):
    from desktop.app.main import main

    assert main([str(tmp_path / "missing")]) == 2


def test_gui_entry_point_is_declared():
    scripts = {ep.name: ep.value for ep in metadata.entry_points(group="gui_scripts")}
    if "matting-studio-gui" not in scripts:
        pytest.skip("the package metadata predates the gui-scripts entry (reinstall: pip install -e .)")
    assert scripts["matting-studio-gui"] == "desktop.app.main:main"
