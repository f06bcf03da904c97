"""Check that weights belong to the network they are loaded into, and read / extract inference-model folders.

Both official formats: a dygraph ``.pdparams`` (see :mod:`safe_pickle`) and an inference model (a zip or folder
holding ``model.pdmodel`` or ``model.json``, ``model.pdiparams`` and ``deploy.yaml``). Identification uses the
cheap :mod:`fingerprints`; only when a checkpoint does not match the network it is meant for is that network built
(with paddle) to list exactly which keys are missing, unexpected or of the wrong shape.
"""
from __future__ import annotations

import contextlib
import functools
import math
import os
import re
import struct
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Callable, Mapping, Sequence

import numpy as np

from ..folders import write_dir
from . import catalog
from .fingerprints import FINGERPRINTS, Shapes, digest, prefixes
from .safe_pickle import CheckpointReadError, load_pdparams


class CheckpointError(ValueError):
    """Weights that cannot be used for the requested network; the message says what is wrong."""


class WrongModelError(CheckpointError):
    """The weights belong to another network."""


class InferenceModelError(CheckpointError):
    """An inference-model zip or folder that is incomplete or damaged."""


def network_label(network: str) -> str:
    names = sorted({e.name for e in catalog.by_network(network)})
    return f"{' / '.join(names)} ({network})" if names else network


def _labels(networks: Sequence[str]) -> str:
    if len(networks) > 1 and {n.rsplit("_", 1)[0] for n in networks} == {"ppmatting-hrnet_w18-human"}:
        return "PP-Matting (ppmatting-hrnet_w18-human, 512 or 1024: same weights layout)"
    return " or ".join(network_label(n) for n in networks)


# ---------------------------------------------------------------- state dicts


def shapes_of(state: Mapping[str, np.ndarray] | Shapes) -> dict[str, tuple[int, ...]]:
    return {k: tuple(int(d) for d in getattr(v, "shape", v)) for k, v in state.items()}


def identify(state: Mapping[str, np.ndarray] | Shapes) -> list[str]:
    """The zoo networks whose state dict has exactly these keys and shapes (empty if none)."""
    shapes = shapes_of(state)
    return [name for name, fp in FINGERPRINTS.items() if digest(shapes, fp.optional) == fp.digest]


def closest(state: Mapping[str, np.ndarray] | Shapes, threshold: float = 0.6) -> tuple[str, float] | None:
    """The network whose key layout (two-level prefixes) is most like this one's, with the Jaccard similarity."""
    mine = prefixes(state)
    best = max(((name, len(mine & fp.prefixes) / len(mine | fp.prefixes)) for name, fp in FINGERPRINTS.items()),
               key=lambda item: item[1])
    return best if best[1] >= threshold else None


@functools.lru_cache(maxsize=4)
def expected_shapes(network: str) -> dict[str, tuple[int, ...]]:
    """Keys and shapes of the network's own ``state_dict()`` (builds it once with paddle; slow, used on errors)."""
    from backends.models import build_with_weights

    net = build_with_weights(network)
    return {k: tuple(int(d) for d in v.shape) for k, v in net.state_dict().items()}


