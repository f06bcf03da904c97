"""Short CPU training runs on a synthetic dataset: the loss goes down, checkpoints, resume, NaN stop, freezing,
evaluation with the four metrics, export and registration as a backend, and the ``train`` / ``eval`` commands."""
from __future__ import annotations

import json

import numpy as np
import pytest

from training import checkpoints as C
from training import synthetic
from training.config import TrainConfig
from training.trainer import Trainer, TrainError

MODNET = "modnet-mobilenetv2"
V2 = "ppmattingv2-stdc1-human_512"
SIZE = 64


@pytest.fixture(scope="module")
def dataset(tmp_path_factory):
    return synthetic.make_dataset(tmp_path_factory.mktemp("data") / "ds", train=4, val=2, size=(72, 96))


def _init_weights(name, path):
    """A start checkpoint (fresh weights saved as a .pdparams), as an official one would be given."""
    import paddle

    from backends.models import build

    paddle.seed(0)
    with paddle.utils.unique_name.guard():
        net = build(name)
    paddle.save(net.state_dict(), str(path))
    return path


def _batch_loss(name, weights, dataset):
    """The training loss of fixed weights on a fixed batch (BatchNorm on batch statistics, as in training)."""
    import paddle

    from training import losses
    from training.datasets import TrainSet, open_dataset
    from training.evaluate import load_network

    net = load_network(name, weights)
    net.train()
    ts = TrainSet(open_dataset(dataset).train, name, SIZE, seed=99)
    items = [ts[k] for k in range(4)]
    inputs = {k: paddle.to_tensor(np.stack([x[k] for x in items])) for k in items[0]}
    with paddle.no_grad():
        return float(losses.compute(name, net(inputs), inputs)["all"])


def _config(name, dataset, run_dir, weights, **kw):
    base = dict(network=name, dataset=str(dataset), run_dir=str(run_dir), weights=str(weights), iters=6,
                batch_size=2, lr=0.01 if name == V2 else 0.02, size=SIZE, val_size=SIZE, save_every=3,
                eval_every=3, log_every=1, workers=2)
    base.update(kw)
    return TrainConfig(**base)


def _events(run_dir):
    return [json.loads(line) for line in (run_dir / "progress.jsonl").read_text().splitlines()]


def _weights(path):
    return C.load_weights(path)


@pytest.mark.slow
@pytest.mark.parametrize("name", [MODNET, V2])
def test_train_cancel_resume_eval_export(name, dataset, tmp_path, monkeypatch):
    import paddle

    from backends import runtimes

    init = _init_weights(name, tmp_path / "init.pdparams")
    run_dir = tmp_path / "run"
    trainer = None

    def cancel_at_3(event):
        if event["event"] == "checkpoint" and event["iter"] == 3:
            trainer.cancel()

    trainer = Trainer(_config(name, dataset, run_dir, init), on_event=cancel_at_3)
    first = trainer.run()
    assert first["status"] == "cancelled" and first["iter"] == 3
    assert [it for it, _ in C.list_checkpoints(run_dir)] == [3]

    second = Trainer(_config(name, dataset, run_dir, init)).run()
    assert second["status"] == "done" and second["iter"] == 6
    events = _events(run_dir)
    starts = [e for e in events if e["event"] == "start"]
    assert [e["start_iter"] for e in starts] == [0, 3]
    trained = [e["iter"] for e in events if e["event"] == "train"]
    assert trained == [1, 2, 3, 4, 5, 6]  # resumed exactly where it stopped
    train = [e for e in events if e["event"] == "train"]
    assert {"all"} <= set(train[0]["losses"]) and train[0]["lr"] > 0 and train[0]["speed"]["iters_per_s"] > 0
    evals = [e for e in events if e["event"] == "eval"]
    assert [e["iter"] for e in evals] == [3, 6]
    for e in evals:
        assert set(e["metrics"]) == {"sad", "mse", "grad", "conn"}
        assert all(np.isfinite(v) and v >= 0 for v in e["metrics"].values())
    assert (run_dir / "best" / C.MODEL).is_file()
    best = json.loads((run_dir / "best" / "metrics.json").read_text())
    assert best["metrics"]["sad"] == min(e["metrics"]["sad"] for e in evals)

    # the loss of the trained weights on a fixed batch is lower than that of the start weights
    final = run_dir / "checkpoints" / "iter_0000006" / C.MODEL
    assert _batch_loss(name, final, dataset) < 0.95 * _batch_loss(name, init, dataset)

    if name == MODNET:
        # resuming gives the weights an uninterrupted run gives (same batches, restored optimizer state)
        straight = tmp_path / "straight"
        assert Trainer(_config(name, dataset, straight, init, eval_every=100)).run()["status"] == "done"
        a, b = _weights(final), _weights(straight / "checkpoints" / "iter_0000006" / C.MODEL)
        for key in a:
            np.testing.assert_allclose(a[key], b[key], rtol=1e-4, atol=1e-5, err_msg=key)

    # export to an inference model, register as a user model, and use it as a backend
    from training.export import export_inference, register

    exported = export_inference(name, run_dir / "best" / C.MODEL, tmp_path / "export")
    assert {p.name for p in exported.iterdir()} >= {"model.pdiparams", "deploy.yaml"}
    x = {"img": np.random.default_rng(0).uniform(-1, 1, (1, 3, 64, 96)).astype(np.float32)}
    from training.evaluate import load_network

    net = load_network(name, run_dir / "best" / C.MODEL)
    with paddle.no_grad():
        ref = net({"img": paddle.to_tensor(x["img"])}).numpy()
    got = runtimes.load_inference_model(exported, device="cpu", name=name).run(x)
    np.testing.assert_allclose(got, ref, atol=1e-4)
    if name == MODNET:
        from backends import registry

        monkeypatch.setitem(runtimes.CPU_ORDER_BY_NETWORK, name, ("dygraph",))
        model = register("my-portraits", name, run_dir / "best" / C.MODEL, exported, source="test")
        assert model.user and model.checkpoint and model.inference
        backend = registry.get("my-portraits")
        photo = (np.random.default_rng(1).uniform(0, 255, (90, 70, 3))).astype(np.uint8)
        alpha = backend.predict(photo)
        assert alpha.shape == (90, 70) and 0 <= alpha.min() and alpha.max() <= 1


