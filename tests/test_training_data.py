"""Datasets, augmentations, dataset validation and schedules of the trainer (no network needed)."""
from __future__ import annotations

import cv2
import numpy as np
import pytest

from training import config, datasets, schedules, synthetic, transforms, validation


@pytest.fixture(scope="module")
def paddleseg_ds(tmp_path_factory):
    return synthetic.make_dataset(tmp_path_factory.mktemp("ds") / "ps", train=4, val=2, size=(72, 100))


@pytest.fixture(scope="module")
def paired_ds(tmp_path_factory):
    return synthetic.make_dataset(tmp_path_factory.mktemp("ds") / "pa", layout="paired", train=4, val=2)


def test_layouts_are_found(paddleseg_ds, paired_ds):
    ps = datasets.open_dataset(paddleseg_ds)
    assert ps.kind == "paddleseg" and (len(ps.train), len(ps.val)) == (4, 2)
    assert all(s.bg is not None and "/alpha/" in s.alpha.as_posix() for s in ps.train)
    pa = datasets.open_dataset(paired_ds)
    assert pa.kind == "paired" and (len(pa.train), len(pa.val)) == (4, 2)
    flat = paired_ds.parent / "flat"
    for sub in ("image", "alpha"):
        (flat / sub).mkdir(parents=True)
        for p in sorted((paired_ds / "train" / sub).iterdir()) + sorted((paired_ds / "val" / sub).iterdir()):
            (flat / sub / p.name).write_bytes(p.read_bytes())
    split = datasets.open_dataset(flat, val_fraction=0.5)
    assert (len(split.train), len(split.val)) == (3, 3)
    with pytest.raises(datasets.DatasetError):
        datasets.open_dataset(paired_ds / "train" / "image")


def test_list_file_rules(tmp_path):
    (tmp_path / "train.txt").write_text("a/fg/fg_1.png|bg/b.jpg\nfg/x.png bg/y.png val/trimap/x.png\n\n")
    first, second = datasets.read_list(tmp_path, "train.txt")
    assert first.alpha == tmp_path / "a/alpha/alpha_1.png"  # every /fg is replaced, as PaddleSeg does
    assert first.bg == tmp_path / "bg/b.jpg" and first.trimap is None
    assert second.alpha == tmp_path / "alpha/x.png" and second.trimap == tmp_path / "val/trimap/x.png"


def test_composite_follows_paddleseg():
    rng = np.random.default_rng(0)
    fg = rng.integers(0, 256, (20, 30, 3), dtype=np.uint8)
    bg = rng.integers(0, 256, (10, 12, 3), dtype=np.uint8)
    alpha = rng.integers(0, 256, (20, 30), dtype=np.uint8)
    img, fg2, bg2 = datasets.composite(fg, alpha, bg)
    assert bg2.shape == fg.shape  # the background is scaled up to cover and cropped
    a = alpha[..., None] / 255
    np.testing.assert_array_equal(img, (a * fg + (1 - a) * bg2).astype(np.uint8))


def test_val_trimap_matches_reference_case(reference_dir):
    golden = np.load(reference_dir / "golden" / "metrics.npz")
    trimap = datasets.gen_trimap(golden["case7__gt_u8"], "val")
    np.testing.assert_array_equal(trimap.astype(np.uint8), golden["case7__trimap_u8"])


def test_train_trimap_is_random_but_valid():
    alpha = np.zeros((120, 120), np.uint8)
    cv2.circle(alpha, (60, 60), 40, 255, -1)
    alpha = cv2.GaussianBlur(alpha, (0, 0), 2)
    t = datasets.gen_trimap(alpha, "train", np.random.default_rng(1))
    assert set(np.unique(t)) == {0.0, 128.0, 255.0}
    assert (t[alpha == 0] != 255).all() and (t[alpha == 255] != 0).all()


@pytest.mark.parametrize("name", ["ppmattingv2-stdc1-human_512", "ppmatting-hrnet_w18-human_512",
                                  "human_matting-resnet34_vd", "modnet-mobilenetv2", "dim-vgg16"])
