"""``matting-studio models``: list, import, remove and path, through a parser built as main.py builds it."""
from __future__ import annotations

import argparse
import io

import pytest

from backends.zoo import store
from desktop.cli import models_cmd


@pytest.fixture(autouse=True)
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("MATTING_STUDIO_HOME", str(tmp_path / "home"))
    return tmp_path / "home"


def run(*argv: str) -> int:
    parser = argparse.ArgumentParser(prog="matting-studio")
    models_cmd.register(parser.add_subparsers(dest="command"))
    args = parser.parse_args(list(argv))
    return args.func(args)


def test_list_is_the_default(capsys):
    assert run("models") == 0
    out = capsys.readouterr().out
    assert run("models", "list") == 0
    assert capsys.readouterr().out == out
    lines = out.splitlines()
    assert lines[0].split()[:4] == ["ID", "MODEL", "INSTALLED", "SIZE"]
    rows = {line.split()[0]: line for line in lines[1:9]}
    assert list(rows) == ["ppmattingv2-512", "ppmatting-512", "ppmatting-1024", "pp-humanmatting",
                          "modnet-mobilenetv2", "modnet-resnet50_vd", "modnet-hrnet_w18", "dim-vgg16"]
    assert "for speed" in rows["ppmattingv2-512"] and "for quality" in rows["ppmatting-512"]
    assert "needs" in rows["dim-vgg16"] and "~26 MB" in rows["modnet-mobilenetv2"]
    assert "Apache-2.0" in out


def test_import_list_remove(reference_dir, capsys, home):
    official = reference_dir / "official-format"
    assert run("models", "import", str(official / "modnet-mobilenetv2.pdparams")) == 0
    assert "installed model modnet-mobilenetv2" in capsys.readouterr().out
    assert run("models", "import", str(official / "modnet-mobilenetv2.pdparams"), "--id", "mine") == 0
    assert "installed user model mine" in capsys.readouterr().out
    run("models", "list")
    out = capsys.readouterr().out
    row = next(line for line in out.splitlines() if line.startswith("modnet-mobilenetv2"))
    assert "checkpoint" in row and "26.1 MB" in row
    assert any(line.startswith("mine ") and "user model" in line for line in out.splitlines())
    assert run("models", "remove", "mine") == 0 and not store.is_installed("mine")
    assert run("models", "remove", "mine") == 1
    assert "not installed" in capsys.readouterr().err


def test_import_errors_are_one_clear_line(reference_dir, tmp_path, capsys):
    official = reference_dir / "official-format"
    assert run("models", "import", str(official / "modnet-mobilenetv2.pdparams"), "--id", "dim-vgg16") == 1
    err = capsys.readouterr().err
    assert err.startswith("error: ") and "not for DIM-VGG16" in err and "Traceback" not in err
    bad = tmp_path / "x.pdparams"
    bad.write_bytes(b"\x80\x04\x95")
    assert run("models", "import", str(bad)) == 1
    assert "truncated" in capsys.readouterr().err
    evil = tmp_path / "evil.pdparams"
    evil.write_bytes(b"\x80\x04\x95\x1f\x00\x00\x00\x00\x00\x00\x00\x8c\x05posix\x94\x8c\x06system\x94\x93\x94"
                     b"\x8c\x04true\x94\x85\x94R\x94.")
    assert run("models", "import", str(evil)) == 1
    assert "refused global posix.system" in capsys.readouterr().err
    assert run("models", "import", str(tmp_path / "absent.zip")) == 1
    assert "no such file" in capsys.readouterr().err


def test_path_and_unknown_id(capsys, home):
    assert run("models", "path") == 0
    assert capsys.readouterr().out.strip() == str(home / "data" / "models")
    assert run("models", "download", "modnet") == 2
    assert "unknown model 'modnet'" in capsys.readouterr().err


def test_progress_bar_lines_when_not_a_terminal():
    stream = io.StringIO()
    ticks = iter([0.0, 0.0, 0.05, 3.0, 3.1])
    bar = models_cmd.ProgressBar("m", stream, clock=lambda: next(ticks))
    bar(0, 2_000_000)
    bar(500_000, 2_000_000)  # too soon after the last line: skipped
    bar(1_000_000, 2_000_000)
    bar(2_000_000, 2_000_000)  # the end is always drawn
    bar.finish()
    lines = stream.getvalue().splitlines()
    assert len(lines) == 3 and "50%" in lines[1] and "100%" in lines[2] and "2.0/2.0 MB" in lines[2]
