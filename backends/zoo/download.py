"""Download manager (standard library only): progress, resume over HTTP Range, retry, cancel, proxy, verification.

:func:`download` fetches one URL into ``dest`` through ``dest.part``, which survives a failure so that the next
call resumes where it stopped. :func:`download_model` fetches a catalog model into the store: staged under
``models_dir()/.downloads``, checked (size, zip test, safe load and key layout), then moved in by rename.
Errors are :class:`DownloadError` with a message a user can act on (offline, firewall, wrong mirror, 404 ...).
"""
from __future__ import annotations

import hashlib
import http.client
import socket
import ssl
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Callable, Union

from . import catalog, store
from .checkpoint import CheckpointError, check_state, identify_inference_model, network_label, read_inference_model
from .safe_pickle import CheckpointReadError, UnsafePickleError, load_pdparams

Progress = Callable[[int, Union[int, None]], None]  # (bytes done, total bytes or None)
Cancel = Union[threading.Event, Callable[[], bool], None]
USER_AGENT = "MattingStudio/0.1 (+urllib)"
HINT = ("check the connection; behind a firewall or proxy, pass a proxy (--proxy URL), use a mirror (--mirror URL "
        f"or ${catalog.MIRROR_ENV}), or download the file elsewhere and use `matting-studio models import PATH`")


class DownloadError(Exception):
    """A download that failed; ``retryable`` tells whether trying again later may help."""

    def __init__(self, message: str, url: str = "", retryable: bool = False):
        super().__init__(message)
        self.url = url
        self.retryable = retryable


class DownloadCancelled(DownloadError):
    """The caller cancelled; the ``.part`` file is kept so a later download resumes."""


def download(url: str, dest: str | Path, *, progress: Progress | None = None, cancel: Cancel = None,
             timeout: float = 30.0, retries: int = 4, backoff: float = 1.0, proxy: str | None = None,
             expected_size: int | None = None, chunk_size: int = 1 << 16) -> Path:
    """Download ``url`` to ``dest`` (resuming ``dest.part``), retrying transient failures; return ``dest``.

    ``proxy``: None uses the system settings (``HTTPS_PROXY`` ...), "" connects directly, else a proxy URL.
    ``timeout`` bounds each connect / read; ``retries`` counts consecutive failed tries (progress resets it) and
    waits ``backoff * 2**n`` seconds between them. ``cancel`` (an Event or a callable) is checked between chunks.
    """
    dest = Path(dest)
    dest.parent.mkdir(parents=True, exist_ok=True)
    part = dest.with_name(dest.name + ".part")
    opener = _opener(proxy)
    failures = 0
    while True:
        _check_cancel(cancel, url)
        before = part.stat().st_size if part.exists() else 0
        try:
            if _fetch(opener, url, part, progress, cancel, timeout, expected_size, chunk_size):
                break
            continue  # the server did not resume where we asked: start over at once
        except DownloadError as exc:
            if not exc.retryable:
                raise
            error = exc
        after = part.stat().st_size if part.exists() else 0
        failures = 0 if after > before else failures + 1
        if failures > retries:
            kept = "; the partial file is kept and the next download resumes it" if after else ""
            tries = f"{retries + 1} tries in a row" if retries else "1 try"
            raise DownloadError(f"{error} (gave up after {tries}{kept})", url, retryable=True) from None
        _wait(backoff * 2 ** max(failures - 1, 0), cancel, url)
    part.replace(dest)
    return dest


def _opener(proxy: str | None) -> urllib.request.OpenerDirector:
    if proxy is None:
        return urllib.request.build_opener()
    mapping = {"http": proxy, "https": proxy} if proxy else {}
    return urllib.request.build_opener(urllib.request.ProxyHandler(mapping))


def _fetch(opener: urllib.request.OpenerDirector, url: str, part: Path, progress: Progress | None, cancel: Cancel,
           timeout: float, expected_size: int | None, chunk_size: int) -> bool:
    """One try; True when complete, False to restart from zero; raises DownloadError."""
    done = part.stat().st_size if part.exists() else 0
    if expected_size is not None and done > expected_size:
        part.unlink()
        done = 0
    headers = {"User-Agent": USER_AGENT, "Accept-Encoding": "identity"}
    if done:
        headers["Range"] = f"bytes={done}-"
    try:
        with opener.open(urllib.request.Request(url, headers=headers), timeout=timeout) as resp:
            status = getattr(resp, "status", None) or 200
            length = _int(resp.headers.get("Content-Length"))
            if done and status == 206:
                start, total = _content_range(resp.headers.get("Content-Range"))
                if start != done:
                    part.unlink()
                    return False
                total = total if total is not None else (done + length if length is not None else None)
            else:
                done, total = 0, length
            if expected_size is not None and total is not None and total != expected_size:
                raise DownloadError(f"{url}: the server offers {total} bytes but this model's file has "
                                    f"{expected_size}; the mirror holds another file", url)
            with part.open("ab" if done else "wb") as out:
                read = getattr(resp, "read1", resp.read)
                if progress:
                    progress(done, total)
                while True:
                    _check_cancel(cancel, url)
                    chunk = read(chunk_size)
                    if not chunk:
                        break
                    out.write(chunk)
                    done += len(chunk)
                    if progress:
                        progress(done, total)
            if total is not None and done != total:
                raise DownloadError(f"{url}: the connection closed after {done} of {total} bytes (truncated)",
                                    url, retryable=True)
            return True
    except DownloadError:
        raise
    except urllib.error.HTTPError as exc:
        return _http_error(exc, url, part, done)
    except urllib.error.URLError as exc:
        if isinstance(exc.reason, FileNotFoundError):  # a file:// mirror
            raise DownloadError(f"{url}: no such file on this mirror", url) from None
        raise _network_error(exc.reason, url) from None
    except (http.client.HTTPException, OSError) as exc:  # timeouts, resets, IncompleteRead mid-body
        raise _network_error(exc, url) from None


