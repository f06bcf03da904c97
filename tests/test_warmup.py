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