def check_state(state: Mapping[str, np.ndarray], network: str, expected: Shapes | None = None,
                source: str = "checkpoint") -> None:
    """Raise :class:`CheckpointError` unless ``state`` loads into ``network`` with no missing/unexpected key.

    ``expected`` (key -> shape) replaces building the network, e.g. a reference manifest. Optional keys (fixed
    buffers the network constructs itself) may be absent.
    """
    bad_dtype = [k for k, v in state.items() if not np.issubdtype(v.dtype, np.floating)]
    if bad_dtype:
        raise CheckpointError(f"{source}: entries are not floating-point weights: {_few(bad_dtype)}")
    shapes = shapes_of(state)
    matches = identify(shapes)
    if expected is None and network in matches:
        return
    if matches and network not in matches:
        raise WrongModelError(f"{source}: this checkpoint is for {_labels(matches)}, not for {network_label(network)}")
    fp = FINGERPRINTS.get(network)
    optional = set(fp.optional) if fp else set()
    if expected is None:
        try:
            expected = expected_shapes(network)
        except Exception as exc:  # noqa: BLE001 - the network cannot be built here: explain with the fingerprint alone
            raise CheckpointError(f"{source}: does not match {network_label(network)} "
                                  f"({_prefix_diff(shapes, network)}; building the network to list the "
                                  f"differences failed: {exc})") from None
    wanted = {k: tuple(v) for k, v in expected.items()}
    problems = _diff(shapes, wanted, optional)
    if not problems:
        return
    guess = closest(shapes)
    if guess and guess[0] != network and _similarity(shapes, network) < guess[1]:
        common = sum(1 for k in wanted if k in shapes)
        raise WrongModelError(f"{source}: this checkpoint looks like {network_label(guess[0])}, not "
                              f"{network_label(network)} (it has {common} of the {len(wanted)} keys "
                              f"{network} needs, and {len(shapes) - common} others)")
    raise CheckpointError(f"{source}: does not fit {network_label(network)}: {problems}")


def _diff(shapes: Mapping[str, tuple[int, ...]], expected: Mapping[str, tuple[int, ...]], optional: set[str]) -> str:
    missing = [k for k in expected if k not in shapes and k not in optional]
    unexpected = [k for k in shapes if k not in expected]
    wrong = [f"{k} {list(shapes[k])} (expected {list(expected[k])})"
             for k in shapes if k in expected and shapes[k] != expected[k]]
    parts = [f"{len(v)} {what}: {_few(v)}" for what, v in
             (("missing keys", missing), ("unexpected keys", unexpected), ("shape mismatches", wrong)) if v]
    return "; ".join(parts)


def _prefix_diff(shapes: Mapping[str, tuple[int, ...]], network: str) -> str:
    fp = FINGERPRINTS.get(network)
    if fp is None:
        return "unknown network"
    mine = prefixes(shapes)
    return (f"{len(shapes)} entries, expected {fp.entries}; missing parts: {_few(sorted(fp.prefixes - mine))}; "
            f"unexpected parts: {_few(sorted(mine - fp.prefixes))}")


def _similarity(shapes: Mapping[str, tuple[int, ...]], network: str) -> float:
    fp = FINGERPRINTS.get(network)
    mine = prefixes(shapes)
    return len(mine & fp.prefixes) / len(mine | fp.prefixes) if fp else 0.0


def _few(items: Sequence[str], n: int = 5) -> str:
    shown = ", ".join(items[:n])
    return shown + (f" ... (+{len(items) - n} more)" if len(items) > n else "") if items else "none"


def load_checkpoint(path: str | Path, network: str | None = None) -> dict[str, np.ndarray]:
    """Safely load a ``.pdparams``; when ``network`` is given, check it fits (raises :class:`CheckpointError`)."""
    state = load_pdparams(path)
    if network is not None:
        check_state(state, network, source=str(path))
    return state


def identify_file(path: str | Path) -> tuple[dict[str, np.ndarray], list[str]]:
    """Load a ``.pdparams`` and name the networks it fits; raises :class:`WrongModelError` if it fits none."""
    state = load_pdparams(path)
    matches = identify(state)
    if matches:
        return state, matches
    guess = closest(state)
    hint = (f"; it looks most like {network_label(guess[0])} but has {_prefix_diff(shapes_of(state), guess[0])}"
            if guess else "; its layout matches none of the zoo networks")
    raise WrongModelError(f"{path}: not a checkpoint of any zoo model ({len(state)} entries){hint}")


# ---------------------------------------------------------------- inference models

PROGRAMS = ("model.pdmodel", "model.json")
PARAMS = "model.pdiparams"
DEPLOY = "deploy.yaml"
_MODEL_NAMES = {"PPMattingV2": ["ppmattingv2-stdc1-human_512"],
                "PPMatting": ["ppmatting-hrnet_w18-human_512", "ppmatting-hrnet_w18-human_1024"],
                "HumanMatting": ["human_matting-resnet34_vd"],
                "MODNet": ["modnet-mobilenetv2", "modnet-resnet50_vd", "modnet-hrnet_w18"],
                "DIM": ["dim-vgg16"]}
