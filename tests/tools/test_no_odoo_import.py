"""The ``tools`` packages must stay importable without Odoo."""

import ast

import pytest
from conftest import addon_paths

TOOL_FILES = [f for addon in addon_paths() for f in sorted((addon / "tools").glob("*.py"))]


@pytest.mark.parametrize("path", TOOL_FILES, ids=lambda p: f"{p.parent.parent.name}/{p.name}")
def test_tools_do_not_import_odoo(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        names = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
        for name in names:
            assert name.split(".")[0] != "odoo", f"{path}: imports {name}"
