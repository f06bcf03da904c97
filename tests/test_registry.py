"""Backend discovery through entry points: listing, creation, unknown ids and broken plugins."""
from __future__ import annotations

from importlib import metadata

import numpy as np
import pytest

from backends import registry
from backends.contract import Backend, BackendError, BackendInfo, check_trimap


def test_builtins_are_declared_as_entry_points():
    ids = registry.ids()
    assert ids[0] == "auto"  # the default comes first
    for expected in ("auto", "auto-fast", "closed-form", "knn", "lkm"):
        assert expected in ids
    for entry in registry.list_backends():
        assert entry.info is not None, entry.error
        assert isinstance(entry.info, BackendInfo) and entry.info.id == entry.id


def test_declared_needs_are_visible_without_loading():
    assert registry.info("closed-form").needs_trimap is True
    assert registry.info("auto").needs_trimap is False


def test_unknown_backend_names_the_known_ones():
    with pytest.raises(BackendError, match=r"unknown backend 'nope'.*closed-form"):
        registry.create("nope")


def test_broken_plugin_is_reported_not_fatal(monkeypatch):
    real = registry._entry_points()
    broken = metadata.EntryPoint(name="broken", value="no_such_module_xyz:Backend", group=registry.GROUP)
    monkeypatch.setattr(registry, "_entry_points", lambda: real + [broken])
    entries = {e.id: e for e in registry.list_backends()}
    assert entries["broken"].info is None and "no_such_module_xyz" in entries["broken"].error
    assert not entries["broken"].readiness().ready
    assert entries["closed-form"].info is not None
    with pytest.raises(BackendError, match="failed to load"):
        registry.create("broken")


def test_trimap_validation():
    with pytest.raises(BackendError, match="needs a trimap"):
        check_trimap(None, (4, 4), "x")
    with pytest.raises(BackendError, match="trimap is 3x4 but the image is 4x4"):
        check_trimap(np.zeros((4, 3), np.uint8), (4, 4), "x")
    t = check_trimap(np.array([[0, 100, 128, 250]], np.uint8), (1, 4), "x")
    assert t.tolist() == [[0, 128, 128, 255]]
    assert check_trimap(np.array([[0.0, 0.5, 1.0]]), (1, 3), "x").tolist() == [[0, 128, 255]]


def test_instances_are_shared_per_backend_and_options():
    from backends.contract import BackendOptions

    cpu, one = BackendOptions("cpu"), BackendOptions("cpu", threads=1)
    a = registry.create("closed-form", cpu)
    assert registry.create("closed-form", BackendOptions("CPU")) is a  # same options: the same instance
    b = registry.create("closed-form", one)
    assert b is not a and b.options == one and a.options == cpu
    registry.forget(keep=one)  # what the app does when the preferences change
    assert registry.create("closed-form", one) is b
    assert registry.create("closed-form", cpu) is not a
    with pytest.raises(ValueError, match="unknown device"):
        BackendOptions("tpu")


def test_a_user_model_is_one_instance_loaded_once(reference_dir, tmp_path, monkeypatch):
    from backends.zoo import store

    monkeypatch.setenv("MATTING_STUDIO_HOME", str(tmp_path / "home"))
    registry.forget()
    store.import_path(reference_dir / "official-format" / "modnet-mobilenetv2.pdparams", model_id="mine")
    first = registry.get("mine")
    runtime = first.runtime
    registry.list_backends()  # listing reads the store again
    second = registry.get("mine")
    assert second is first and second.runtime is runtime  # not made, nor loaded, again
    registry.forget()


class _Made(Backend):
    info = BackendInfo(id="made-by-a-function", name="Made by a function")

    def predict(self, image, trimap=None):
        return np.zeros(image.shape[:2], np.float32)


def make_backend(options=None):
    """A plugin's entry point may name a function that makes the backend (it declares ``info`` too)."""
    return _Made(options)


make_backend.info = _Made.info


def test_a_plugin_made_by_a_function_is_one_shared_instance(monkeypatch):
    real = registry._entry_points()
    ep = metadata.EntryPoint(name="made-by-a-function", value=f"{__name__}:make_backend", group=registry.GROUP)
    monkeypatch.setattr(registry, "_entry_points", lambda: real + [ep])
    registry.forget("made-by-a-function")
    assert registry.info("made-by-a-function").name == "Made by a function"
    first = registry.create("made-by-a-function")
    assert registry.create("made-by-a-function") is first  # was: TypeError from isinstance(instance, function)
    registry.forget("made-by-a-function")
