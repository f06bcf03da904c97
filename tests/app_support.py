"""Helpers for the desktop-app tests: test backends registered through the real registry, and photo folders.

The backends are cheap and deterministic: ``test-disc`` finds the red disc of ``tests.images.disc_scene``;
``test-slow`` does the same after some OpenCV work (like a model, it holds a core, mostly without the GIL);
``test-crash`` raises inside ``predict`` for files whose name holds "crash".
"""
from __future__ import annotations

import time
from importlib import metadata
from pathlib import Path

import numpy as np

from backends import registry
from backends.contract import Backend, BackendInfo, as_float_rgb

try:
    from images import disc_scene
except ImportError:  # imported as tests.app_support
    from tests.images import disc_scene


class DiscBackend(Backend):
    info = BackendInfo(id="test-disc", name="Test disc", description="finds a red disc", tags=("test",))

    def predict(self, image, trimap=None):
        rgb = as_float_rgb(image)
        red = rgb[..., 0] - 0.5 * (rgb[..., 1] + rgb[..., 2])
        return np.clip((red - 0.05) / 0.5, 0, 1).astype(np.float32)


class SlowBackend(DiscBackend):
    info = BackendInfo(id="test-slow", name="Test slow", description="a disc finder that takes its time")
    seconds = 0.25

    def predict(self, image, trimap=None):
        import cv2

        end = time.perf_counter() + self.seconds
        work = np.asarray(image, np.float32)
        while time.perf_counter() < end:
            work = cv2.GaussianBlur(work, (0, 0), 3)
        return super().predict(image, trimap)


class CrashBackend(DiscBackend):
    info = BackendInfo(id="test-crash", name="Test crash", description="crashes on files named crash*")

    def predict(self, image, trimap=None):
        if np.asarray(image)[0, 0, 1] == 7:  # the marker pixel make_folder puts into crash* files
            raise RuntimeError("the model crashed (test)")
        return super().predict(image, trimap)


TEST_BACKENDS = (DiscBackend, SlowBackend, CrashBackend)


class DirectPatch:
    """What ``register`` needs of pytest's monkeypatch, for scripts that run outside pytest (changes stay)."""

    def setattr(self, obj, name, value):
        setattr(obj, name, value)


def register(monkeypatch, *classes) -> None:
    """Add test backends to the registry (as entry points, so the real discovery code path runs)."""
    classes = classes or TEST_BACKENDS
    real = registry._entry_points()
    extra = [metadata.EntryPoint(name=c.info.id, value=f"{c.__module__}:{c.__name__}", group=registry.GROUP)
             for c in classes]
    monkeypatch.setattr(registry, "_entry_points", lambda: real + extra)
    for c in classes:
        registry._factories.pop(c.info.id, None)
        registry.forget(c.info.id)


def make_folder(folder: Path, count: int = 3, size: tuple[int, int] = (120, 160), crash: int = 0,
                suffix: str = ".png") -> list[Path]:
    """``count`` disc photos (and ``crash`` photos marked for ``test-crash``) in ``folder``."""
    from PIL import Image

    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(count + crash):
        rgb, _alpha = disc_scene(size[0], size[1], seed=i)
        name = f"photo{i:02d}{suffix}" if i < count else f"crash{i:02d}{suffix}"
        if i >= count:
            rgb[0, 0, 1] = 7
        elif rgb[0, 0, 1] == 7:
            rgb[0, 0, 1] = 8
        path = folder / name
        Image.fromarray(rgb).save(path)
        paths.append(path)
    return paths


def open_window(qtbot, monkeypatch, backend: str = "test-disc", **prefs):
    """A main window (not shown) using ``backend``, with the test backends registered; closed by the caller."""
    from desktop.app.main_window import MainWindow
    from desktop.app.settings import Preferences

    register(monkeypatch)
    window = MainWindow(Preferences(backend=backend, **prefs))
    # closing with work running asks (a modal question): a test that fails mid-batch must not wait in it for
    # ever when pytest-qt closes the window, so the answer is "yes, cancel and quit" unless a test asks otherwise
    window.ask = lambda _title, _text: True
    qtbot.addWidget(window)
    return window


def shut(window) -> None:
    """Cancel what runs and wait for it; fails when a thread outlives the window."""
    window.pool.cancel_all()
    assert window.pool.wait(20_000), "a worker did not finish"
    assert window.pool.pool.activeThreadCount() == 0


def two_discs_scene(h: int = 160, w: int = 240, seed: int = 0) -> np.ndarray:
    """RGB uint8: a big red disc (centre (70, 80), radius 40), a small one (centre (190, 40), radius 15) and a
    white square (x 160-210, y 95-145, which ``test-disc`` does not find) on a noisy blue-green background."""
    rng = np.random.default_rng(seed)
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float64)
    bg = np.dstack([0.1 + 0.1 * xx / w, 0.5 + 0.3 * yy / h, 0.6 - 0.2 * xx / w]) + rng.normal(0, 0.02, (h, w, 3))
    img = bg
    for cx, cy, r in ((70, 80, 40), (190, 40, 15)):
        a = np.clip((r - np.hypot(yy - cy, xx - cx)) / 1.5 + 0.5, 0, 1)[..., None]
        img = a * np.array([0.85, 0.2, 0.15]) + (1 - a) * img
    img[95:145, 160:210] = 0.9 + rng.normal(0, 0.01, (50, 50, 3))
    return np.round(np.clip(img, 0, 1) * 255).astype(np.uint8)


def make_two_discs(folder: Path, name: str = "two_discs.png", size: tuple[int, int] = (160, 240)) -> Path:
    from PIL import Image

    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    Image.fromarray(two_discs_scene(*size)).save(path)
    return path


class ScreenProbe:
    """For the scripts that drive the window on a real X display: wait for a signal, let X draw, grab the window,
    read a pixel, and find a scene point on screen. Waiting runs an event loop, not ``QTest.qWait`` (which holds the
    GIL while it sleeps and starves the workers)."""

    def __init__(self, window, out: Path):
        self.window, self.out = window, out

    def wait(self, signal, ms: int = 20_000) -> None:
        from PySide6.QtCore import QEventLoop, QTimer

        loop = QEventLoop()
        signal.connect(loop.quit)
        QTimer.singleShot(ms, loop.quit)
        loop.exec()

    def settle(self, ms: int = 150) -> None:
        """Let X draw what Qt flushed (a real display is asynchronous)."""
        from PySide6.QtCore import QEventLoop, QTimer

        loop = QEventLoop()
        QTimer.singleShot(ms, loop.quit)
        loop.exec()

    def shot(self, name: str, widget=None):
        """Grab ``widget`` (the window by default) from the screen, save it as ``name``.png and return it."""
        self.settle()
        widget = widget or self.window
        image = widget.screen().grabWindow(widget.winId()).toImage()
        image.save(str(self.out / f"{name}.png"))
        return image

    @staticmethod
    def rgb(image, x, y) -> list[int]:
        c = image.pixelColor(int(x), int(y))
        return [c.red(), c.green(), c.blue()]

    def canvas_point(self, x, y) -> tuple[int, int]:
        """Where the scene point (x, y) of the canvas is, in window coordinates."""
        from PySide6.QtCore import QPointF

        canvas = self.window.canvas
        p = canvas.mapTo(self.window, canvas.mapFromScene(QPointF(x, y)))
        return p.x(), p.y()