def test_train_samples(paddleseg_ds, name):
    layout = datasets.open_dataset(paddleseg_ds)
    ts = datasets.TrainSet(layout.train, name, size=128 if name.startswith("human") else 64, seed=3)
    size = ts.size
    a, b = ts[5], ts[5]
    for key in ("img", "fg", "bg"):
        assert a[key].shape == (3, size, size) and a[key].dtype == np.float32
        assert -1.0 <= a[key].min() and a[key].max() <= 1.0
    assert a["alpha"].shape == a["trimap"].shape == (1, size, size)
    assert 0 <= a["alpha"].min() and a["alpha"].max() <= 1
    assert set(np.unique(a["trimap"])) <= {0.0, 128.0, 255.0}
    for key in a:  # reproducible from (seed, position)
        np.testing.assert_array_equal(a[key], b[key])
    assert sorted(ts.index(k) for k in range(4)) == [0, 1, 2, 3]  # every sample once per epoch


def test_every_official_pipeline_gives_the_crop_size():
    rng = np.random.default_rng(0)
    for name in ("ppmattingv2-stdc1-human_512", "ppmatting-hrnet_w18-human_1024", "human_matting-resnet34_vd",
                 "modnet-resnet50_vd", "dim-vgg16"):
        for hw in ((50, 70), (300, 200)):
            s = {"img": rng.integers(0, 256, hw + (3,), dtype=np.uint8),
                 "alpha": rng.integers(0, 256, hw, dtype=np.uint8)}
            s["fg"], s["bg"], s["trimap"] = s["img"].copy(), s["img"].copy(), np.full(hw, 128.0)
            out = transforms.train_pipeline(name, 96)(s, rng)
            assert {k: v.shape[:2] for k, v in out.items()} == dict.fromkeys(out, (96, 96)), name


def test_val_items(paddleseg_ds):
    layout = datasets.open_dataset(paddleseg_ds)
    item = datasets.ValSet(layout.val, "modnet-mobilenetv2", size=64)[0]
    assert item["inputs"]["img"].shape == (1, 3, 64, 64) and item["trimap"] is None
    assert item["alpha"].shape == (72, 100) and item["sizes"][0] == (72, 100)
    dim = datasets.ValSet(layout.val, "dim-vgg16")[0]  # official: LimitLong(3840) leaves it as it is
    assert dim["inputs"]["trimap"].shape == (1, 1, 72, 100) and dim["trimap"].dtype == np.uint8
    assert datasets.ValSet(layout.val, "modnet-mobilenetv2", use_trimap=True)[0]["trimap"] is not None


def test_validation_reports_problems_with_file_names(paddleseg_ds, tmp_path):
    import shutil

    ds = tmp_path / "ds"
    shutil.copytree(paddleseg_ds, ds)
    assert validation.validate(ds).ok
    (ds / "train/alpha/train000.png").unlink()
    shutil.copy(ds / "train/fg/train001.png", ds / "train/alpha/train001.png")  # a photo as alpha
    a = cv2.imread(str(ds / "train/alpha/train002.png"), 0)
    cv2.imwrite(str(ds / "train/alpha/train002.png"), cv2.resize(a, (40, 30)))
    (ds / "bg/bg000.png").unlink()
    cv2.imwrite(str(ds / "val/alpha/val000.png"), np.zeros((72, 100), np.uint8))
    cv2.imwrite(str(ds / "val/trimap.png"), np.full((72, 100), 77, np.uint8))
    lines = (ds / "val.txt").read_text().splitlines()
    lines[1] += " val/trimap.png"
    (ds / "val.txt").write_text("\n".join(lines) + "\n")
    report = validation.validate(ds)
    assert not report.ok
    errors = {(e.path.split("/ds/")[-1], e.message.split(" ")[0] + " " + e.message.split(" ")[1])
              for e in report.errors}
    assert ("train/alpha/train000.png", "alpha file") in errors
    assert ("train/alpha/train001.png", "alpha is") in errors and "not grey" in report.text()
    assert ("train/alpha/train002.png", "alpha is") in errors and "40x30" in report.text()
    assert any(e.path.endswith("bg/bg000.png") for e in report.errors)
    warnings = " ".join(str(w) for w in report.warnings)
    assert "val000.png: alpha is entirely transparent" in warnings
    assert "trimap.png: trimap has values" in warnings
    assert report.to_dict()["ok"] is False