# paddle VarType codes -> bytes per value (BOOL, INT16, INT32, INT64, FP16, FP32, FP64, UINT8, INT8, BF16, C64, C128)
_ITEMSIZE = {0: 1, 1: 2, 2: 4, 3: 8, 4: 2, 5: 4, 6: 8, 20: 1, 21: 1, 22: 2, 23: 8, 24: 16}


@dataclass(frozen=True)
class InferenceModel:
    source: Path
    folder: str  # the folder inside the zip (or the directory) holding the files, "" for the top
    program: str  # "model.pdmodel" (legacy program) or "model.json" (PIR)
    model_name: str | None  # deploy.yaml's ModelName
    transforms: tuple[str, ...]
    sizes: tuple[int, ...]  # sizes named by the transforms (short_size, max_short, ...)
    tensors: int
    numel: int
    size_bytes: int


def read_inference_model(path: str | Path) -> InferenceModel:
    """Open an inference-model zip or folder, check it is complete and undamaged, and summarise it."""
    path = Path(path)
    if path.is_dir():
        return _read_dir(path)
    if not path.exists():
        raise InferenceModelError(f"{path}: no such file or folder")
    if not zipfile.is_zipfile(path):
        raise InferenceModelError(f"{path}: not a zip archive (truncated download?)")
    try:
        with zipfile.ZipFile(path) as zf:
            names = {n: n for n in zf.namelist() if not n.endswith("/")}
            folder, program = _locate(names, path)
            for n in (program, PARAMS, DEPLOY):
                info = zf.getinfo(_join(folder, n))
                _check_size(path, n, info.file_size, info.compress_size)
            size = sum(zf.getinfo(_join(folder, n)).file_size for n in (program, PARAMS, DEPLOY))
            deploy = zf.read(_join(folder, DEPLOY)).decode("utf-8", "replace")
            with zf.open(_join(folder, program)) as f:  # reading to the end checks the CRC
                while f.read(1 << 20):
                    pass
            with zf.open(_join(folder, PARAMS)) as f:
                tensors, numel = _scan_params(f, f"{path}:{_join(folder, PARAMS)}")
    except (zipfile.BadZipFile, OSError, EOFError, zlib.error) as exc:
        raise InferenceModelError(f"{path}: damaged zip ({exc})") from None
    return _summary(path, folder, program, deploy, tensors, numel, size)


def _read_dir(path: Path) -> InferenceModel:
    names = {str(p.relative_to(path)).replace(os.sep, "/"): str(p) for p in path.rglob("*") if p.is_file()}
    folder, program = _locate(names, path)
    base = path / folder
    for n in (program, PARAMS, DEPLOY):
        _check_size(path, n, (base / n).stat().st_size)
    deploy = (base / DEPLOY).read_text("utf-8", "replace")
    with (base / PARAMS).open("rb") as f:
        tensors, numel = _scan_params(f, str(base / PARAMS))
    size = sum((base / n).stat().st_size for n in (program, PARAMS, DEPLOY))
    return _summary(path, folder, program, deploy, tensors, numel, size)


#: the largest file of each kind an inference model may hold (the zoo's largest weights are about 110 MB)
MAX_MEMBER_BYTES = {PARAMS: 1 << 30, DEPLOY: 1 << 20}
MAX_PROGRAM_BYTES = 256 << 20
#: the most a member may expand from its compressed size: weights barely compress; program text about 10x
MAX_RATIO = {PARAMS: 20.0, DEPLOY: 200.0}
MAX_PROGRAM_RATIO = 200.0


