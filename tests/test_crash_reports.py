"""Native crashes leave a trace: every thread's stack on standard error for the CLI, a crash report for the app
that the next start points to (``backends.fault_trace``, ``desktop.app.crash_reports``). The crashes are real
segmentation faults, in child processes."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]

# a worker thread dies on a segmentation fault after paddle was imported, as a batch stage would
CRASH_IN_WORKER = """
import faulthandler, threading
def matte_stage():
    faulthandler._sigsegv()
worker = threading.Thread(target=matte_stage, name="batch-matte-0")
worker.start()
worker.join()
"""


def run(code: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], cwd=REPO, capture_output=True, text=True,
                          timeout=300)


def crashed(proc: subprocess.CompletedProcess) -> bool:
    return proc.returncode == -signal.SIGSEGV


@pytest.mark.slow
def test_paddle_silences_a_crash_and_rearm_gives_the_stacks_back():
    setup = "from backends import fault_trace\nfault_trace.enable()\nimport paddle\n"
    silent = run(setup + CRASH_IN_WORKER)
    assert crashed(silent)
    # paddle's own handlers say nothing: why rearm exists (if paddle stops doing this, rearm is merely harmless)
    assert "matte_stage" not in silent.stderr
    traced = run(setup + "fault_trace.rearm()\n" + CRASH_IN_WORKER)
    assert crashed(traced)
    assert "Fatal Python error: Segmentation fault" in traced.stderr
    assert "matte_stage" in traced.stderr and "Current thread" in traced.stderr


def test_rearm_without_enable_leaves_signals_alone():
    proc = run("""
        import faulthandler
        from backends import fault_trace
        fault_trace.rearm()
        print(faulthandler.is_enabled())
    """)
    assert proc.returncode == 0 and proc.stdout.strip() == "False"


@pytest.mark.slow
def test_cli_crash_after_a_backend_loaded_paddle_prints_every_thread():
    """``matting-studio``'s entry point arms the trace; a command gets a backend whose ``load`` imports paddle
    through ``registry.get`` (the real discovery path: an entry point), then a worker thread crashes."""
    proc = run("""
        import faulthandler, threading
        from importlib import metadata
        import numpy as np
        from backends import registry
        from backends.contract import Backend, BackendInfo
        from desktop.cli import main as cli

        class PaddleBackend(Backend):
            info = BackendInfo(id="paddle-test", name="Paddle test", description="imports paddle when loaded",
                               needs_trimap=False, needs_weights=False)
            def load(self):
                import paddle  # noqa: F401 - what a zoo backend's load does
            def predict(self, image, trimap=None):
                return np.zeros(image.shape[:2], np.float32)

        real = registry._entry_points()
        registry._entry_points = lambda: real + [metadata.EntryPoint(
            name="paddle-test", value="__main__:PaddleBackend", group=registry.GROUP)]

        def command(argv):
            registry.get("paddle-test")
            def matte_stage():
                faulthandler._sigsegv()
            worker = threading.Thread(target=matte_stage, name="batch-matte-0")
            worker.start()
            worker.join()
        cli.main = command
        cli.console_main([])
    """)
    assert crashed(proc), proc.stderr[-2000:]
    assert "Fatal Python error: Segmentation fault" in proc.stderr and "matte_stage" in proc.stderr


@pytest.mark.slow
def test_app_crash_report_is_kept_and_found_at_the_next_start(tmp_path):
    folder = tmp_path / "crash-reports"
    proc = run(textwrap.dedent(f"""
        from pathlib import Path
        from desktop.app.crash_reports import CrashReports
        CrashReports(Path({str(folder)!r})).start()
        import paddle  # noqa: F401
        from backends import fault_trace
        fault_trace.rearm()
    """) + CRASH_IN_WORKER)
    assert crashed(proc)
    assert proc.stderr.count("matte_stage") == 0  # the stacks went to the report, not to the terminal
    [running] = folder.glob("running-*.log")
    assert "matte_stage" in running.read_text()

    # the next start keeps it under a dated name and returns it; a clean exit deletes its own empty file
    proc = run(f"""
        from pathlib import Path
        from desktop.app.crash_reports import CrashReports
        reports = CrashReports(Path({str(folder)!r}))
        print(reports.start())
        reports.stop()
    """)
    assert proc.returncode == 0, proc.stderr
    report = Path(proc.stdout.strip())
    assert report.parent == folder and report.name.startswith("crash-")
    assert "Fatal Python error: Segmentation fault" in report.read_text() and "matte_stage" in report.read_text()
    assert sorted(p.name for p in folder.iterdir()) == [report.name]
    proc = run(f"""
        from pathlib import Path
        from desktop.app.crash_reports import CrashReports
        reports = CrashReports(Path({str(folder)!r}))
        print(reports.start())
        reports.stop()
    """)
    assert proc.stdout.strip() == "None"


def test_only_the_newest_reports_are_kept_and_empty_files_of_ended_runs_removed(tmp_path):
    from desktop.app.crash_reports import KEEP, CrashReports

    folder = tmp_path / "reports"
    folder.mkdir()
    for i in range(KEEP + 2):
        path = folder / f"running-{1000 + i}.log"
        path.write_text(f"Fatal Python error: crash {i}\n")
        os.utime(path, (1_700_000_000 + i, 1_700_000_000 + i))
    (folder / f"running-{os.getpid()}.log").write_text("")  # another window still open
    ended = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    (folder / f"running-{ended.stdout.strip()}.log").write_text("")  # a window killed without a trace
    newest = CrashReports(folder)._keep_reports()
    reports = sorted(folder.glob("crash-*.log"))
    assert len(reports) == KEEP
    assert newest is not None and newest.read_text() == f"Fatal Python error: crash {KEEP + 1}\n"
    assert {p.read_text() for p in reports} == {f"Fatal Python error: crash {i}\n" for i in range(2, KEEP + 2)}
    assert (folder / f"running-{os.getpid()}.log").exists()
    if os.name == "posix":
        assert not (folder / f"running-{ended.stdout.strip()}.log").exists()


def test_unwritable_folder_falls_back_to_standard_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    proc = run(f"""
        import faulthandler
        from pathlib import Path
        from desktop.app.crash_reports import CrashReports
        reports = CrashReports(Path({str(blocker / 'crash-reports')!r}))
        print(reports.start(), faulthandler.is_enabled())
        reports.stop()
    """)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == ["None", "True"]


def test_window_says_where_the_report_is(qtbot, monkeypatch, tmp_path):
    pytest.importorskip("pytestqt")
    from app_support import open_window

    window = open_window(qtbot, monkeypatch)
    report = tmp_path / "crash-20261203-050000.log"
    window.tell_crash(report)
    assert "stopped unexpectedly" in window.message.text() and str(report) in window.message.text()


def test_no_standard_error_is_no_error():
    """A windowed app on Windows has no standard error: arming the trace there must not stop the start."""
    proc = run("""
        import faulthandler, sys
        from backends import fault_trace
        sys.stderr = None
        fault_trace.enable()
        fault_trace.rearm()
        print(faulthandler.is_enabled())
    """)
    assert proc.returncode == 0 and proc.stdout.strip() == "False"
