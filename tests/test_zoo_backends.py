"""Zoo models as backends: not-ready until installed, then the official pipeline with the installed weights."""
from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from backends import registry
from backends.contract import NotReadyError
from backends.zoo import store
from desktop.cli.main import main
from tests.images import disc_scene

ZOO = ("ppmattingv2-512", "ppmatting-512", "ppmatting-1024", "pp-humanmatting", "modnet-mobilenetv2",
       "modnet-resnet50_vd", "modnet-hrnet_w18", "dim-vgg16")


@pytest.fixture(autouse=True)
def fresh_instances():
    registry.forget()
    yield
    registry.forget()


def test_every_zoo_model_is_a_backend_that_offers_the_download():
    entries = {e.id: e for e in registry.list_backends()}
    for model_id in ZOO:
        info = entries[model_id].info
        assert info.needs_weights and info.weights_id == model_id
        state = entries[model_id].readiness()
        assert not state.ready and f"models download {model_id}" in state.reason
    assert entries["dim-vgg16"].info.needs_trimap and not entries["modnet-mobilenetv2"].info.needs_trimap
    with pytest.raises(NotReadyError, match="models download modnet-mobilenetv2"):
        registry.get("modnet-mobilenetv2")


@pytest.fixture
def installed_modnet(reference_dir):
    """The official-format MODNet-MobileNetV2 checkpoint stand-in, imported as a user would."""
    store.import_path(reference_dir / "official-format" / "modnet-mobilenetv2.pdparams")
    return reference_dir


def test_installed_checkpoint_runs_the_official_pipeline(installed_modnet):
    import paddle

    from backends import models
    from backends.zoo.safe_pickle import load_pdparams

    backend = registry.get("modnet-mobilenetv2")
    rgb, _ = disc_scene(150, 210)
    alpha = backend.predict(rgb)
    assert alpha.shape == (150, 210) and alpha.dtype == np.float32
    assert 0.0 <= alpha.min() and alpha.max() <= 1.0
    with paddle.utils.unique_name.guard():
        net = models.build("modnet-mobilenetv2")
    state = load_pdparams(installed_modnet / "official-format" / "modnet-mobilenetv2.pdparams")
    net.set_state_dict({k: paddle.to_tensor(v) for k, v in state.items()})
    net.eval()
    expected = models.official_predict("modnet-mobilenetv2", net, rgb)
    assert np.abs(alpha - expected).max() <= 1e-3


def test_installed_inference_zip_runs_through_paddle_inference(reference_dir):
    store.import_path(reference_dir / "official-format" / "modnet-mobilenetv2.zip")
    installed = store.get("modnet-mobilenetv2")
    assert installed.checkpoint is None and installed.inference is not None
    backend = registry.get("modnet-mobilenetv2")
    assert backend.runtime.kind == "paddle-inference"
    rgb, _ = disc_scene(100, 140)
    alpha = backend.predict(rgb)
    assert alpha.shape == (100, 140)


def test_user_model_is_listed_and_runs(reference_dir):
    store.import_path(reference_dir / "official-format" / "modnet-mobilenetv2.pdparams", model_id="studio-v1")
    entries = {e.id: e for e in registry.list_backends()}
    assert "studio-v1" in entries and entries["studio-v1"].info.tags == ("user",)
    assert registry.get("studio-v1").predict(disc_scene(64, 64)[0]).shape == (64, 64)
    store.remove("studio-v1")
    registry.forget()
    assert "studio-v1" not in registry.ids()


def test_cli_cutout_with_a_zoo_model(installed_modnet, tmp_path, capsys):
    src = tmp_path / "in"
    src.mkdir()
    Image.fromarray(disc_scene(120, 160)[0]).save(src / "a.jpg")
    code = main(["cutout", str(src), "-o", str(tmp_path / "out"), "--backend", "modnet-mobilenetv2",
                 "--device", "cpu"])
    assert code == 0, capsys.readouterr().err
    assert np.asarray(Image.open(tmp_path / "out" / "a.png")).shape == (120, 160, 4)


def test_cli_exports_the_model_to_its_fast_runtime_from_the_batch_threads(installed_modnet, tmp_path):
    """The real command: paddle is imported on the loading thread and the export runs on a batch thread; paddle's
    dygraph mode is per thread, and an export in static mode fell back to the slow dygraph runtime."""
    import os
    import subprocess
    import sys

    src = tmp_path / "in"
    src.mkdir()
    Image.fromarray(disc_scene(120, 160)[0]).save(src / "a.jpg")
    run = subprocess.run([sys.executable, "-m", "desktop.cli.main", "cutout", str(src), "-o", str(tmp_path / "out"),
                          "--backend", "modnet-mobilenetv2", "--device", "cpu"], capture_output=True, text=True,
                         env=dict(os.environ), timeout=600)
    assert run.returncode == 0, run.stderr
    assert "falling back to dygraph" not in run.stderr and "unusable" not in run.stderr, run.stderr[-2000:]


def test_truncated_installed_checkpoint_gives_a_clear_error(installed_modnet):
    path = store.weights_path("modnet-mobilenetv2")
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 3])
    backend = registry.create("modnet-mobilenetv2")
    with pytest.raises(Exception, match="(?i)truncated|corrupt"):
        backend.load()
