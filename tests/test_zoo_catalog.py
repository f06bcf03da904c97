"""The model catalog (the zoo table of issue 6) and the network fingerprints behind checkpoint identification."""
from __future__ import annotations

import json

import pytest

from backends.models.specs import NETWORKS
from backends.zoo import catalog, fingerprints
from backends.zoo.checkpoint import closest, identify

BASE = "https://paddleseg.bj.bcebos.com/matting/models"

# id: (network, inference zip, SAD, MSE, Params(M), GFLOPs, FPS) as published
TABLE = {
    "ppmattingv2-512": ("ppmattingv2-stdc1-human_512", "ppmattingv2-stdc1-human_512.zip",
                        40.59, 0.0038, 8.95, 7.51, 98.89),
    "ppmatting-512": ("ppmatting-hrnet_w18-human_512", "ppmatting-hrnet_w18-human_512.zip",
                      31.56, 0.0022, 24.5, 91.28, 28.9),
    "ppmatting-1024": ("ppmatting-hrnet_w18-human_1024", "ppmatting-hrnet_w18-human_1024.zip",
                       66.22, 0.0088, 24.5, 91.28, 13.4),
    "pp-humanmatting": ("human_matting-resnet34_vd", "pp-humanmatting-resnet34_vd.zip",
                        53.15, 0.0054, 63.9, 135.8, 32.8),
    "modnet-mobilenetv2": ("modnet-mobilenetv2", "modnet-mobilenetv2.zip", 50.07, 0.0053, 6.5, 15.7, 68.4),
    "modnet-resnet50_vd": ("modnet-resnet50_vd", "modnet-resnet50_vd.zip", 39.01, 0.0038, 92.2, 151.6, 29.0),
    "modnet-hrnet_w18": ("modnet-hrnet_w18", "modnet-hrnet_w18.zip", 35.55, 0.0035, 10.2, 28.5, 62.6),
    "dim-vgg16": ("dim-vgg16", "dim-vgg16.zip", 32.31, 0.0233, 28.4, 175.5, 30.4),
}


def test_the_eight_models_of_the_zoo_table(monkeypatch):
    monkeypatch.delenv(catalog.MIRROR_ENV, raising=False)
    assert catalog.ids() == list(TABLE)
    assert {e.network for e in catalog.entries()} == set(NETWORKS)
    for e in catalog.entries():
        network, zip_name, sad, mse, params, gflops, fps = TABLE[e.id]
        assert e.network == network
        assert e.checkpoint_url() == f"{BASE}/{network}.pdparams"
        assert e.inference_url() == f"{BASE}/deploy/{zip_name}"
        assert (e.sad, e.mse, e.params_m, e.gflops, e.fps) == (sad, mse, params, gflops, fps)
        assert e.needs_trimap == NETWORKS[network].needs_trimap == (e.id == "dim-vgg16")
        assert e.licence == "Apache-2.0"
        assert e.name and e.config.endswith(f"{network}.yml")
        assert 10 < e.checkpoint_mb < 400 and 10 < e.inference_mb < 400


def test_recommendations():
    assert catalog.recommended("speed").id == "ppmattingv2-512"
    assert catalog.recommended("quality").id == "ppmatting-512"
    assert [e.id for e in catalog.entries() if e.recommended] == ["ppmattingv2-512", "ppmatting-512"]
    with pytest.raises(KeyError, match="speed"):
        catalog.recommended("fun")


def test_mirror_override(monkeypatch):
    entry = catalog.get("modnet-mobilenetv2")
    monkeypatch.setenv(catalog.MIRROR_ENV, "http://mirror.example/zoo/")
    assert entry.checkpoint_url() == "http://mirror.example/zoo/modnet-mobilenetv2.pdparams"
    assert entry.inference_url() == "http://mirror.example/zoo/deploy/modnet-mobilenetv2.zip"
    assert entry.checkpoint_url("file:///srv/m") == "file:///srv/m/modnet-mobilenetv2.pdparams"
    monkeypatch.delenv(catalog.MIRROR_ENV)
    assert catalog.mirror_base() == catalog.DEFAULT_MIRROR == BASE


def test_lookups():
    with pytest.raises(KeyError, match="ppmattingv2-512"):
        catalog.get("modnet")
    assert catalog.find("modnet") is None
    assert [e.id for e in catalog.by_network("ppmatting-hrnet_w18-human_1024")] == ["ppmatting-1024"]
    assert catalog.by_filename("ppmatting-hrnet_w18-human_1024.pdparams").id == "ppmatting-1024"
    assert catalog.by_filename("/x/pp-humanmatting-resnet34_vd.zip").id == "pp-humanmatting"
    assert catalog.by_filename("pp-humanmatting-resnet34_vd").id == "pp-humanmatting"
    assert catalog.by_filename("model.pdparams") is None


def _manifests(reference_dir):
    return {p.stem: json.loads(p.read_text()) for p in sorted((reference_dir / "manifests").glob("*.json"))}


def test_fingerprints_match_the_reference_manifests(reference_dir):
    manifests = _manifests(reference_dir)
    assert set(manifests) == set(fingerprints.FINGERPRINTS) == set(NETWORKS)
    for name, manifest in manifests.items():
        assert fingerprints.from_manifest(manifest) == fingerprints.FINGERPRINTS[name], name


def test_sizes_and_params_agree_with_the_manifests(reference_dir):
    manifests = _manifests(reference_dir)
    for e in catalog.entries():
        m = manifests[e.network]
        assert e.checkpoint_mb == pytest.approx(m["total_numel"] * 4 / 1e6, rel=0.05), e.id
        assert e.params_m == pytest.approx(m["table_params_M"]) and e.gflops == pytest.approx(m["table_gflops"])


def test_every_manifest_is_identified_as_its_own_network(reference_dir):
    for name, manifest in _manifests(reference_dir).items():
        shapes = {k: s for k, s, _ in manifest["state_dict"]}
        found = identify(shapes)
        assert name in found
        assert len(found) == 1 or set(found) == {"ppmatting-hrnet_w18-human_512", "ppmatting-hrnet_w18-human_1024"}
        optional = manifest.get("non_trainable_keys_not_bn_stats") or []
        assert name in identify({k: s for k, s in shapes.items() if k not in optional})  # fixed buffer left out
        assert closest(shapes)[0] in found
