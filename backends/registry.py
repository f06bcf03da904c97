"""Discovers backends through the ``matting_studio.backends`` entry-point group and makes instances on demand.

Each entry point names a ``Backend`` subclass (or a callable returning a ``Backend``). Listing loads only those
light modules, never paddle or mediapipe. A plugin that fails to load is reported, not fatal.
"""
from __future__ import annotations

import threading
from dataclasses import dataclass
from importlib import metadata

from .contract import Backend, BackendError, BackendInfo, Readiness

GROUP = "matting_studio.backends"
DEFAULT_BACKEND = "auto"


class UnknownBackendError(BackendError, KeyError):
    def __str__(self) -> str:  # KeyError quotes its message; keep it readable
        return self.args[0]


@dataclass(frozen=True)
class BackendEntry:
    """One discovered backend: its info, or the reason it could not be loaded."""

    id: str
    target: str  # "module:attr" from the entry point
    info: BackendInfo | None
    error: str = ""

    def readiness(self) -> Readiness:
        if self.info is None:
            return Readiness(False, f"plugin failed to load: {self.error}")
        return create(self.id).readiness()


_lock = threading.Lock()
_factories: dict[str, object] = {}
_instances: dict[str, Backend] = {}


def _entry_points() -> list[metadata.EntryPoint]:
    eps = metadata.entry_points(group=GROUP)
    unique: dict[str, metadata.EntryPoint] = {}
    for ep in eps:  # the same distribution may be seen twice (editable installs); first one wins
        unique.setdefault(ep.name, ep)
    return sorted(unique.values(), key=lambda ep: (ep.name != DEFAULT_BACKEND, ep.name))


def _factory(ep: metadata.EntryPoint):
    with _lock:
        if ep.name not in _factories:
            obj = ep.load()
            info = getattr(obj, "info", None)
            if not isinstance(info, BackendInfo):
                raise BackendError(f"{ep.value} does not declare a BackendInfo as `info`")
            if info.id != ep.name:
                raise BackendError(f"entry point {ep.name!r} names a backend whose id is {info.id!r}")
            _factories[ep.name] = obj
        return _factories[ep.name]


def list_backends() -> list[BackendEntry]:
    """Every installed backend, the default first. Imports no model framework."""
    entries = []
    for ep in _entry_points():
        try:
            entries.append(BackendEntry(ep.name, ep.value, _factory(ep).info))
        except Exception as exc:  # a broken plugin must not hide the others
            entries.append(BackendEntry(ep.name, ep.value, None, f"{type(exc).__name__}: {exc}"))
    return entries


def ids() -> list[str]:
    return [ep.name for ep in _entry_points()]


def info(backend_id: str) -> BackendInfo:
    return _factory(_find(backend_id)).info


def _find(backend_id: str) -> metadata.EntryPoint:
    for ep in _entry_points():
        if ep.name == backend_id:
            return ep
    known = ", ".join(ids()) or "none"
    raise UnknownBackendError(f"unknown backend {backend_id!r}; installed backends: {known}")


def create(backend_id: str) -> Backend:
    """The shared instance of a backend (not loaded yet: call ``load()`` or ``get()``)."""
    ep = _find(backend_id)
    try:
        factory = _factory(ep)
    except BackendError:
        raise
    except Exception as exc:
        raise BackendError(f"backend {backend_id!r} ({ep.value}) failed to load: {type(exc).__name__}: {exc}") from exc
    with _lock:
        if backend_id not in _instances:
            _instances[backend_id] = factory()
        return _instances[backend_id]


def get(backend_id: str = DEFAULT_BACKEND) -> Backend:
    """A ready-to-use backend: created, checked ready, and loaded."""
    backend = create(backend_id)
    state = backend.readiness()
    if not state.ready:
        from .contract import NotReadyError

        raise NotReadyError(f"backend {backend_id!r} is not ready: {state.reason}")
    backend.load()
    return backend
