"""Migrations are frozen history: what an old migration installs must never change when project code does."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
MIGRATIONS = sorted(ROOT.glob("hcvvet/*/migrations/[0-9]*.py"))


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            names.add("." * node.level + (node.module or ""))
    return names


def test_the_migrations_are_found():
    assert len(MIGRATIONS) >= 10


@pytest.mark.parametrize("path", MIGRATIONS, ids=lambda p: f"{p.parent.parent.name}/{p.stem}")
def test_no_migration_imports_project_code(path):
    project = {name for name in imported_modules(path) if name.startswith(("hcvvet", "."))}
    assert not project, f"{path.name} imports {sorted(project)}: freeze what it needs inside the migration"


@pytest.mark.parametrize("path", MIGRATIONS, ids=lambda p: f"{p.parent.parent.name}/{p.stem}")
def test_no_migration_installs_a_database_trigger(path):
    assert "CREATE TRIGGER" not in path.read_text().upper()