def _check_size(source: Path, name: str, size: int, compressed: int | None = None) -> None:
    """Refuse a member that is too large, or (in a zip) expands far more than its kind can: a zip bomb."""
    limit = MAX_MEMBER_BYTES.get(name, MAX_PROGRAM_BYTES)
    if size > limit:
        raise InferenceModelError(f"{source}: {name} is {size / 1e6:.0f} MB, more than the {limit / 1e6:.0f} MB an "
                                  "inference model needs; refused")
    ratio = MAX_RATIO.get(name, MAX_PROGRAM_RATIO)
    if compressed is not None and size > (1 << 20) and size > ratio * max(compressed, 1):
        raise InferenceModelError(f"{source}: {name} would expand {size / max(compressed, 1):.0f} times "
                                  f"(to {size / 1e6:.0f} MB): not a model file (a zip bomb?); refused")


def _join(folder: str, name: str) -> str:
    return f"{folder}/{name}" if folder else name


def _locate(names: Mapping[str, str], source: Path) -> tuple[str, str]:
    """The folder holding the params file and the program, the shallowest one; clear error on what is missing."""
    candidates = sorted((n.rsplit("/", 1)[0] if "/" in n else "" for n in names if n.rsplit("/", 1)[-1] == PARAMS),
                        key=lambda f: f.count("/"))
    if not candidates:
        raise InferenceModelError(f"{source}: no {PARAMS} inside; an inference model holds "
                                  f"model.pdmodel (or model.json), {PARAMS} and {DEPLOY}")
    folder = candidates[0]
    program = next((p for p in PROGRAMS if _join(folder, p) in names), None)
    if program is None:
        raise InferenceModelError(f"{source}: {_join(folder, PARAMS)} has no model.pdmodel or model.json beside it")
    if _join(folder, DEPLOY) not in names:
        raise InferenceModelError(f"{source}: {DEPLOY} is missing beside {_join(folder, program)}")
    return folder, program


def _summary(path: Path, folder: str, program: str, deploy: str, tensors: int, numel: int,
             size: int) -> InferenceModel:
    if not re.search(r"^Deploy\s*:", deploy, re.M):
        raise InferenceModelError(f"{path}: {DEPLOY} has no 'Deploy:' section; not an exported PaddleSeg model")
    name = re.search(r"^ModelName\s*:\s*['\"]?([\w.-]+)", deploy, re.M)
    transforms = tuple(re.findall(r"type\s*:\s*['\"]?(\w+)", deploy))
    sizes = tuple(int(s) for s in re.findall(r"(?:short_size|max_short|max_long|long_size|target_size)\s*:\s*(\d+)",
                                              deploy))
    return InferenceModel(path, folder, program, name.group(1) if name else None, transforms, sizes, tensors, numel,
                          size)


def _read_exact(f: IO[bytes], n: int, what: str, where: str) -> bytes:
    data = f.read(n)
    if len(data) != n:
        raise InferenceModelError(f"{where} is truncated (ends inside {what})")
    return data


def _skip(f: IO[bytes], n: int, what: str, where: str) -> None:
    while n > 0:
        got = len(f.read(min(n, 1 << 20)))
        if got == 0:
            raise InferenceModelError(f"{where} is truncated (ends inside {what})")
        n -= got


def _scan_params(f: IO[bytes], where: str) -> tuple[int, int]:
    """Walk a combined ``.pdiparams`` (serialised tensors back to back); return (tensor count, total values)."""
    tensors = numel = 0
    while True:
        head = f.read(4)
        if not head:
            break
        what = f"tensor {tensors}"
        head += _read_exact(f, 12 - len(head), what, where)
        (lod_levels,) = struct.unpack("<Q", head[4:12])
        if lod_levels > 64:
            raise InferenceModelError(f"{where}: not a Paddle params file (bad header at {what})")
        for _ in range(lod_levels):
            (n,) = struct.unpack("<Q", _read_exact(f, 8, what, where))
            _skip(f, n, what, where)
        _, desc_len = struct.unpack("<Ii", _read_exact(f, 8, what, where))
        if not 0 <= desc_len <= 4096:
            raise InferenceModelError(f"{where}: not a Paddle params file (bad tensor description at {what})")
        dtype, dims = _tensor_desc(_read_exact(f, desc_len, what, where), where)
        count = math.prod(dims)
        _skip(f, count * _ITEMSIZE.get(dtype, 4), what, where)
        tensors += 1
        numel += count
    if tensors == 0:
        raise InferenceModelError(f"{where} is empty")
    return tensors, numel