def _http_error(exc: urllib.error.HTTPError, url: str, part: Path, done: int) -> bool:
    if exc.code == 416 and done:  # asked past the end: complete already, or the file changed
        _, total = _content_range(exc.headers.get("Content-Range"))
        if total == done:
            return True
        part.unlink(missing_ok=True)
        return False
    reason = {404: "not found: the mirror has no such file (wrong mirror URL?)",
              401: "authentication required", 403: "access denied (a firewall or proxy blocking it?)",
              407: "the proxy requires authentication (give user:password in the proxy URL)"}.get(exc.code, exc.reason)
    retryable = exc.code in (408, 425, 429) or exc.code >= 500
    hint = "" if retryable or exc.code == 404 else f"; {HINT}"
    raise DownloadError(f"{url}: HTTP {exc.code}, {reason}{hint}", url, retryable) from None


def _network_error(reason: object, url: str) -> DownloadError:
    host = urllib.parse.urlsplit(url).hostname or url
    if isinstance(reason, socket.gaierror):
        why = f"cannot resolve {host} (offline, or DNS blocked by a firewall?)"
    elif isinstance(reason, (socket.timeout, TimeoutError)):
        why = f"{host} did not answer in time"
    elif isinstance(reason, ConnectionRefusedError):
        why = f"{host} refused the connection (a firewall, or a wrong proxy / mirror?)"
    elif isinstance(reason, ssl.SSLError):
        why = f"secure connection to {host} failed ({reason}; a proxy intercepting HTTPS?)"
    elif isinstance(reason, http.client.IncompleteRead):
        why = f"the connection to {host} closed mid-file (truncated)"
    else:
        why = f"network error talking to {host}: {reason}"
    return DownloadError(f"{url}: {why}; {HINT}", url, retryable=True)


def _content_range(value: str | None) -> tuple[int | None, int | None]:
    """(first byte, total) from ``bytes 100-199/1000`` or ``bytes */1000``."""
    if not value or not value.startswith("bytes "):
        return None, None
    span, _, total = value[6:].partition("/")
    start = _int(span.split("-", 1)[0]) if span != "*" else None
    return start, _int(total)


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


def _check_cancel(cancel: Cancel, url: str) -> None:
    if cancel is not None and (cancel.is_set() if isinstance(cancel, threading.Event) else cancel()):
        raise DownloadCancelled(f"{url}: download cancelled", url)


def _wait(seconds: float, cancel: Cancel, url: str) -> None:
    end = time.monotonic() + seconds
    while (left := end - time.monotonic()) > 0:
        if isinstance(cancel, threading.Event):
            cancel.wait(left)
        else:
            time.sleep(min(left, 0.1))
        _check_cancel(cancel, url)


def staging_dir() -> Path:
    return store.root() / ".downloads"


def download_model(model_id: str, *, kind: str = "checkpoint", mirror: str | None = None, proxy: str | None = None,
                   progress: Progress | None = None, cancel: Cancel = None, timeout: float = 30.0,
                   retries: int = 4, backoff: float = 1.0) -> store.InstalledModel:
    """Download the catalog model ``model_id`` (``kind`` "checkpoint" or "inference"), verify it, install it."""
    entry = catalog.get(model_id)
    if kind == "checkpoint":
        url, name, size = entry.checkpoint_url(mirror), entry.checkpoint_file, entry.checkpoint_bytes
    elif kind == "inference":
        url, name, size = entry.inference_url(mirror), entry.inference_file, entry.inference_bytes
    else:
        raise ValueError(f"kind must be 'checkpoint' or 'inference', not {kind!r}")
    path = download(url, staging_dir() / name, progress=progress, cancel=cancel, timeout=timeout, retries=retries,
                    backoff=backoff, proxy=proxy, expected_size=size)
    try:
        verify(path, entry, kind)
        if kind == "checkpoint":
            return store.install_checkpoint(path, entry.id, entry.network, source=url, move=True, validate=False)
        return store.install_inference(path, entry.id, entry.network, source=url)
    finally:
        path.unlink(missing_ok=True)


def verify(path: Path, entry: catalog.ModelEntry, kind: str) -> None:
    """Check a downloaded file: exact size / SHA-256 when the catalog knows them, then that it loads and fits."""
    size = entry.checkpoint_bytes if kind == "checkpoint" else entry.inference_bytes
    if size is not None and path.stat().st_size != size:
        raise DownloadError(f"{path.name}: {path.stat().st_size} bytes, expected {size}; the download is damaged")
    if kind == "checkpoint" and entry.checkpoint_sha256:
        digest = hashlib.sha256()
        with path.open("rb") as f:
            for block in iter(lambda: f.read(1 << 20), b""):
                digest.update(block)
        if digest.hexdigest() != entry.checkpoint_sha256:
            raise DownloadError(f"{path.name}: SHA-256 differs from the catalog's; the download is damaged")
    try:
        if kind == "checkpoint":
            check_state(load_pdparams(path), entry.network, source=path.name)
        elif entry.network not in identify_inference_model(read_inference_model(path)):
            raise CheckpointError(f"{path.name}: not an inference model of {network_label(entry.network)}")
    except (CheckpointError, CheckpointReadError, UnsafePickleError) as exc:
        raise DownloadError(f"the downloaded file is not usable: {exc}") from None
