"""The house plan holds: imports go down the rooms, and no module grows past 400 lines.

The rooms and the arrows that may never be are those of docs/architecture.md.
"""

from __future__ import annotations

import ast

import pytest
from repo_paths import ROOT

LIB = ROOT / "lib" / "fangkong"
#: Room -> rooms it must never import (``top`` is the modules at the package's top).
NEVER = {
    "top": {"ingest", "store", "reports", "delivery", "sample", "bench"},
    "ingest": {"reports", "delivery", "sample", "bench"},
    "store": {"ingest", "reports", "delivery", "sample", "bench"},
    "reports": {"ingest", "delivery", "sample", "bench"},
    "delivery": {"sample", "bench"},
    "sample": {"reports", "delivery", "bench"},
}
#: Top-level modules that stand above the rooms and may call into them.
COMMANDS = {"cli.py", "demo.py"}
#: Modules over 400 lines allowed: the label catalogue only.
LONG_ALLOWED = {"catalogue.py"}


def _room(path) -> str:
    parts = path.relative_to(LIB).parts
    return "top" if len(parts) == 1 else parts[0]


def _imported_rooms(path) -> set[str]:
    """The rooms of fangkong a module imports, at any depth of its code."""
    rooms = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names = []
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
        elif isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        for name in names:
            parts = name.split(".")
            if parts[0] == "fangkong" and len(parts) > 1:
                rooms.add(parts[1])
    return rooms


MODULES = sorted(p for p in LIB.rglob("*.py") if p.name not in COMMANDS or _room(p) != "top")


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(LIB)))
def test_imports_go_down_the_rooms(path):
    room = _room(path)
    broken = _imported_rooms(path) & NEVER.get(room, set())
    assert not broken, f"{path.relative_to(LIB)} ({room}) imports {sorted(broken)}"


def test_the_rule_sees_a_wrong_import(tmp_path):
    """The check itself can fail: a store module importing a report inside a function."""
    probe = tmp_path / "probe.py"
    probe.write_text("def f():\n    from fangkong.reports.base import Report\n")
    assert _imported_rooms(probe) & NEVER["store"] == {"reports"}


def test_no_module_is_over_400_lines():
    long = {
        str(p.relative_to(LIB)): n
        for p in LIB.rglob("*.py")
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > 400
        and p.name not in LONG_ALLOWED
    }
    assert not long, long
