"""Discovers backends through the ``matting_studio.backends`` entry-point group and makes instances on demand.

Each entry point names a ``Backend`` subclass (or a callable returning a ``Backend``). Listing loads only those
light modules, never paddle or mediapipe. A plugin that fails to load is reported, not fatal. The user's own
models (trained in the app, or imported under their own id) are listed after the plugins, read from the model
store's small JSON files.

Instances are shared: one per (backend id, ``BackendOptions``), so the preview, the batch and the export use the
same loaded model, and other options (another device) give another instance.
"""
from __future__ import annotations

import inspect
import threading
from dataclasses import dataclass
from importlib import metadata
from typing import Callable

from . import fault_trace
from .contract import Backend, BackendError, BackendInfo, BackendOptions, Readiness

GROUP = "matting_studio.backends"
DEFAULT_BACKEND = "auto"


class UnknownBackendError(BackendError, KeyError):
    def __str__(self) -> str:  # KeyError quotes its message; keep it readable
        return str(self.args[0])


#: what an entry point names: a ``Backend`` subclass, or a callable that makes one; either declares ``info``
BackendFactory = Callable[..., Backend]


def declared_info(factory: BackendFactory) -> BackendInfo:
    """The ``info`` a backend class (or factory) declares, read without making an instance."""
    info = getattr(factory, "info", None)
    if not isinstance(info, BackendInfo):
        raise BackendError(f"{factory!r} does not declare a BackendInfo as `info`")
    return info


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
_factories: dict[str, BackendFactory] = {}
_instances: dict[tuple[str, BackendOptions], Backend] = {}
#: user-model backend classes, kept while the model's files stay the same (so its instance, and what it loaded, too)
_user_classes: dict[str, tuple[tuple[object, ...], type[Backend]]] = {}


def _entry_points() -> list[metadata.EntryPoint]:
    eps = metadata.entry_points(group=GROUP)
    unique: dict[str, metadata.EntryPoint] = {}
    for ep in eps:  # the same distribution may be seen twice (editable installs); first one wins
        unique.setdefault(ep.name, ep)
    return sorted(unique.values(), key=lambda ep: (ep.name != DEFAULT_BACKEND, ep.name))


def _factory(ep: metadata.EntryPoint) -> BackendFactory:
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


def _user_factories() -> dict[str, BackendFactory]:
    """Backend classes for the user's models (ids that no plugin uses)."""
    try:
        from .zoo import store
        from .zoo_backends import user_backend_class

        plugins = {ep.name for ep in _entry_points()}
        classes: dict[str, BackendFactory] = {}
        for m in store.user_models():
            if m.id in plugins:
                continue
            signature = (m.network, m.name, str(m.checkpoint), str(m.inference), m.size_bytes, m.source)
            with _lock:
                known = _user_classes.get(m.id)
                if known is None or known[0] != signature:
                    known = _user_classes[m.id] = (signature, user_backend_class(m))
            classes[m.id] = known[1]
        return classes
    except Exception:  # noqa: BLE001 - a damaged model folder must not break listing; `models list` reports it
        return {}


def list_backends() -> list[BackendEntry]:
    """Every installed backend, the default first, then the user's models. Imports no model framework."""
    entries = []
    for ep in _entry_points():
        try:
            entries.append(BackendEntry(ep.name, ep.value, declared_info(_factory(ep))))
        except Exception as exc:  # noqa: BLE001 - a broken plugin must not hide the others
            entries.append(BackendEntry(ep.name, ep.value, None, f"{type(exc).__name__}: {exc}"))
    for model_id, cls in _user_factories().items():
        entries.append(BackendEntry(model_id, f"user model {model_id}", declared_info(cls)))
    return entries


def ids() -> list[str]:
    return [ep.name for ep in _entry_points()] + list(_user_factories())


def info(backend_id: str) -> BackendInfo:
    return declared_info(_resolve(backend_id))


def _find(backend_id: str) -> metadata.EntryPoint:
    for ep in _entry_points():
        if ep.name == backend_id:
            return ep
    known = ", ".join(ids()) or "none"
    raise UnknownBackendError(f"unknown backend {backend_id!r}; installed backends: {known}")


def _resolve(backend_id: str) -> BackendFactory:
    """The class (or factory) of a backend id: a plugin's entry point, else a user model."""
    if backend_id not in {ep.name for ep in _entry_points()}:
        user = _user_factories().get(backend_id)
        if user is not None:
            return user
    ep = _find(backend_id)
    try:
        return _factory(ep)
    except BackendError:
        raise
    except Exception as exc:
        raise BackendError(f"backend {backend_id!r} ({ep.value}) failed to load: {type(exc).__name__}: {exc}") from exc


def _construct(factory: BackendFactory, options: BackendOptions) -> Backend:
    """``factory(options)``; a plugin whose constructor takes no options is made without and given them."""
    try:
        takes_options = bool(inspect.signature(factory).parameters)
    except (TypeError, ValueError):
        takes_options = True
    backend = factory(options) if takes_options else factory()
    if not isinstance(backend, Backend):
        raise BackendError(f"{factory!r} did not make a Backend")
    if getattr(backend, "options", None) != options:
        backend.options = options
    return backend


def create(backend_id: str, options: BackendOptions | None = None) -> Backend:
    """The shared instance of a backend for these options (not loaded yet: call ``load()`` or ``get()``)."""
    options = options or BackendOptions()
    factory = _resolve(backend_id)
    key = (backend_id, options)
    with _lock:
        current = _instances.get(key)
        # a user model whose files changed has a new class: its old instance goes
        if current is None or (isinstance(factory, type) and not isinstance(current, factory)):
            _instances[key] = _construct(factory, options)
        return _instances[key]


def forget(backend_id: str | None = None, keep: BackendOptions | None = None) -> None:
    """Drop shared instances: all, or those of one backend id; with ``keep``, only those made with other options
    (the app calls ``forget(keep=new_options)`` when the preferences change)."""
    with _lock:
        for key in list(_instances):
            if (backend_id is None or key[0] == backend_id) and (keep is None or key[1] != keep):
                del _instances[key]


def get(backend_id: str = DEFAULT_BACKEND, options: BackendOptions | None = None) -> Backend:
    """A ready-to-use backend: created, checked ready, and loaded."""
    backend = create(backend_id, options)
    state = backend.readiness()
    if not state.ready:
        from .contract import NotReadyError

        raise NotReadyError(f"backend {backend_id!r} is not ready: {state.reason}")
    backend.load()
    fault_trace.rearm()  # loading may have imported paddle, which takes the fatal signals over
    return backend
