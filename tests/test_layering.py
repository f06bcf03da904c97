"""Architecture rules: no import cycle among the project's modules, the compute layers never import Qt or the app,
the process environment is written only at start-up, and listing backends loads no framework.

``python tests/test_layering.py`` prints the import cycles and environment writes it finds.
"""
from __future__ import annotations

import ast
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
QT = ("PySide6", "PyQt5", "PyQt6", "qtpy", "qtawesome", "shiboken6")
PACKAGES = ("backends", "training", "desktop")  # imported by dotted name
SCRIPT_DIRS = ("packaging", "bench", "tests")  # files run (or imported) with their own folder on sys.path
#: where the process environment may be written: the entry points' start-up (file -> enclosing function, or None
#: for anywhere in the file)
ENV_WRITERS = {"desktop/cli/main.py": "main", "desktop/app/main.py": "main", "packaging/frozen_main.py": None,
               "tests/conftest.py": None}


def project_modules(repo: Path = REPO, packages=PACKAGES, script_dirs=SCRIPT_DIRS) -> dict[str, Path]:
    """Module name -> file, for the packages and the script folders."""
    mods = {}
    for package in packages:
        for path in (repo / package).rglob("*.py"):
            parts = list(path.relative_to(repo).with_suffix("").parts)
            mods[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    for folder in script_dirs:
        for path in (repo / folder).glob("*.py"):
            mods.setdefault(path.stem, path)
    return mods


def import_graph(repo: Path = REPO, packages=PACKAGES, script_dirs=SCRIPT_DIRS) -> dict[str, set[str]]:
    """Module -> the project modules it imports anywhere in its file (module level, functions, TYPE_CHECKING).

    ``from pkg import name`` is an import of ``pkg.name`` when that is a module, else of ``pkg``; ``import a.b`` of
    ``a.b``. A module's own parent packages are not counted (they are always imported before it).
    """
    mods = project_modules(repo, packages, script_dirs)

    def resolve(name: str) -> str | None:
        while name and name not in mods:
            name = name.rpartition(".")[0]
        return name or None

    graph: dict[str, set[str]] = {m: set() for m in mods}
    for module, path in mods.items():
        is_package = path.name == "__init__.py"
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    parts = module.split(".") if is_package else module.split(".")[:-1]
                    parts = parts[:len(parts) - node.level + 1]
                    base = ".".join(parts + ([node.module] if node.module else []))
                names = [f"{base}.{a.name}" for a in node.names]
            else:
                continue
            for name in names:
                target = resolve(name)
                if target is not None and target != module and not module.startswith(target + "."):
                    graph[module].add(target)
    return graph


def import_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles = []
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, edges = work[-1]
            child = next(edges, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    cycles.append(sorted(component))
    return cycles


def _is_environ(node: ast.AST) -> bool:
    return (isinstance(node, ast.Attribute) and node.attr in ("environ", "environb")) or \
        (isinstance(node, ast.Name) and node.id in ("environ", "environb"))


def environment_writes(repo: Path = REPO) -> list[str]:
    """'file:line in function' for every write to the process environment outside ``ENV_WRITERS``:
    ``os.environ[k] = v`` / ``del``, ``os.environ.setdefault/pop/update/clear/popitem``, ``os.putenv/unsetenv``."""
    found = []
    for folder in PACKAGES + SCRIPT_DIRS:
        for path in sorted((repo / folder).rglob("*.py")):
            rel = path.relative_to(repo).as_posix()
            tree = ast.parse(path.read_text(), str(path))
            parents = {child: parent for parent in ast.walk(tree) for child in ast.iter_child_nodes(parent)}
            for node in ast.walk(tree):
                write = False
                if isinstance(node, (ast.Assign, ast.AugAssign, ast.AnnAssign, ast.Delete)):
                    targets = node.targets if isinstance(node, (ast.Assign, ast.Delete)) else [node.target]
                    write = any(isinstance(t, ast.Subscript) and _is_environ(t.value) for t in targets)
                elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
                    write = (node.func.attr in ("setdefault", "pop", "update", "clear", "popitem", "__setitem__",
                                                "__delitem__") and _is_environ(node.func.value)) or \
                        node.func.attr in ("putenv", "unsetenv")
                elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                    write = node.func.id in ("putenv", "unsetenv")
                if not write:
                    continue
                function, up = None, parents.get(node)
                while up is not None and function is None:
                    if isinstance(up, (ast.FunctionDef, ast.AsyncFunctionDef)):
                        function = up.name
                    up = parents.get(up)
                if rel in ENV_WRITERS and ENV_WRITERS[rel] in (None, function):
                    continue
                found.append((rel, node.lineno, f"{rel}:{node.lineno} in {function or 'module'}"))
    return [where for *_, where in sorted(found)]


def test_no_import_cycles():
    """No module imports (directly or through others, at module level or in a function) a module that imports it:
    each package's modules form layers, so any one of them can be read, tested and changed on its own."""
    assert import_cycles(import_graph()) == []


def test_the_cycle_finder_finds_cycles(tmp_path):
    for name, text in {"pkg/__init__.py": "", "pkg/a.py": "from . import b\n",
                       "pkg/b.py": "def f():\n    from .c import x\n", "pkg/c.py": "from pkg.a import y\n",
                       "pkg/d.py": "import pkg.a\n"}.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    graph = import_graph(tmp_path, packages=("pkg",), script_dirs=())
    assert graph["pkg.a"] == {"pkg.b"} and graph["pkg.d"] == {"pkg.a"}
    assert import_cycles(graph) == [["pkg.a", "pkg.b", "pkg.c"]]


def test_the_environment_is_written_only_at_start_up():
    """Configuration travels as arguments (``BackendOptions``...); only the entry points' start-up sets
    variables for libraries that read them (e.g. numba's cache folder)."""
    assert environment_writes() == []


def test_the_environment_scan_finds_writes(tmp_path):
    (tmp_path / "backends").mkdir()
    (tmp_path / "backends" / "x.py").write_text(
        "import os\nfrom os import environ\nos.environ['A'] = '1'\n"
        "def f():\n    os.environ.setdefault('B', '2')\n    environ.pop('C', None)\n    os.putenv('D', '4')\n"
        "    del os.environ['E']\n    os.environ.get('F')\n    d = {}\n    d.setdefault('G', 1)\n")
    assert environment_writes(tmp_path) == ["backends/x.py:3 in module", "backends/x.py:5 in f",
                                            "backends/x.py:6 in f", "backends/x.py:7 in f", "backends/x.py:8 in f"]


def test_import_linter_contracts_hold():
    exe = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    if exe is None:
        pytest.skip("import-linter is not installed (pip install -e '.[test]')")
    run = subprocess.run([exe], cwd=REPO, capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "BROKEN" not in run.stdout and "KEPT" in run.stdout


def test_no_qt_import_anywhere_in_compute_packages():
    """Also catches imports inside functions, which an import graph may not show."""
    offenders = []
    for package in ("backends", "training"):
        for path in (REPO / package).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(), str(path))):
                names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                    [node.module or ""] if isinstance(node, ast.ImportFrom) else []
                offenders += [f"{path.relative_to(REPO)}: {n}" for n in names if n.split(".")[0] in QT]
    assert offenders == []


def test_listing_backends_imports_no_framework():
    code = ("import sys, json; from backends import registry; entries = registry.list_backends(); "
            "print(json.dumps({'ids': [e.id for e in entries], "
            "'loaded': [m for m in ('paddle', 'mediapipe', 'PySide6', 'pymatting') if m in sys.modules]}))")
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True)
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert "auto" in result["ids"] and "closed-form" in result["ids"]
    assert result["loaded"] == []


if __name__ == "__main__":
    for cycle in import_cycles(import_graph()):
        print("import cycle:", " <-> ".join(cycle))
    for write in environment_writes():
        print("environment write outside start-up:", write)
