"""PyInstaller hook of paddle (used by build.spec): keep Paddle's shared libraries only in their own folders.

PyInstaller links libraries found in a package folder into the top-level folder as well, and the bootloader puts
that folder on LD_LIBRARY_PATH. A library loaded through such a link gets the top-level folder as its ``$ORIGIN``,
so ``libphi_core.so`` could no longer open ``libmklml_intel.so`` beside it (Paddle's dynload relies on the
RUNPATH ``$ORIGIN:$ORIGIN/../libs``). Without the links, ``paddle/base/libpaddle.so`` finds ``paddle/libs`` (and the
CUDA packages of a GPU build, ``nvidia/*/lib``) through its own RUNPATH, as in a normal installation.
"""
bindepend_symlink_suppression = ["**/paddle/libs/*", "**/paddle/base/*", "**/nvidia/*/lib/*"]
