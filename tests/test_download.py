"""The download manager against a real HTTP server on 127.0.0.1: ranges, drops, 404, truncation, slowness, cancel."""
from __future__ import annotations

import argparse
import http.server
import os
import socket
import threading
import time
import urllib.parse
from pathlib import Path

import pytest

from backends.zoo import download as dl
from backends.zoo import store
from backends.zoo.download import DownloadCancelled, DownloadError, download, download_model

PAYLOAD = os.urandom(300_000)


class _Handler(http.server.BaseHTTPRequestHandler):
    """Serves ``server.files``; ``server.modes[path]`` picks a misbehaviour (see ``_Server``)."""

    def log_message(self, *args):
        pass

    def do_GET(self):
        srv: _Server = self.server  # type: ignore[assignment]
        path = urllib.parse.urlsplit(self.path).path  # absolute URLs arrive when we act as a proxy
        srv.requests.append((self.path, self.headers.get("Range")))
        data, mode = srv.files.get(path), srv.modes.get(path, "normal")
        if data is None:
            self.send_error(404)
            return
        if mode == "drop_once" and path not in srv.dropped:
            srv.dropped.add(path)
            return self._send(200, data, {}, stop_at=len(data) // 2)
        start = 0
        rng = self.headers.get("Range")
        if rng and mode != "norange":
            start = int(rng.removeprefix("bytes=").split("-")[0])
            if start >= len(data):
                self.send_response(416)
                self.send_header("Content-Range", f"bytes */{len(data)}")
                self.end_headers()
                return
        headers = {"Content-Range": f"bytes {start}-{len(data) - 1}/{len(data)}"} if start else {}
        stop = len(data) * 2 // 3 if mode == "truncate" else None  # never serves past two thirds
        if mode == "hang":
            self.send_response(200)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.flush()
            srv.stopping.wait(10)
            return
        self._send(206 if start else 200, data, headers, start=start, stop_at=stop,
                   delay=0.02 if mode == "slow" else 0.0)

    def _send(self, code, data, headers, start=0, stop_at=None, delay=0.0):
        self.send_response(code)
        self.send_header("Content-Length", str(len(data) - start))
        for k, v in headers.items():
            self.send_header(k, v)
        self.end_headers()
        end = len(data) if stop_at is None else max(stop_at, start)
        step = 2048 if delay else 65536
        try:
            for i in range(start, end, step):
                self.wfile.write(data[i:min(i + step, end)])
                if delay:
                    self.wfile.flush()
                    if self.server.stopping.wait(delay):  # type: ignore[attr-defined]
                        return
        except (BrokenPipeError, ConnectionResetError):
            pass


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), _Handler)
        self.files: dict[str, bytes] = {}
        self.modes: dict[str, str] = {}
        self.requests: list[tuple[str, str | None]] = []
        self.dropped: set[str] = set()
        self.stopping = threading.Event()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


