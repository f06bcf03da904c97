"""Read a ``.pdparams`` checkpoint (a pickle) without executing code: only arrays and plain containers are built.

``paddle.save`` writes a pickled dict key -> numpy array plus a trailing ``"StructuredToParameterName@@"`` entry.
numpy pickles an array as ``_reconstruct(ndarray, ...)`` + ``dtype(...)`` (protocols 2-4; names under
``numpy.core`` before numpy 2, ``numpy._core`` since), protocol 2 adds ``_codecs.encode(str, 'latin1')`` for the
raw bytes, and protocol 5 uses ``numpy._core.numeric._frombuffer``. Those, ``scalar`` and ``dict`` / ``list`` /
``tuple`` / ``collections.OrderedDict`` are the only globals a file may name; anything else (``os.system``,
``builtins.eval``, ...) is refused with :class:`UnsafePickleError` naming the global, before it is called.
"""
from __future__ import annotations

import codecs
import collections
import io
import pickle
from pathlib import Path
from typing import IO, Any, Callable

import numpy as np

try:  # numpy >= 2
    import numpy._core.multiarray as _multiarray
    import numpy._core.numeric as _numeric
except ImportError:  # pragma: no cover - numpy 1.x
    import numpy.core.multiarray as _multiarray  # type: ignore[no-redef]
    import numpy.core.numeric as _numeric  # type: ignore[no-redef]

EXTRA_KEY = "StructuredToParameterName@@"


class UnsafePickleError(pickle.UnpicklingError):
    """The pickle names a global outside the allow-list: it could run code, so it is not loaded."""


class CheckpointReadError(ValueError):
    """The file is not a readable checkpoint (truncated, not a pickle, unexpected content)."""


def _latin1_encode(text: str, encoding: str = "utf-8", errors: str = "strict") -> bytes:
    """``_codecs.encode`` as protocol-2 numpy pickles use it, restricted to latin-1 text -> bytes."""
    try:
        latin1 = isinstance(text, str) and codecs.lookup(encoding).name == "iso8859-1"
    except (LookupError, TypeError, ValueError):
        latin1 = False
    if not latin1:
        raise UnsafePickleError(f"refused _codecs.encode({type(text).__name__}, {encoding!r}): only latin-1 text")
    return text.encode("latin-1", errors)


def _dtype(*args: Any) -> np.dtype:
    dtype = np.dtype(*args)
    if dtype.hasobject:
        raise UnsafePickleError(f"refused numpy dtype {dtype}: arrays of Python objects are not weights")
    return dtype


_ALLOWED: dict[tuple[str, str], Callable[..., Any] | type] = {
    ("numpy", "ndarray"): np.ndarray,
    ("numpy", "dtype"): _dtype,
    ("collections", "OrderedDict"): collections.OrderedDict,
    ("builtins", "dict"): dict,
    ("builtins", "list"): list,
    ("builtins", "tuple"): tuple,
    ("__builtin__", "dict"): dict,
    ("__builtin__", "list"): list,
    ("__builtin__", "tuple"): tuple,
    ("_codecs", "encode"): _latin1_encode,
}
for _core in ("numpy.core", "numpy._core"):
    _ALLOWED[(f"{_core}.multiarray", "_reconstruct")] = _multiarray._reconstruct
    _ALLOWED[(f"{_core}.multiarray", "scalar")] = _multiarray.scalar
    _ALLOWED[(f"{_core}.numeric", "_frombuffer")] = _numeric._frombuffer  # type: ignore[attr-defined] # private


class RestrictedUnpickler(pickle.Unpickler):
    """An unpickler whose globals are limited to numpy array reconstruction and plain containers."""

    def find_class(self, module: str, name: str) -> Any:
        try:
            return _ALLOWED[(module, name)]
        except KeyError:
            raise UnsafePickleError(
                f"refused global {module}.{name}: a checkpoint may only hold numpy arrays and plain containers "
                "(this file could run code when loaded, so it was not)") from None

    def persistent_load(self, pid: Any) -> Any:
        raise UnsafePickleError(f"refused persistent id {pid!r}: not a numpy checkpoint")


def restricted_load(file: IO[bytes]) -> Any:
    """Unpickle ``file`` with :class:`RestrictedUnpickler` (raises :class:`UnsafePickleError` on a refused global)."""
    return RestrictedUnpickler(file).load()


def restricted_loads(data: bytes) -> Any:
    return restricted_load(io.BytesIO(data))


def load_pdparams(path: str | Path, keep_extra: bool = False) -> dict[str, np.ndarray]:
    """Load a ``.pdparams`` as ``{key: ndarray}`` in file order, dropping ``"StructuredToParameterName@@"``.

    Raises :class:`UnsafePickleError` (naming the file and the refused global) or :class:`CheckpointReadError`
    (missing, truncated, not a pickle, or not a dict of arrays).
    """
    path = Path(path)
    try:
        with path.open("rb") as f:
            head = f.read(4)
            if head.startswith(b"PK"):
                raise CheckpointReadError(f"{path}: this is a zip archive, not a .pdparams checkpoint (an inference "
                                          "model zip is imported as a whole, or it is another framework's file)")
            f.seek(0)
            obj = restricted_load(f)
    except UnsafePickleError as exc:
        raise UnsafePickleError(f"{path}: {exc}") from None
    except FileNotFoundError:
        raise CheckpointReadError(f"{path}: no such file") from None
    except CheckpointReadError:
        raise
    except (EOFError, pickle.UnpicklingError) as exc:
        if _is_truncation(exc):
            raise CheckpointReadError(f"{path}: cannot read the checkpoint: the file is truncated (an interrupted "
                                      f"download?) ({exc})") from None
        raise CheckpointReadError(f"{path}: this file is not a PaddlePaddle checkpoint (.pdparams) "
                                  f"(not a pickle: {exc})") from None
    except (ValueError, TypeError, OverflowError, MemoryError, AttributeError, IndexError) as exc:
        raise CheckpointReadError(f"{path}: damaged checkpoint data ({type(exc).__name__}: {exc})") from None
    return _as_state_dict(obj, path, keep_extra)


def _is_truncation(exc: BaseException) -> bool:
    return isinstance(exc, EOFError) or "truncated" in str(exc) or "Ran out of input" in str(exc)


def _as_state_dict(obj: Any, path: Path, keep_extra: bool) -> dict[str, np.ndarray]:
    if not isinstance(obj, dict):
        raise CheckpointReadError(f"{path}: holds a {type(obj).__name__}, not a dict of weights")
    state: dict[str, Any] = {}
    for key, value in obj.items():
        if key == EXTRA_KEY:
            if keep_extra:
                state[key] = value
            continue
        if not isinstance(key, str):
            raise CheckpointReadError(f"{path}: key {key!r} is not a string; not a state dict")
        if not isinstance(value, np.ndarray):
            raise CheckpointReadError(f"{path}: entry {key!r} is a {type(value).__name__}, not an array; "
                                      "not a model state dict (an optimizer .pdopt file?)")
        state[key] = value
    if not state:
        raise CheckpointReadError(f"{path}: holds no weights")
    return state
