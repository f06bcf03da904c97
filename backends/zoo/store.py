"""The installed models: one folder per model id under ``backends.paths.models_dir()``.

A model folder holds ``model.pdparams`` (dygraph checkpoint) and/or ``inference/`` (``model.pdmodel`` or
``model.json``, ``model.pdiparams``, ``deploy.yaml``), and ``install.json`` (id, network, name, user model or not,
where it came from). A model counts as installed once ``install.json`` names files that exist; every file lands by
a rename from a temporary name beside it, so an interrupted install never looks installed. Ids of the catalog are
zoo models; any other id is a user model, registered with the network its weights fit.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from backends import paths

from . import catalog
from .checkpoint import (PARAMS, CheckpointError, WrongModelError, check_state, extract_inference_model, identify,
                         identify_file, identify_inference_model, network_label, read_inference_model)
from .fingerprints import FINGERPRINTS
from .safe_pickle import load_pdparams

CHECKPOINT = "model.pdparams"
INFERENCE = "inference"
META = "install.json"
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")


class StoreError(ValueError):
    """An import or removal that cannot be done; the message says why and what to do."""


@dataclass(frozen=True)
class InstalledModel:
    id: str
    network: str
    name: str
    path: Path
    user: bool
    checkpoint: Path | None  # model.pdparams, if installed
    inference: Path | None  # the inference-model folder, if installed
    size_bytes: int
    source: str = ""


def root() -> Path:
    return paths.models_dir()


def model_dir(model_id: str) -> Path:
    _check_id(model_id)
    return root() / model_id


def installed() -> list[InstalledModel]:
    """Every installed model, catalog models first in catalog order, then user models by id."""
    if not root().is_dir():
        return []
    found = [m for m in (get(p.name) for p in root().iterdir() if p.is_dir() and _ID.match(p.name)) if m]
    order = {mid: i for i, mid in enumerate(catalog.ids())}
    return sorted(found, key=lambda m: (order.get(m.id, len(order)), m.id))


def user_models() -> list[InstalledModel]:
    return [m for m in installed() if m.user]


def get(model_id: str) -> InstalledModel | None:
    """The installed model ``model_id``, or None when it is not (completely) installed."""
    if not _ID.match(model_id):
        return None
    folder = root() / model_id
    try:
        meta = json.loads((folder / META).read_text("utf-8"))
    except (OSError, ValueError):
        return None
    checkpoint = folder / CHECKPOINT if (folder / CHECKPOINT).is_file() else None
    inference = folder / INFERENCE if (folder / INFERENCE / PARAMS).is_file() else None
    if checkpoint is None and inference is None:
        return None
    size = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.name.startswith("."))
    return InstalledModel(model_id, meta["network"], meta.get("name", model_id), folder, bool(meta.get("user")),
                          checkpoint, inference, size, meta.get("source", ""))


def is_installed(model_id: str) -> bool:
    return get(model_id) is not None


def weights_path(model_id: str) -> Path | None:
    """The installed ``model.pdparams`` of ``model_id`` (None if only the inference model, or nothing, is there)."""
    model = get(model_id)
    return model.checkpoint if model else None


def inference_path(model_id: str) -> Path | None:
    model = get(model_id)
    return model.inference if model else None


def install_checkpoint(src: str | Path, model_id: str, network: str, *, source: str = "", move: bool = False,
                       validate: bool = True) -> InstalledModel:
    """Install the ``.pdparams`` ``src`` as ``model_id`` (checked against ``network`` first unless told not to)."""
    src = Path(src)
    if validate:
        check_state(load_pdparams(src), network, source=str(src))
    folder = _prepare(model_id, network)
    fd, tmp = tempfile.mkstemp(prefix=f".{CHECKPOINT}.", dir=folder)
    os.close(fd)
    try:
        if move:
            os.replace(src, tmp)
        else:
            shutil.copyfile(src, tmp)
        os.replace(tmp, folder / CHECKPOINT)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        _drop_if_empty(folder)
        raise
    return _write_meta(model_id, network, source or str(src))


def install_inference(src: str | Path, model_id: str, network: str, *, source: str = "") -> InstalledModel:
    """Install the inference model (zip or folder) ``src`` as ``model_id``."""
    from .validate import validate

    folder = _prepare(model_id, network)
    try:
        extract_inference_model(src, folder / INFERENCE, check=lambda copied: validate(copied, network))
    except BaseException:
        _drop_if_empty(folder)
        raise
    return _write_meta(model_id, network, source or str(src))


def import_path(path: str | Path, model_id: str | None = None, network: str | None = None) -> InstalledModel:
    """Install a ``.pdparams``, an inference-model zip or a folder holding either, for offline machines.

    Without ``model_id`` the file must be one of the catalog's models (identified by its weights, and by its file
    name where weights alone cannot tell, e.g. PP-Matting 512 / 1024). A ``model_id`` outside the catalog registers
    a user model; ``network`` picks the network when the weights fit several.
    """
    path = Path(path)
    if not path.exists():
        raise StoreError(f"{path}: no such file or folder")
    if network is not None and network not in FINGERPRINTS:
        raise StoreError(f"unknown network {network!r}; known networks: {', '.join(FINGERPRINTS)}")
    if model_id is not None:
        _check_id(model_id)
    kind, target = _kind(path)
    if kind == "checkpoint":
        entry = catalog.find(model_id) if model_id else None
        wanted = network or (entry.network if entry else None)
        if wanted is not None:  # say exactly what does not fit the network asked for
            state = load_pdparams(target)
            check_state(state, wanted, source=str(target))
            matches = identify(state) or [wanted]
        else:
            _, matches = identify_file(target)
        entry_id, net = _choose(target, matches, model_id, network)
        return install_checkpoint(target, entry_id, net, source=str(path), validate=False)
    model = read_inference_model(target)
    matches = identify_inference_model(model) if network is None else [network]
    if not matches:
        raise WrongModelError(f"{path}: an inference model of {model.model_name or 'an unknown model'} that is none "
                              "of the zoo models; give --network to register it anyway")
    entry_id, net = _choose(target, matches, model_id, network)
    return install_inference(target, entry_id, net, source=str(path))


def remove(model_id: str) -> Path:
    """Delete the installed model ``model_id`` (its whole folder); return the folder it was in."""
    folder = model_dir(model_id)
    if not folder.exists():
        raise StoreError(f"{model_id!r} is not installed (installed: {', '.join(m.id for m in installed()) or 'none'})")
    trash = folder.with_name(f".{model_id}.removing-{os.getpid()}")
    os.replace(folder, trash)
    shutil.rmtree(trash, ignore_errors=True)
    return folder


def _kind(path: Path) -> tuple[str, Path]:
    """("checkpoint" | "inference", the file or folder to read) for an import source."""
    if path.is_dir():
        if any(p.name == PARAMS for p in path.rglob(PARAMS)):
            return "inference", path
        found = sorted(path.rglob("*.pdparams"))
        if len(found) == 1:
            return "checkpoint", found[0]
        what = "several .pdparams files: import one of them" if found else (
            f"neither a .pdparams nor an inference model ({PARAMS} with model.pdmodel / model.json and deploy.yaml)")
        raise StoreError(f"{path}: the folder holds {what}")
    if path.suffix.lower() == ".zip" or _is_zip(path):
        return "inference", path
    return "checkpoint", path


def _is_zip(path: Path) -> bool:
    with path.open("rb") as f:
        return f.read(2) == b"PK"


def _choose(path: Path, matches: list[str], model_id: str | None, network: str | None) -> tuple[str, str]:
    """The (model id, network) to install under, from the networks the weights fit."""
    entry = catalog.find(model_id) if model_id else None
    if entry is not None:
        if entry.network not in matches:
            raise WrongModelError(f"{path}: these weights are for {' or '.join(map(network_label, matches))}, "
                                  f"not for {entry.name} ({entry.id})")
        return entry.id, entry.network
    if model_id is not None:  # a user model
        if network is None and len(matches) > 1:
            raise StoreError(f"{path}: the weights fit {', '.join(matches)}; choose one with --network")
        return model_id, network or matches[0]
    by_name = catalog.by_filename(path.name) or catalog.by_filename(path.stem)
    if by_name is not None and by_name.network in matches:
        return by_name.id, by_name.network
    entries = [e for n in matches for e in catalog.by_network(n)]
    if len(entries) == 1:
        return entries[0].id, entries[0].network
    raise StoreError(f"{path}: this could be {' or '.join(e.id for e in entries)} (same weights layout); "
                     "say which with --id")


def _check_id(model_id: str) -> None:
    if not _ID.match(model_id):
        raise StoreError(f"bad model id {model_id!r}: use letters, digits, '.', '_' and '-' (up to 64)")


def _prepare(model_id: str, network: str) -> Path:
    folder = model_dir(model_id)
    existing = get(model_id)
    if existing is not None and existing.network != network:
        raise StoreError(f"{model_id!r} is installed for {existing.network}; remove it before installing "
                         f"weights of {network}")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _drop_if_empty(folder: Path) -> None:
    try:
        folder.rmdir()  # only succeeds when nothing else is installed there
    except OSError:
        pass


def _write_meta(model_id: str, network: str, source: str) -> InstalledModel:
    entry = catalog.find(model_id)
    meta = {"id": model_id, "network": network, "name": entry.name if entry else model_id, "user": entry is None,
            "source": source, "installed": time.strftime("%Y-%m-%dT%H:%M:%S%z")}
    folder = model_dir(model_id)
    fd, tmp = tempfile.mkstemp(prefix=f".{META}.", dir=folder)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        json.dump(meta, f, indent=1)
    os.replace(tmp, folder / META)
    model = get(model_id)
    if model is None:  # pragma: no cover - the files were just written
        raise CheckpointError(f"{folder}: install did not complete")
    return model


__all__ = ["InstalledModel", "StoreError", "get", "import_path", "inference_path", "install_checkpoint",
           "install_inference", "installed", "is_installed", "model_dir", "remove", "root", "user_models",
           "weights_path"]
