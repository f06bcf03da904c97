"""PyInstaller runtime hook of Matting Studio: runs in the frozen app before packaging/frozen_main.py.

* A windowed executable on Windows has no console: ``sys.stdout`` / ``sys.stderr`` are None there, and a library
  that prints a warning or a progress line would raise. They go to the null device instead (a training worker
  started with pipes keeps its real streams).
* Paddle warns at import that no ``ccache`` is installed (it matters only for compiling C++ extensions, which a
  bundle never does): silenced, as the test suite does.
* Paddle finds the libraries it opens at run time through ``site.getsitepackages()`` + ``paddle/libs``: the
  bundle's folder is put first there (end of this file). ``site.USER_SITE`` may be None in a frozen app; Paddle
  before 2.5 crashed on that (Paddle#51212); the bundled Paddle (3.x) checks for None itself.
"""
import os
import sys
import warnings

for _name in ("stdout", "stderr"):
    if getattr(sys, _name) is None:
        setattr(sys, _name, open(os.devnull, "w", encoding="utf-8"))

warnings.filterwarnings("ignore", message="No ccache found", category=UserWarning)

# Paddle finds the libraries it opens at run time (mklml, lapack, warpctc...) through ``site.getsitepackages()``
# + ``paddle/libs``, which a frozen app does not have; the bundle's folder is where ``paddle/libs`` is. Without it
# Paddle would fall back to ``site.USER_SITE`` and could pick up another Paddle installed there.
if getattr(sys, "frozen", False) and hasattr(sys, "_MEIPASS"):
    import site

    _getsitepackages = getattr(site, "getsitepackages", None)

    def _bundle_sitepackages(*args, **kwargs):
        extra = list(_getsitepackages(*args, **kwargs)) if _getsitepackages else []
        return [sys._MEIPASS] + [p for p in extra if p != sys._MEIPASS]

    site.getsitepackages = _bundle_sitepackages
