"""``matting-studio backends``: list installed backends, what each needs, and whether it is ready."""
from __future__ import annotations

import argparse

from backends import registry


def register(subparsers) -> None:
    p = subparsers.add_parser("backends", help="list backends and whether each is ready")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    rows = []
    for entry in registry.list_backends():
        if entry.info is None:
            rows.append((entry.id, "(broken plugin)", "-", "no", entry.error))
            continue
        state = entry.readiness()
        rows.append((entry.id, entry.info.name, "yes" if entry.info.needs_trimap else "no",
                     "yes" if state.ready else "no", state.reason or entry.info.working_size))
    header = ("ID", "NAME", "TRIMAP", "READY", "NOTES")
    widths = [max(len(str(r[i])) for r in rows + [header]) for i in range(4)]
    for row in [header, *rows]:
        print("  ".join(str(c).ljust(w) for c, w in zip(row[:4], widths)) + "  " + row[4])
    return 0
