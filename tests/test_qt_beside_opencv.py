"""A real Qt window opens under Xvfb with OpenCV (opencv-contrib, mediapipe's) imported in the same process.

Two OpenCV distributions, or OpenCV's own bundled Qt plugins, can break PySide6's platform plugin; this test
catches that by opening a real xcb window, grabbing it and checking its pixels.
"""
from __future__ import annotations

import json
import sys
from importlib import metadata

import pytest

from tests.xvfb import run_under_xvfb

SCRIPT = r"""
import json, sys
import cv2, mediapipe  # imported first, as the app does
from PySide6.QtWidgets import QApplication, QLabel
from PySide6.QtCore import Qt, QTimer
app = QApplication(sys.argv)
w = QLabel("Matting Studio"); w.setStyleSheet("background: rgb(200, 30, 60); color: white")
w.resize(320, 200); w.show()
def grab():
    img = w.grab().toImage()
    c = img.pixelColor(5, 5)
    print(json.dumps({"platform": app.platformName(), "rgb": [c.red(), c.green(), c.blue()],
                      "size": [img.width(), img.height()], "cv2": cv2.__version__}))
    app.quit()
QTimer.singleShot(300, grab)
app.exec()
"""


def test_one_opencv_distribution_only():
    names = {d.metadata["Name"].lower() for d in metadata.distributions()}
    cv = sorted(n for n in names if n.startswith("opencv"))
    assert cv == ["opencv-contrib-python"], cv


def test_real_qt_window_opens_beside_opencv():
    try:
        run = run_under_xvfb([sys.executable, "-c", SCRIPT], timeout=120)
    except RuntimeError as exc:
        pytest.skip(str(exc))
    assert run.returncode == 0, run.stderr[-2000:]
    result = json.loads(run.stdout.strip().splitlines()[-1])
    assert result["platform"] == "xcb"
    assert result["size"] == [320, 200]
    assert result["rgb"] == [200, 30, 60]
