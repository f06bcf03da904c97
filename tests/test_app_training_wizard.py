"""The training wizard: dataset checks, the curve widget, a tiny run end to end (curves, metrics, export as a
backend), and cancel / resume / close leaving no training process behind."""
from __future__ import annotations

import os

import pytest

pytest.importorskip("pytestqt")

from PySide6.QtCore import Qt  # noqa: E402

from desktop.app.training.curves import CurveWidget, nice_ticks  # noqa: E402
from desktop.app.training.wizard import PAGE_MODEL, PAGE_RESULT, PAGE_RUN, PAGE_SETTINGS  # noqa: E402
from desktop.app.training.wizard import TrainingWizard, open_training_wizard  # noqa: E402
from training import synthetic  # noqa: E402

NETWORK_ID = "modnet-mobilenetv2"
LONG = 120_000  # ms: a tiny CPU run on a busy 2-core machine


@pytest.fixture(scope="module")
def dataset(tmp_path_factory):
    return synthetic.make_dataset(tmp_path_factory.mktemp("data") / "ds", train=4, val=2, size=(72, 96))


@pytest.fixture
def wizard(qtbot):
    w = TrainingWizard()
    qtbot.addWidget(w)
    w.show()
    yield w
    w.shutdown()
    assert not w.is_training()


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def check(qtbot, page, folder):
    page.set_dataset(folder)
    with qtbot.waitSignal(page.checked, timeout=30_000):
        page.start_check()


def to_settings(qtbot, w, dataset, weights="scratch"):
    check(qtbot, w.dataset_page, dataset)
    assert w.dataset_page.isComplete()
    w.next()
    assert w.currentId() == PAGE_MODEL
    assert w.model_page.select(NETWORK_ID)
    w.model_page.set_weights(weights)
    assert w.model_page.isComplete()
    with qtbot.waitSignal(w.settings_page.defaultsReady, timeout=60_000):
        w.next()
        assert w.currentId() == PAGE_SETTINGS


def tiny_settings(page, iters=4, every=2):
    page.iters.setValue(iters)
    page.batch.setValue(2)
    page.size.setValue(64)
    page.val_size.setValue(64)
    page.eval_every.setValue(every)
    page.save_every.setValue(every)
    page.lr.setText("0.02")


# --- pieces -------------------------------------------------------------------------------------------------------


def test_curve_widget_draws_points(qtbot):
    curve = CurveWidget("loss", log_y=True)
    qtbot.addWidget(curve)
    curve.resize(300, 180)
    curve.grab()  # empty: "waiting for data"
    for i, v in enumerate((5.0, 3.0, 2.0, 0.0, float("nan"), 1.5), start=1):
        curve.add_point("loss", i, v)
    assert [y for _, y in curve.points("loss")] == [5.0, 3.0, 2.0, 1.5]  # no zero or NaN on a log axis
    curve.set_x_range(0, 10)
    image = curve.grab().toImage()
    assert image.width() == 300 and not image.isNull()
    assert nice_ticks(0, 1, 5) == pytest.approx([0, 0.2, 0.4, 0.6, 0.8, 1.0])


def test_dataset_page_names_broken_files(qtbot, wizard, tmp_path):
    data = synthetic.make_dataset(tmp_path / "broken", layout="paired", train=4, val=2, size=(40, 56))
    victim = data / "train" / "alpha" / "train001.png"
    victim.unlink()
    (data / "val" / "alpha" / "val000.png").write_bytes(b"not an image")
    page = wizard.dataset_page
    check(qtbot, page, data)
    assert not page.isComplete()
    texts = [page.issues.item(i).text() for i in range(page.issues.count())]
    assert any("val000.png" in t and "error" in t for t in texts)
    assert any("train001.png" in t for t in texts)  # an image left without its alpha
    check(qtbot, page, tmp_path / "nowhere")
    assert not page.isComplete()
    assert page.issues.count() >= 1


def test_dataset_page_shows_sample_pairs(qtbot, wizard, dataset):
    page = wizard.dataset_page
    check(qtbot, page, dataset)
    assert page.isComplete()
    assert page.sample_count() == 4
    assert "4 training and 2 validation" in page.summary.text()


# --- a tiny run end to end ----------------------------------------------------------------------------------------