@pytest.mark.slow
def test_nan_stops_with_a_clear_message(dataset, tmp_path, monkeypatch):
    import paddle

    from training import trainer as T

    real = T.L.compute
    calls = []

    def poisoned(name, logits, inputs):
        out = real(name, logits, inputs)
        calls.append(1)
        if len(calls) == 3:
            out["all"] = out["all"] * paddle.to_tensor(float("nan"))
        return out

    monkeypatch.setattr(T.L, "compute", poisoned)
    run_dir = tmp_path / "nan"
    result = Trainer(_config(MODNET, dataset, run_dir, "scratch", save_every=2, eval_every=100)).run()
    assert result["status"] == "nan" and result["iter"] == 2
    assert "iteration 3" in result["message"] and "iter_0000002" in result["message"]
    assert [it for it, _ in C.list_checkpoints(run_dir)] == [2]  # nothing written after the bad step
    assert any(e["event"] == "nan" for e in _events(run_dir))


@pytest.mark.slow
def test_freeze_backbone_and_batchnorm(dataset, tmp_path):
    init = _init_weights(MODNET, tmp_path / "init.pdparams")
    run_dir = tmp_path / "frozen"
    cfg = _config(MODNET, dataset, run_dir, init, iters=2, save_every=2, eval_every=100, freeze_backbone=True,
                  freeze_bn=True)
    assert Trainer(cfg).run()["status"] == "done"
    before, after = _weights(init), _weights(run_dir / "checkpoints" / "iter_0000002" / C.MODEL)
    changed = {k for k in before if not np.array_equal(before[k], after[k])}
    assert changed, "something must train"
    assert not any(k.startswith("backbone.") for k in changed)
    assert not any(k.endswith(("_mean", "_variance")) for k in changed)  # BatchNorm statistics kept


def test_bad_dataset_and_weights_are_reported(dataset, tmp_path):
    (tmp_path / "empty").mkdir()
    with pytest.raises(TrainError, match="neither a PaddleSeg"):
        Trainer(_config(MODNET, tmp_path / "empty", tmp_path / "r1", "scratch")).run()
    with pytest.raises(TrainError, match="official weights"):
        Trainer(_config(MODNET, dataset, tmp_path / "r2", "official")).run()
    with pytest.raises(TrainError, match="no such file"):
        Trainer(_config(MODNET, dataset, tmp_path / "r3", tmp_path / "missing.pdparams")).run()
    assert _events(tmp_path / "r3")[-1]["status"] == "error"


@pytest.mark.slow
def test_train_and_eval_commands(dataset, tmp_path, capsys):
    from desktop.cli.main import main

    run_dir = tmp_path / "cli"
    rc = main(["train", str(dataset), "-n", "modnet-mobilenetv2", "-o", str(run_dir), "--iters", "2",
               "--batch-size", "2", "--size", "64", "--val-size", "64", "--log-every", "1", "--json"])
    assert rc == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert lines[0]["event"] == "start" and lines[-1]["event"] == "end" and lines[-1]["status"] == "done"
    assert [e["iter"] for e in lines if e["event"] == "train"] == [1, 2]
    rc = main(["train", "--resume", str(run_dir), "--iters", "3", "--json"])
    assert rc == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert lines[0]["start_iter"] == 2 and [e["iter"] for e in lines if e["event"] == "train"] == [3]
    rc = main(["eval", str(dataset), "-w", str(run_dir), "--val-size", "64", "--json"])
    assert rc == 0
    result = json.loads(capsys.readouterr().out)
    assert result["count"] == 2 and {"sad", "mse", "grad", "conn"} <= set(result)
    assert main(["train", str(dataset), "--check"]) == 0
    assert main(["eval", str(dataset), "-w", "no-such-model"]) == 2


@pytest.mark.slow
def test_worker_process_follow_and_cancel(dataset, tmp_path):
    """The separate-process mode a front end uses: start the worker, follow progress.jsonl, cancel with SIGINT."""
    import signal
    import subprocess

    from training import launch

    run_dir = tmp_path / "proc"
    run_dir.mkdir()
    cfg = _config(MODNET, dataset, run_dir, "scratch", iters=1000, save_every=1000, eval_every=1000)
    (run_dir / "config.json").write_text(cfg.resolved().to_json())
    assert launch.command(run_dir, 2)[1:4] == ["-m", "paddle.distributed.launch", "--gpus"]
    process = subprocess.Popen(launch.command(run_dir), stdout=subprocess.DEVNULL)
    seen = []
    try:
        for event in launch.follow(run_dir, process, poll=0.1, start_at_end=False):
            seen.append(event)
            if event["event"] == "train" and event["iter"] == 2:
                process.send_signal(signal.SIGINT)
    finally:
        rc = process.wait(timeout=120)
    assert rc == 130
    assert seen[0]["event"] == "start" and seen[-1]["event"] == "end" and seen[-1]["status"] == "cancelled"
    stopped = seen[-1]["iter"]
    assert stopped >= 2 and [it for it, _ in C.list_checkpoints(run_dir)] == [stopped]