def _tensor_desc(buf: bytes, where: str) -> tuple[int, list[int]]:
    """Parse the TensorDesc protobuf: field 1 data_type, field 2 dims (plain or packed varints)."""
    dtype, dims, i = -1, [], 0

    def varint() -> int:
        nonlocal i
        shift = value = 0
        while True:
            if i >= len(buf):
                raise InferenceModelError(f"{where}: damaged tensor description")
            byte = buf[i]
            i += 1
            value |= (byte & 0x7F) << shift
            shift += 7
            if not byte & 0x80:
                return value

    while i < len(buf):
        tag = varint()
        if tag == 0x08:
            dtype = varint()
        elif tag == 0x10:
            dims.append(varint())
        elif tag == 0x12:
            end = i + varint()
            while i < end:
                dims.append(varint())
        else:
            raise InferenceModelError(f"{where}: damaged tensor description (field tag {tag})")
    if dtype not in _ITEMSIZE:
        raise InferenceModelError(f"{where}: unknown tensor data type {dtype}")
    return dtype, [d - (1 << 64) if d >= 1 << 63 else d for d in dims]


def identify_inference_model(model: InferenceModel) -> list[str]:
    """The zoo networks this inference model can be (by file / folder name, else ModelName, sizes and size)."""
    for name in (model.source.name, model.folder.rsplit("/", 1)[-1]):
        entry = catalog.by_filename(name) if name else None
        if entry is not None:
            return [entry.network]
    networks = _MODEL_NAMES.get(model.model_name or "", [])
    if len(networks) > 1 and any(n.startswith("ppmatting-") for n in networks):
        by_size = [n for n in networks if any(n.endswith(f"_{s}") for s in model.sizes)]
        networks = by_size or networks
    if len(networks) > 1:  # several backbones: the one whose parameter count is nearest
        best = min(networks, key=lambda n: abs(math.log(max(model.numel, 1) / FINGERPRINTS[n].numel)))
        networks = [n for n in networks if FINGERPRINTS[n].numel == FINGERPRINTS[best].numel]
    return networks


def extract_inference_model(source: str | Path, dest: str | Path,
                            check: Callable[[Path], None] | None = None) -> Path:
    """Copy the three files of an inference model (zip or folder) into ``dest`` atomically; return ``dest``.

    The files land flat in ``dest`` (``model.pdmodel``/``model.json``, ``model.pdiparams``, ``deploy.yaml``);
    nothing else from the archive is written, so no member path can escape ``dest``. Each copy stops at the size
    its header declared (checked against the limits above). ``check(folder)`` may refuse the copied files before
    they replace ``dest``.
    """
    model = read_inference_model(source)

    def write(tmp: Path) -> None:
        with contextlib.ExitStack() as stack:
            zf = None if model.source.is_dir() else stack.enter_context(zipfile.ZipFile(model.source))
            for name in (model.program, PARAMS, DEPLOY):
                member = _join(model.folder, name)
                src = open(model.source / member, "rb") if zf is None else zf.open(member)
                with src, open(tmp / name, "wb") as out:
                    _copy_at_most(src, out, MAX_MEMBER_BYTES.get(name, MAX_PROGRAM_BYTES), model.source, name)
        if check is not None:
            check(tmp)

    return write_dir(dest, write)


def _copy_at_most(src: IO[bytes], out: IO[bytes], limit: int, source: Path, name: str) -> None:
    copied = 0
    while block := src.read(1 << 20):
        copied += len(block)
        if copied > limit:
            raise InferenceModelError(f"{source}: {name} is larger than the {limit / 1e6:.0f} MB allowed; refused")
        out.write(block)


__all__ = ["CheckpointError", "CheckpointReadError", "InferenceModel", "InferenceModelError", "WrongModelError",
           "check_state", "closest", "expected_shapes", "extract_inference_model", "identify", "identify_file",
           "identify_inference_model", "load_checkpoint", "network_label", "read_inference_model", "shapes_of"]
