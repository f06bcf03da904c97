"""JIT cache location and the solver warm-up."""
from __future__ import annotations

import json
import os
import subprocess
import sys


def test_jit_cache_goes_to_the_app_cache_folder(private_home):
    """The command's start-up puts numba's cache in the app's cache folder, unless the user chose one."""
    code = ("import os, json\nfrom desktop.cli.main import main\n"
            "try:\n    main(['--version'])\nexcept SystemExit:\n    pass\n"
            "print(json.dumps(os.environ.get('NUMBA_CACHE_DIR')))")
    env = {k: v for k, v in os.environ.items() if k != "NUMBA_CACHE_DIR"}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    folder = json.loads(out.stdout.strip().splitlines()[-1])
    assert folder == str(private_home / "cache" / "numba") and os.path.isdir(folder)
    env["NUMBA_CACHE_DIR"] = "/somewhere/else"
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert json.loads(out.stdout.strip().splitlines()[-1]) == "/somewhere/else"


def test_warm_up_runs_the_solvers():
    from backends.warmup import warm_up

    warm_up()  # raises if the solver or the estimator fails on the tiny scene


def test_cold_cache_is_detected(tmp_path, monkeypatch):
    from backends.warmup import jit_cache_is_warm

    monkeypatch.setenv("NUMBA_CACHE_DIR", str(tmp_path / "numba"))
    assert not jit_cache_is_warm()
    (tmp_path / "numba" / "pymatting").mkdir(parents=True)
    (tmp_path / "numba" / "pymatting" / "cf_laplacian-1.py311.nbi").write_bytes(b"index")
    assert jit_cache_is_warm()


def test_the_cli_says_what_it_does_while_the_kernels_compile(tmp_path, monkeypatch, capsys):
    import numpy as np
    from PIL import Image

    from backends import warmup
    from desktop.cli.main import main

    Image.fromarray(np.zeros((16, 16, 3), np.uint8)).save(tmp_path / "a.png")
    (tmp_path / "trimaps").mkdir()
    Image.fromarray(np.full((16, 16), 128, np.uint8)).save(tmp_path / "trimaps" / "a.png")
    monkeypatch.setattr(warmup, "jit_cache_is_warm", lambda: False)  # as on the first run after installing
    main(["cutout", str(tmp_path / "a.png"), "-o", str(tmp_path / "out"), "--backend", "closed-form",
          "--trimap-dir", str(tmp_path / "trimaps")])
    assert "preparing the matting engine (compiling its kernels, once" in capsys.readouterr().err
