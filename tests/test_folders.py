"""Replacing a folder: the destination is never missing, whatever step a process is killed at."""
from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from backends import folders

REPO = Path(__file__).resolve().parents[1]

# A child process that replaces DEST by TMP and is killed (os._exit, no clean-up of any kind) at the Nth line that
# runs inside backends/folders.py; exit code 0 means it got through all of them.
KILLED_AT = textwrap.dedent("""
    import os, sys
    sys.path.insert(0, {repo!r})
    from backends import folders
    if {fallback!r}:
        folders._exchange = lambda a, b: False
    count = 0

    def tracer(frame, event, arg):
        global count
        if frame.f_code.co_filename != folders.__file__:
            return None
        if event == "line":
            count += 1
            if count == {n}:
                os._exit(3)
        return tracer

    sys.settrace(tracer)
    {call}
    sys.settrace(None)
""")


def _folder(path: Path, content: str) -> Path:
    path.mkdir(parents=True)
    (path / "a.txt").write_text(content)
    (path / "b.txt").write_text(content * 2)
    return path


def _content(path: Path) -> str | None:
    """'old' / 'new' when the folder is complete and of one version, else None."""
    try:
        a, b = (path / "a.txt").read_text(), (path / "b.txt").read_text()
    except OSError:
        return None
    return a if b == a * 2 else None


def _kill_at(n: int, call: str, fallback: bool) -> int:
    code = KILLED_AT.format(repo=str(REPO), fallback=fallback, n=n, call=call)
    return subprocess.run([sys.executable, "-c", code], cwd=REPO).returncode


@pytest.mark.parametrize("fallback", [False, True], ids=["atomic-exchange", "two-renames"])
def test_a_kill_at_any_step_of_replace_dir_never_loses_the_destination(tmp_path, fallback):
    if not fallback and folders._swap_function() is None:
        pytest.skip("this system has no atomic folder exchange")
    outcomes = set()
    for n in range(1, 200):
        root = tmp_path / str(n)
        dest = _folder(root / "dest", "old")
        tmp = _folder(root / ".dest.new", "new")
        code = _kill_at(n, f"folders.replace_dir({str(tmp)!r}, {str(dest)!r})", fallback)
        if not fallback:  # one atomic swap: there is always a complete folder at dest
            assert _content(dest) in ("old", "new"), f"killed at line {n}: {dest} is missing or mixed"
        else:  # two renames: a kill between them leaves the old folder beside dest, put back by the next call
            if not dest.exists():
                assert folders.recover_dir(dest), f"killed at line {n}: nothing to recover {dest} from"
            assert _content(dest) in ("old", "new")
        outcomes.add(_content(dest))
        # whatever happened, the next replace works and leaves nothing else beside the destination
        folders.replace_dir(_folder(root / ".dest.newer", "newer"), dest)
        assert _content(dest) == "newer"
        leftovers = sorted(p.name for p in root.iterdir() if p.name not in ("dest", ".dest.new"))
        assert leftovers == [], f"killed at line {n}: left {leftovers}"
        if code == 0:
            break
    else:
        pytest.fail("replace_dir never finished")
    assert outcomes == {"old", "new"}  # the kills did land both before and after the switch


def test_write_dir_leaves_the_old_folder_when_writing_fails(tmp_path):
    dest = _folder(tmp_path / "dest", "old")

    def broken(tmp: Path):
        (tmp / "a.txt").write_text("half")
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        folders.write_dir(dest, broken)
    assert _content(dest) == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["dest"]


def test_write_dir_replaces_or_keeps(tmp_path):
    dest = _folder(tmp_path / "dest", "old")
    folders.write_dir(dest, lambda tmp: [(tmp / "a.txt").write_text("new"), (tmp / "b.txt").write_text("newnew")])
    assert _content(dest) == "new"
    folders.write_dir(dest, lambda tmp: (tmp / "a.txt").write_text("other"), keep=lambda d: _content(d) == "new")
    assert _content(dest) == "new"  # kept: e.g. another process finished the same cache entry first
    assert [p.name for p in tmp_path.iterdir()] == ["dest"]
    folders.write_dir(tmp_path / "fresh" / "x", lambda tmp: (tmp / "a.txt").write_text("x"))
    assert (tmp_path / "fresh" / "x" / "a.txt").read_text() == "x"


def test_remove_dir(tmp_path):
    dest = _folder(tmp_path / "dest", "old")
    folders.remove_dir(dest)
    folders.remove_dir(dest)  # already gone: nothing to do
    assert list(tmp_path.iterdir()) == []
