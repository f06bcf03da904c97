"""Training in a separate process, followed without blocking the UI thread.

``TrainingProcess`` starts ``training.launch.command(RUN, gpus)`` (``training/worker.py RUN``, or Paddle's
distributed launcher for several GPUs) with a ``QProcess`` and reads the JSON lines appended to
``RUN/progress.jsonl`` on a timer (small reads of what was appended, on the UI thread; nothing waits). Each event
is emitted as ``event(dict)``; ``finished(status, exit_code)`` comes once, after the process exited and the file was
read to the end (status from the ``end`` event, or ``'crashed'`` when the process died without one).

``cancel()`` sends SIGTERM, which the worker turns into a clean stop (a checkpoint at the current iteration, then
exit 130); if it has not exited after ``grace_ms`` it is killed. The process's own output (warnings, tracebacks) is
kept in ``log_tail`` for error messages.
"""
from __future__ import annotations

import json
import os
import sys
from collections import deque
from pathlib import Path

from PySide6.QtCore import QObject, QProcess, QProcessEnvironment, QTimer, Signal

from training import launch

REPO = Path(launch.__file__).resolve().parents[1]
PROGRESS = "progress.jsonl"


class TrainingProcess(QObject):
    started = Signal()
    event = Signal(dict)
    output = Signal(str)  # lines the process printed (stdout and stderr together)
    finished = Signal(str, int)  # end status ('done', 'cancelled', 'nan', 'error' or 'crashed'), exit code

    def __init__(self, run_dir, gpus: int = 1, python: str | None = None, poll_ms: int = 200,
                 grace_ms: int = 60_000, parent: QObject | None = None):
        super().__init__(parent)
        self.run_dir = Path(run_dir)
        self.gpus = gpus
        self.python = python or sys.executable
        self.grace_ms = grace_ms
        self.process: QProcess | None = None
        self.status: str | None = None  # from the end event
        self.cancelling = False
        self.log_tail: deque[str] = deque(maxlen=60)
        self._offset = 0
        self._buffer = ""
        self._pending_output = ""
        self.timer = QTimer(self)
        self.timer.setInterval(poll_ms)
        self.timer.timeout.connect(self.poll)
        self.kill_timer = QTimer(self)
        self.kill_timer.setSingleShot(True)
        self.kill_timer.timeout.connect(self.kill)

    @property
    def progress_file(self) -> Path:
        return self.run_dir / PROGRESS

    def command(self) -> list[str]:
        return launch.command(self.run_dir, self.gpus, python=self.python)

    def is_running(self) -> bool:
        return self.process is not None and self.process.state() != QProcess.ProcessState.NotRunning

    def pid(self) -> int | None:
        return int(self.process.processId()) if self.process is not None and self.is_running() else None

    # --- control --------------------------------------------------------------------------------------------------

    def start(self) -> None:
        """Start the job (``RUN/config.json`` must be written); only events appended from now on are reported."""
        if self.is_running():
            raise RuntimeError("this training process is already running")
        self.status, self.cancelling = None, False
        self._offset = self.progress_file.stat().st_size if self.progress_file.exists() else 0
        self._buffer = ""
        cmd = self.command()
        process = QProcess(self)
        process.setProgram(cmd[0])
        process.setArguments(cmd[1:])
        process.setWorkingDirectory(str(REPO))
        env = QProcessEnvironment.systemEnvironment()
        env.insert("PYTHONUNBUFFERED", "1")
        env.insert("PYTHONPATH", os.pathsep.join(filter(None, [str(REPO), env.value("PYTHONPATH", "")])))
        process.setProcessEnvironment(env)
        process.setProcessChannelMode(QProcess.ProcessChannelMode.MergedChannels)
        process.readyReadStandardOutput.connect(self._read_output)
        process.finished.connect(self._finished)
        process.errorOccurred.connect(self._error)
        self.process = process
        process.start()
        self.timer.start()
        self.started.emit()

    def cancel(self) -> None:
        """Ask the job to stop cleanly (checkpoint, then exit); killed if it takes longer than ``grace_ms``."""
        if not self.is_running():
            return
        self.cancelling = True
        self.process.terminate()  # SIGTERM: the worker's signal handler cancels at the next iteration
        self.kill_timer.start(self.grace_ms)

    def kill(self) -> None:
        if self.is_running():
            self.process.kill()

    def wait(self, msecs: int = 30_000) -> bool:
        """Block until the process exited (shutdown and tests); True when it is not running."""
        if self.process is None:
            return True
        if self.is_running():
            self.process.waitForFinished(msecs)
        return not self.is_running()

    # --- following ------------------------------------------------------------------------------------------------

    def poll(self) -> list[dict]:
        """Read what was appended to the progress file and emit its events."""
        events = []
        try:
            with open(self.progress_file, encoding="utf-8") as f:
                f.seek(self._offset)
                chunk = f.read()
                self._offset = f.tell()
        except OSError:
            return events
        self._buffer += chunk
        *lines, self._buffer = self._buffer.split("\n")
        for line in lines:
            if not line.strip():
                continue
            try:
                event = json.loads(line)
            except ValueError:
                continue
            if event.get("event") == "end":
                self.status = event.get("status")
            events.append(event)
            self.event.emit(event)
        return events

    def _read_output(self) -> None:
        data = bytes(self.process.readAllStandardOutput()).decode("utf-8", "replace")
        self._pending_output += data
        *lines, self._pending_output = self._pending_output.split("\n")
        for line in lines:
            line = line.rstrip()
            if line and not line.startswith('{"event"'):  # the events themselves come from the file
                self.log_tail.append(line)
                self.output.emit(line)

    def _error(self, error) -> None:
        if error == QProcess.ProcessError.FailedToStart:
            self.log_tail.append(f"could not start {' '.join(self.command())}: {self.process.errorString()}")
            self._finished(-1, QProcess.ExitStatus.CrashExit)

    def _finished(self, code: int, exit_status) -> None:
        if not self.timer.isActive() and self.status is not None:
            return  # already reported (a failed start reports once)
        self.timer.stop()
        self.kill_timer.stop()
        if self.process is not None:
            self._read_output()
        self.poll()
        status = self.status or "crashed"
        if status == "crashed" and self.status is None:
            self.status = status
        self.finished.emit(status, int(code))

    def tail(self, lines: int = 12) -> str:
        return "\n".join(list(self.log_tail)[-lines:])