def test_paired_validation_warns_about_lonely_files(paired_ds, tmp_path):
    import shutil

    ds = tmp_path / "p"
    shutil.copytree(paired_ds, ds)
    (ds / "train/alpha/train003.png").unlink()
    report = validation.validate(ds)
    assert report.ok and report.train_count == 3
    assert any("train003.png" in w.path and "no partner" in w.message for w in report.warnings)


def test_poly_schedule_matches_paddle():
    import paddle

    rec = config.recipe("ppmattingv2-stdc1-human_512")
    iters = 200  # warm-up scales to 2 iterations
    sched = paddle.optimizer.lr.LinearWarmup(
        paddle.optimizer.lr.PolynomialDecay(0.01, decay_steps=iters - 2, end_lr=0, power=0.9), 2, 1e-5, 0.01)
    for it in range(iters):
        np.testing.assert_allclose(schedules.learning_rate(rec, 0.01, iters, it), sched(), rtol=1e-6, atol=1e-12)
        sched.step()


def test_piecewise_and_constant_schedules():
    rec = config.recipe("modnet-mobilenetv2")
    lrs = [schedules.learning_rate(rec, 0.02, 100, it) for it in (0, 39, 40, 79, 80, 99)]
    np.testing.assert_allclose(lrs, [0.02, 0.02, 0.002, 0.002, 0.0002, 0.0002])
    assert schedules.learning_rate(rec, 0.002, 100, 50) == pytest.approx(0.0002)  # scaled with the base rate
    assert schedules.learning_rate(config.recipe("dim-vgg16"), 1e-3, 10, 9) == 1e-3


def test_defaults_from_scratch_and_fine_tuning():
    scratch = config.TrainConfig("ppmattingv2-stdc1-human_512", "d", "r").resolved()
    assert (scratch.iters, scratch.batch_size, scratch.lr, scratch.size) == (100_000, 16, 0.01, 512)
    ft = config.TrainConfig("modnet-mobilenetv2", "d", "r", weights="official", size=100).resolved()
    assert (ft.iters, ft.batch_size, ft.size) == (config.FINETUNE_ITERS, 4, 128)
    assert ft.lr == pytest.approx(0.002) and ft.save_every == ft.eval_every == 200
    assert config.TrainConfig("human_matting-resnet34_vd", "d", "r", size=300).resolved().size == 384
    assert config.recipe("ppmatting-hrnet_w18-human_1024").size == 1024


def test_device_and_memory_estimate():
    from training import device

    dev = device.select("cpu")
    assert dev.kind == "cpu" and not dev.amp and dev.describe() == "CPU"
    small = device.memory_estimate("modnet-mobilenetv2", 2, 256)
    assert small < device.memory_estimate("modnet-mobilenetv2", 4, 256) < device.memory_estimate(
        "modnet-mobilenetv2", 4, 512)
    assert device.memory_estimate("modnet-mobilenetv2", 4, 512, amp=True) < device.memory_estimate(
        "modnet-mobilenetv2", 4, 512)


def test_deploy_yaml_is_readable_by_the_store():
    import re

    from training.export import deploy_yaml

    text = deploy_yaml("ppmattingv2-stdc1-human_512")
    assert re.search(r"^Deploy\s*:", text, re.M) and "ModelName: PPMattingV2" in text
    assert "max_short: 512" in text and "mult_int: 32" in text
    assert "type: LimitLong" in deploy_yaml("dim-vgg16")
