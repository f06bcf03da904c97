"""The UI thread never blocks on model work: while "Process all" runs, the event loop answers a 5 ms timer with no
gap over 100 ms (measured, not assumed), even while the user flips through the images.

One hiccup of the machine (another job, a page fault storm on a shared CI runner) is forgiven up to 250 ms; model
work on the UI thread would not be a single hiccup: each of the 8 images takes 200 ms, so it shows as many gaps of
200 ms or more."""
from __future__ import annotations

import time

import pytest

pytest.importorskip("pytestqt")

from PySide6.QtCore import QTimer  # noqa: E402

from app_support import SlowBackend, make_folder, open_window, shut  # noqa: E402

MAX_GAP = 0.100
#: the one gap the machine may take for itself
MAX_HICCUP = 0.250


def test_event_loop_stays_responsive_during_a_batch(qtbot, monkeypatch, tmp_path):
    monkeypatch.setattr(SlowBackend, "seconds", 0.2)
    w = open_window(qtbot, monkeypatch, backend="test-slow", workers=2)
    make_folder(tmp_path / "in", 8, size=(600, 800))
    w.show()
    with qtbot.waitSignal(w.model.thumbnailsLoaded, timeout=20_000):
        w.open_paths([tmp_path / "in"])
    ticks: list[float] = []
    timer = QTimer()
    timer.setInterval(5)
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    flip = QTimer()
    flip.setInterval(150)
    flip.timeout.connect(lambda: w.step(1))  # the user browses while it runs
    timer.start()
    flip.start()
    with qtbot.waitSignal(w.batch.finished, timeout=60_000) as blocker:
        assert w.process_all()
    timer.stop()
    flip.stop()
    summary = blocker.args[0]
    assert summary.done == 8, summary
    assert summary.seconds > 0.5  # the batch really worked for a while
    gaps = [b - a for a, b in zip(ticks, ticks[1:])]
    assert len(ticks) > 20
    worst, second = sorted(gaps)[-1], sorted(gaps)[-2]
    assert second < MAX_GAP, f"the event loop stalled twice or more, for {second * 1000:.0f} ms and more"
    assert worst < MAX_HICCUP, f"the event loop stalled for {worst * 1000:.0f} ms during the batch"
    shut(w)
