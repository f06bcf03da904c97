"""Workers: generator progress, results, errors as signals, cancellation between yields, no thread left behind."""
from __future__ import annotations

import threading

import pytest

pytest.importorskip("pytestqt")

from desktop.app.workers import WorkerPool  # noqa: E402


@pytest.fixture
def pool(qtbot):
    pool = WorkerPool(2)
    yield pool
    pool.cancel_all()
    assert pool.wait(10_000)
    assert pool.pool.activeThreadCount() == 0


def counting(n):
    for i in range(n):
        yield i
    return "done"


def test_generator_reports_progress_then_result(qtbot, pool):
    worker = pool.prepare(counting, 3)
    seen = []
    worker.signals.progress.connect(seen.append)
    with qtbot.waitSignal(worker.signals.result, timeout=5000) as blocker:
        pool.start(worker)
    assert blocker.args == ["done"]
    qtbot.waitUntil(lambda: seen == [0, 1, 2], timeout=2000)
    qtbot.waitUntil(lambda: not pool.busy, timeout=2000)


def test_plain_function_result(qtbot, pool):
    worker = pool.prepare(lambda a, b: a + b, 2, 3)
    with qtbot.waitSignal(worker.signals.result, timeout=5000) as blocker:
        pool.start(worker)
    assert blocker.args == [5]


def test_error_is_a_signal_and_the_pool_goes_on(qtbot, pool):
    def boom():
        raise ValueError("bad input")

    worker = pool.prepare(boom)
    with qtbot.waitSignal(worker.signals.errored, timeout=5000) as blocker:
        pool.start(worker)
    exc = blocker.args[0]
    assert isinstance(exc, ValueError) and "bad input" in str(exc)
    assert "Traceback" in exc.__traceback_text__
    worker = pool.prepare(lambda: 1)
    with qtbot.waitSignal(worker.signals.result, timeout=5000):
        pool.start(worker)


def test_cancel_stops_a_generator_between_yields(qtbot, pool):
    release = threading.Event()
    reached = []

    def slow():
        for i in range(1000):
            reached.append(i)
            yield i
            release.wait(5)

    worker = pool.prepare(slow)
    got = []
    worker.signals.result.connect(got.append)
    with qtbot.waitSignal(worker.signals.progress, timeout=5000):
        pool.start(worker)
    with qtbot.waitSignal(worker.signals.cancelled, timeout=5000):
        worker.cancel()
        release.set()
    assert got == [] and len(reached) <= 2


def test_task_state_is_passed_and_cancel_event_is_shared(qtbot, pool):
    def waits(state):
        state.progress("waiting")
        state.cancel_event.wait(10)
        state.check()
        return "not cancelled"

    worker = pool.prepare(waits)
    with qtbot.waitSignal(worker.signals.progress, timeout=5000):
        pool.start(worker)
    with qtbot.waitSignal(worker.signals.cancelled, timeout=5000):
        worker.cancel()


def test_idle_after_the_last_worker(qtbot, pool):
    with qtbot.waitSignal(pool.idle, timeout=5000):
        for i in range(4):
            pool.submit(lambda x=i: x)
    assert not pool.busy