@pytest.mark.slow
def test_wizard_trains_evaluates_and_registers_a_model(qtbot, wizard, dataset):
    from backends import registry
    from backends.zoo import store

    w = wizard
    to_settings(qtbot, w, dataset)
    page = w.settings_page
    assert page.iters.value() > 100  # the official recipe from scratch, before we shrink it
    with qtbot.waitSignal(page.memoryEstimated, timeout=60_000) as estimate:
        tiny_settings(page)
        page.update_memory()
    assert estimate.args[0] > 0
    assert "Device:" in page.device_label.text()
    run = w.run_page
    with qtbot.waitSignal(run.runFinished, timeout=LONG) as finished:
        w.next()
        assert w.currentId() == PAGE_RUN
        assert run.is_running()
        assert not w.button(w.WizardButton.NextButton).isEnabled()
    assert finished.args == ["done"], run.log.toPlainText()
    assert not run.is_running()
    assert len(run.loss_curve.points("loss")) == 4
    assert len(run.lr_curve.points("lr")) == 4
    assert run.table.rowCount() == 2  # evaluations at iterations 2 and 4
    assert all(run.table.item(r, c).text() for r in range(2) for c in range(5))
    assert run.progress.value() == 4
    assert run.isComplete()

    result = w.result_page
    with qtbot.waitSignal(result.beforeReady, timeout=LONG):
        w.next()
        assert w.currentId() == PAGE_RESULT
    assert set(result.before) >= {"sad", "mse", "grad", "conn"}
    for r in range(4):
        before, after = result.table.item(r, 0).text(), result.table.item(r, 1).text()
        float(before), float(after)
        assert result.table.item(r, 2).text().endswith("%")

    result.model_id.setText("ppmattingv2-512")
    assert not result.export_button.isEnabled()  # a zoo id
    result.model_id.setText("studio-test")
    assert result.export_button.isEnabled()
    registered = []
    w.modelRegistered.connect(registered.append)
    with qtbot.waitSignal(result.exportFinished, timeout=LONG) as done:
        qtbot.mouseClick(result.export_button, Qt.MouseButton.LeftButton)
    assert done.args == [True, "studio-test"], result.status.text()
    assert registered == ["studio-test"]
    assert "studio-test" in registry.ids()
    model = store.get("studio-test")
    assert model.user and model.network == NETWORK_ID and model.inference is not None
    assert registry.create("studio-test").readiness().ready

    w.back()
    assert w.currentId() == PAGE_RUN and run.settings_button.isEnabled()
    first_run = page.run_dir.text()
    qtbot.mouseClick(run.settings_button, Qt.MouseButton.LeftButton)
    assert w.currentId() == PAGE_SETTINGS and page.iters.value() == 4  # the settings are kept
    assert page.validatePage() and page.run_dir.text() != first_run  # a new run gets a new folder

    again = TrainingWizard()  # the new model is offered as start weights next time
    qtbot.addWidget(again)
    again.model_page.select(NETWORK_ID)
    assert "studio-test" in again.model_page.weight_choices()


# --- cancel, resume, close ----------------------------------------------------------------------------------------


def _first_train(event):
    return event.get("event") == "train"


@pytest.mark.slow
def test_cancel_resume_and_close_leave_no_process(qtbot, wizard, dataset, monkeypatch):
    w = wizard
    to_settings(qtbot, w, dataset)
    tiny_settings(w.settings_page, iters=300, every=300)
    run = w.run_page
    w.next()
    assert run.is_running()
    pid = run.process.pid()
    with qtbot.waitSignal(run.process.event, check_params_cb=_first_train, timeout=LONG):
        pass
    with qtbot.waitSignal(run.runFinished, timeout=LONG) as finished:
        qtbot.mouseClick(run.cancel_button, Qt.MouseButton.LeftButton)
    assert finished.args == ["cancelled"], run.log.toPlainText()
    assert not run.is_running() and not _pid_alive(pid)
    assert run.resume_button.isEnabled() and run.settings_button.isEnabled()
    assert run.isComplete()  # the checkpoint written on cancel can be exported
    points = len(run.loss_curve.points("loss"))
    assert points >= 1

    def resumed(event):
        return event.get("event") == "start" and event["start_iter"] > 0

    qtbot.mouseClick(run.resume_button, Qt.MouseButton.LeftButton)
    assert run.is_running()
    pid = run.process.pid()
    with qtbot.waitSignal(run.process.event, check_params_cb=resumed, timeout=LONG):
        pass
    assert len(run.loss_curve.points("loss")) == points  # the earlier curve is kept
    asked = []
    monkeypatch.setattr(TrainingWizard, "confirm_stop", lambda self: asked.append(1) or True)
    w.reject()
    assert asked and not run.is_running() and not _pid_alive(pid)
    assert run.status in ("cancelled", "done")


def test_open_training_wizard_shows_it(qtbot):
    w = open_training_wizard()
    qtbot.addWidget(w)
    assert w.isVisible() and w.currentId() == 0
    w.reject()
    assert not w.isVisible()


def test_a_run_that_cannot_start_says_why(qtbot, wizard, tmp_path):
    from training.config import TrainConfig

    run = wizard.run_page
    config = TrainConfig(network=NETWORK_ID, dataset=str(tmp_path / "missing"), run_dir=str(tmp_path / "run"),
                         weights="scratch", iters=2, batch_size=2, size=64)
    with qtbot.waitSignal(run.runFinished, timeout=LONG) as finished:
        run.start(config)
    assert finished.args == ["error"]
    assert "missing" in run.headline.text()  # the trainer's message names the folder
    assert not run.is_running() and not run.isComplete() and not run.resume_button.isEnabled()


def test_export_without_weights_is_refused(tmp_path):
    from desktop.app.training import tasks

    with pytest.raises(ValueError, match="no weights"):
        tasks.export_model(NETWORK_ID, tmp_path, "my-model")
    assert tasks.model_id_problem("bad id!")
    assert tasks.model_id_problem("modnet-mobilenetv2")
    assert not tasks.model_id_problem("studio-1")
