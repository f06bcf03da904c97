"""A dependency-free progress bar with rate and ETA for the terminal (stderr); plain lines when not a TTY."""
from __future__ import annotations

import sys
import time


def _clock(seconds: float) -> str:
    seconds = int(max(seconds, 0))
    h, rem = divmod(seconds, 3600)
    m, s = divmod(rem, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m:02d}:{s:02d}"


class ProgressBar:
    def __init__(self, total: int, label: str = "", stream=None, width: int = 28):
        self.total, self.label, self.width = max(total, 0), label, width
        self.stream = stream or sys.stderr
        self.done = 0
        self.timed = 0  # items that took work (skipped ones do not count towards the rate)
        self.start = time.monotonic()
        self.tty = hasattr(self.stream, "isatty") and self.stream.isatty()
        self._last_line = 0.0

    def eta(self) -> float | None:
        if self.timed == 0 or self.total == 0:
            return None
        elapsed = time.monotonic() - self.start
        return elapsed / self.timed * (self.total - self.done)

    def text(self, note: str = "") -> str:
        frac = self.done / self.total if self.total else 1.0
        filled = int(round(frac * self.width))
        eta = self.eta()
        parts = [f"{self.label} " if self.label else "", f"[{'#' * filled}{'.' * (self.width - filled)}] ",
                 f"{self.done}/{self.total} {frac:4.0%}", f" elapsed {_clock(time.monotonic() - self.start)}",
                 f" ETA {_clock(eta)}" if eta is not None else "", f"  {note}" if note else ""]
        return "".join(parts)

    def update(self, n: int = 1, note: str = "", timed: bool = True) -> None:
        """``n`` more items are finished; ``timed=False`` for those that took no work (skipped)."""
        self.done = min(self.total, self.done + n)
        if timed:
            self.timed += n
        if self.tty:
            self.stream.write("\r\033[K" + self.text(note)[:160])
            self.stream.flush()
        elif self.done == self.total or time.monotonic() - self._last_line > 5:
            self._last_line = time.monotonic()
            self.stream.write(self.text(note) + "\n")
            self.stream.flush()

    def close(self) -> None:
        if self.tty:
            self.stream.write("\n")
            self.stream.flush()