@pytest.fixture
def server():
    srv = _Server()
    thread = threading.Thread(target=srv.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield srv
    srv.stopping.set()
    srv.shutdown()
    srv.server_close()
    thread.join(5)


@pytest.fixture(autouse=True)
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("MATTING_STUDIO_HOME", str(tmp_path / "home"))
    for var in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.delenv("MATTING_STUDIO_MIRROR", raising=False)
    return tmp_path / "home"


def _get(server, tmp_path, path="/f.bin", mode="normal", **kw):
    server.files[path] = PAYLOAD
    server.modes[path] = mode
    kw.setdefault("proxy", "")
    kw.setdefault("backoff", 0.01)
    return download(server.url + path, tmp_path / "out.bin", **kw)


def test_full_download_with_progress(server, tmp_path):
    seen = []
    out = _get(server, tmp_path, progress=lambda done, total: seen.append((done, total)))
    assert out.read_bytes() == PAYLOAD
    assert not (tmp_path / "out.bin.part").exists()
    assert seen[0] == (0, len(PAYLOAD)) and seen[-1] == (len(PAYLOAD), len(PAYLOAD))
    assert all(a[0] <= b[0] for a, b in zip(seen, seen[1:]))


def test_resume_after_a_dropped_connection(server, tmp_path):
    out = _get(server, tmp_path, mode="drop_once", retries=2)
    assert out.read_bytes() == PAYLOAD
    assert server.requests[0][1] is None
    assert server.requests[1][1] == f"bytes={len(PAYLOAD) // 2}-"  # asked only for the rest


def test_a_later_call_resumes_the_part_file(server, tmp_path):
    with pytest.raises(DownloadError, match="truncated") as info:
        _get(server, tmp_path, mode="truncate", retries=0)
    assert info.value.retryable and "partial file is kept" in str(info.value)
    kept = len(PAYLOAD) * 2 // 3
    assert (tmp_path / "out.bin.part").stat().st_size == kept
    out = _get(server, tmp_path)
    assert out.read_bytes() == PAYLOAD and server.requests[-1][1] == f"bytes={kept}-"


def test_server_that_ignores_range_restarts_cleanly(server, tmp_path):
    (tmp_path / "out.bin.part").write_bytes(b"x" * 1000)
    assert _get(server, tmp_path, mode="norange").read_bytes() == PAYLOAD


def test_complete_part_file_and_416(server, tmp_path):
    (tmp_path / "out.bin.part").write_bytes(PAYLOAD)
    assert _get(server, tmp_path).read_bytes() == PAYLOAD
    assert server.requests == [("/f.bin", f"bytes={len(PAYLOAD)}-")]


def test_404_is_clear_and_not_retried(server, tmp_path):
    with pytest.raises(DownloadError, match="HTTP 404, not found") as info:
        download(server.url + "/nope.pdparams", tmp_path / "x", proxy="", retries=3, backoff=0.01)
    assert not info.value.retryable and len(server.requests) == 1


def test_truncated_body_gives_up_with_a_clear_message(server, tmp_path):
    t0 = time.monotonic()
    with pytest.raises(DownloadError, match=r"truncated.*gave up after 3 tries"):
        _get(server, tmp_path, mode="truncate", retries=2)
    assert time.monotonic() - t0 < 5
    assert (tmp_path / "out.bin.part").stat().st_size == len(PAYLOAD) * 2 // 3
    assert not (tmp_path / "out.bin").exists()


def test_slow_server_and_cancel(server, tmp_path):
    cancel = threading.Event()

    def progress(done, total):
        if done >= 8192:
            cancel.set()

    t0 = time.monotonic()
    with pytest.raises(DownloadCancelled):
        _get(server, tmp_path, mode="slow", progress=progress, cancel=cancel, timeout=5)
    assert time.monotonic() - t0 < 2
    assert 8192 <= (tmp_path / "out.bin.part").stat().st_size < len(PAYLOAD)


def test_cancel_with_a_callable_and_during_backoff(server, tmp_path):
    with pytest.raises(DownloadCancelled):
        _get(server, tmp_path, cancel=lambda: True)
    cancel = threading.Event()
    threading.Timer(0.2, cancel.set).start()
    t0 = time.monotonic()
    with pytest.raises(DownloadCancelled):  # the first try fails; the 30 s backoff is cut short
        _get(server, tmp_path, path="/g.bin", mode="truncate", cancel=cancel, backoff=30)
    assert time.monotonic() - t0 < 5


def test_timeout(server, tmp_path):
    t0 = time.monotonic()
    with pytest.raises(DownloadError, match="did not answer in time"):
        _get(server, tmp_path, mode="hang", timeout=0.3, retries=1)
    assert time.monotonic() - t0 < 5


def test_expected_size_mismatch(server, tmp_path):
    with pytest.raises(DownloadError, match="another file"):
        _get(server, tmp_path, expected_size=len(PAYLOAD) + 1)


def test_proxy_setting_is_used(server, tmp_path):
    server.files["/f.bin"] = PAYLOAD
    out = download("http://zoo.example.invalid/f.bin", tmp_path / "p.bin", proxy=server.url, retries=0)
    assert out.read_bytes() == PAYLOAD
    assert server.requests[0][0] == "http://zoo.example.invalid/f.bin"  # the proxy got the absolute URL


def test_network_errors_are_explained(tmp_path):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # closed again: nothing listens there
    with pytest.raises(DownloadError, match="refused the connection.*--proxy.*models import"):
        download(f"http://127.0.0.1:{port}/x", tmp_path / "x", proxy="", retries=0)
    err = dl._network_error(socket.gaierror(-2, "Name or service not known"), "https://zoo.example/x")
    assert "cannot resolve zoo.example" in str(err) and "firewall" in str(err) and err.retryable
    with pytest.raises(DownloadError, match="no such file on this mirror"):
        download((tmp_path / "absent.bin").as_uri(), tmp_path / "x", retries=0)


def test_file_mirror(tmp_path):
    src = tmp_path / "src.bin"
    src.write_bytes(PAYLOAD)
    assert download(src.as_uri(), tmp_path / "copy.bin").read_bytes() == PAYLOAD


# ---------------------------------------------------------------- catalog models into the store


@pytest.fixture
def mirror(server, reference_dir):
    official = reference_dir / "official-format"
    server.files["/modnet-mobilenetv2.pdparams"] = (official / "modnet-mobilenetv2.pdparams").read_bytes()
    server.files["/deploy/modnet-mobilenetv2.zip"] = (official / "modnet-mobilenetv2.zip").read_bytes()
    server.files["/dim-vgg16.pdparams"] = server.files["/modnet-mobilenetv2.pdparams"]  # the wrong file
    return server


def test_download_model_installs_checkpoint_and_inference(mirror):
    model = download_model("modnet-mobilenetv2", mirror=mirror.url, proxy="")
    assert model.checkpoint == store.weights_path("modnet-mobilenetv2") and model.checkpoint.is_file()
    assert model.source == f"{mirror.url}/modnet-mobilenetv2.pdparams"
    model = download_model("modnet-mobilenetv2", kind="inference", mirror=mirror.url, proxy="")
    assert sorted(p.name for p in model.inference.iterdir()) == ["deploy.yaml", "model.pdiparams", "model.pdmodel",
                                                                 "validated.json"]
    assert list(dl.staging_dir().iterdir()) == []


def test_download_model_refuses_the_wrong_file(mirror):
    with pytest.raises(DownloadError, match=r"not usable.*MODNet-MobileNetV2.*not for DIM-VGG16"):
        download_model("dim-vgg16", mirror=mirror.url, proxy="")
    assert not store.is_installed("dim-vgg16")
    assert list(dl.staging_dir().iterdir()) == []  # a damaged complete file is not kept for resuming


def test_cli_download_draws_progress(mirror, capsys, home):
    from desktop.cli import models_cmd

    parser = argparse.ArgumentParser(prog="matting-studio")
    models_cmd.register(parser.add_subparsers())
    args = parser.parse_args(["models", "download", "modnet-mobilenetv2", "--mirror", mirror.url, "--proxy", ""])
    assert args.func(args) == 0
    out, err = capsys.readouterr()
    assert "100%" in err and "installed modnet-mobilenetv2" in out
    assert Path(store.weights_path("modnet-mobilenetv2")).is_relative_to(home)
    args = parser.parse_args(["models", "download", "dim-vgg16", "--mirror", mirror.url + "/missing",
                              "--proxy", ""])
    assert args.func(args) == 1
    assert "HTTP 404" in capsys.readouterr().err
