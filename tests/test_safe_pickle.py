"""The restricted unpickler: official checkpoints load, anything that could run code is refused before it runs."""
from __future__ import annotations

import collections
import json
import os
import pickle

import numpy as np
import pytest

from backends.zoo.safe_pickle import (EXTRA_KEY, CheckpointReadError, UnsafePickleError, load_pdparams,
                                      restricted_loads)


class _RunsCommand:
    def __init__(self, marker):
        self.marker = marker

    def __reduce__(self):
        return os.system, (f"touch {self.marker}",)


class _Evals:
    def __reduce__(self):
        return eval, ("__import__('os').getcwd()",)


def _official(reference_dir):
    return reference_dir / "official-format" / "modnet-mobilenetv2.pdparams"


def test_official_checkpoint_loads_with_exactly_the_manifest_keys(reference_dir):
    state = load_pdparams(_official(reference_dir))
    manifest = json.loads((reference_dir / "manifests" / "modnet-mobilenetv2.json").read_text())
    assert list(state) == [k for k, _, _ in manifest["state_dict"]]  # same keys, same order, no extra entry
    assert EXTRA_KEY not in state
    for key, shape, dtype in manifest["state_dict"]:
        assert state[key].shape == tuple(shape) and state[key].dtype == np.dtype(dtype)


def test_official_checkpoint_values_equal_a_plain_unpickle(reference_dir):
    path = _official(reference_dir)
    with path.open("rb") as f:
        trusted = pickle.load(f)  # the reference file is trusted; this only checks the values we build
    mine = load_pdparams(path, keep_extra=True)
    assert mine[EXTRA_KEY] == trusted[EXTRA_KEY]
    for key in list(mine)[:-1:37]:
        np.testing.assert_array_equal(mine[key], trusted[key])


def test_command_in_a_pickle_is_refused_and_never_runs(tmp_path):
    marker = tmp_path / "pwned"
    payload = {"backbone.conv1.weight": np.zeros((2, 2), np.float32), "evil": _RunsCommand(marker)}
    for protocol in (2, 4, 5):
        path = tmp_path / f"evil{protocol}.pdparams"
        path.write_bytes(pickle.dumps(payload, protocol=protocol))
        with pytest.raises(UnsafePickleError) as info:
            load_pdparams(path)
        message = str(info.value)
        assert str(path) in message and "system" in message and "refused global" in message
    assert not marker.exists()


@pytest.mark.parametrize("evil", [_Evals(), collections.Counter, pickle.Pickler])
def test_other_globals_are_refused(evil):
    with pytest.raises(UnsafePickleError, match="refused global"):
        restricted_loads(pickle.dumps(evil, protocol=4))


def test_object_arrays_are_refused():
    with pytest.raises(UnsafePickleError, match="object"):
        restricted_loads(pickle.dumps(np.array([1, "a"], dtype=object), protocol=4))


def test_latin1_codec_only():
    data = pickle.dumps(b"abc", protocol=2)
    assert restricted_loads(data) == b"abc"
    with pytest.raises(UnsafePickleError, match="only latin-1"):
        restricted_loads(data.replace(b"latin1", b"rot_13"))


@pytest.mark.parametrize("protocol", [0, 2, 3, 4, 5])
def test_numpy_arrays_and_containers_of_every_protocol(protocol):
    data = collections.OrderedDict(a=np.arange(12, dtype=np.float32).reshape(3, 4), b=[np.float16(2), (1, 2.5)],
                                   c={"n": np.int64(7)})
    out = restricted_loads(pickle.dumps(data, protocol=protocol))
    np.testing.assert_array_equal(out["a"], data["a"])
    assert out["b"][0] == 2 and out["b"][1] == (1, 2.5) and out["c"]["n"] == 7


def test_numpy1_names_as_paddle2_wrote_them():
    """paddle 2.x with numpy 1.x named ``numpy.core.multiarray``; numpy 2 writes ``numpy._core``: both load."""
    arr = np.arange(6, dtype=np.float32).reshape(2, 3)
    p2 = pickle.dumps({"w": arr}, protocol=2).replace(b"numpy._core.multiarray", b"numpy.core.multiarray")
    assert b"numpy.core.multiarray" in p2
    np.testing.assert_array_equal(restricted_loads(p2)["w"], arr)
    p4 = pickle.dumps({"w": arr}, protocol=4)
    old, new = b"\x8c\x16numpy._core.multiarray", b"\x8c\x15numpy.core.multiarray"
    assert p4.count(old) == 1 and p4[2] == 0x95  # one frame: fix its length
    frame = int.from_bytes(p4[3:11], "little") - 1
    p4 = p4[:3] + frame.to_bytes(8, "little") + p4[11:].replace(old, new)
    np.testing.assert_array_equal(restricted_loads(p4)["w"], arr)


def test_truncated_checkpoint_names_the_file(reference_dir, tmp_path):
    data = _official(reference_dir).read_bytes()
    for cut in (len(data) // 2, 100, 0):
        path = tmp_path / f"cut{cut}.pdparams"
        path.write_bytes(data[:cut])
        with pytest.raises(CheckpointReadError, match="truncated") as info:
            load_pdparams(path)
        assert str(path) in str(info.value)


def test_not_a_pickle_and_other_content(tmp_path):
    text = tmp_path / "notes.pdparams"
    text.write_text("hello, this is not a checkpoint\n")
    with pytest.raises(CheckpointReadError, match="not a pickle"):
        load_pdparams(text)
    archive = tmp_path / "model.pdparams"
    archive.write_bytes(b"PK\x03\x04" + b"\x00" * 30)
    with pytest.raises(CheckpointReadError, match="zip archive"):
        load_pdparams(archive)
    listing = tmp_path / "list.pdparams"
    listing.write_bytes(pickle.dumps([1, 2, 3]))
    with pytest.raises(CheckpointReadError, match="not a dict"):
        load_pdparams(listing)
    optimizer = tmp_path / "model.pdopt"
    optimizer.write_bytes(pickle.dumps({"LR_Scheduler": {"last_epoch": 3}}))
    with pytest.raises(CheckpointReadError, match="not an array"):
        load_pdparams(optimizer)
    with pytest.raises(CheckpointReadError, match="no such file"):
        load_pdparams(tmp_path / "absent.pdparams")
