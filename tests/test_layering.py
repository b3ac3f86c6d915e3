"""The architecture's import rules: no PyQt6 below the views; views hold no SQL."""

from __future__ import annotations

import ast
from pathlib import Path

APP = Path(__file__).resolve().parent.parent / "app"
QT_FREE = ["journal", "models", "services", "signing", "documents", "sync", "search"]
QT_FREE_FILES = [
    "cli.py",
    "db.py",
    "blobs.py",
    "errors.py",
    "i18n.py",
    "timeutil.py",
    "textfold.py",
    "cli_search.py",
]


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def _modules() -> list[Path]:
    files = [p for pkg in QT_FREE if (APP / pkg).exists() for p in (APP / pkg).rglob("*.py")]
    return files + [APP / f for f in QT_FREE_FILES]


def test_nothing_below_the_views_imports_pyqt6() -> None:
    offenders = [
        str(p.relative_to(APP))
        for p in _modules()
        if any(n.split(".")[0] == "PyQt6" for n in _imports(p))
    ]
    assert offenders == []
    assert len(_modules()) > 20  # the check really looked at the packages


BELOW_SERVICES = (
    "sqlalchemy",
    "sqlite3",
    "app.models",
    "app.journal",
    "app.documents",
    "app.signing",
    "app.sync",
)


def test_views_reach_storage_only_through_services() -> None:
    views = list((APP / "views").rglob("*.py")) + list((APP / "ui_support").rglob("*.py"))
    offenders = [
        str(p.relative_to(APP))
        for p in views
        if any(n.startswith(BELOW_SERVICES) and n != "app.models.enums" for n in _imports(p))
    ]
    assert offenders == []


def test_view_strings_go_through_the_translation_function() -> None:
    """Any Vietnamese text literal in a view is an argument of tr() (or marked N_() for a table)."""
    bare: list[str] = []
    for path in list((APP / "views").rglob("*.py")) + list((APP / "ui_support").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        inside_tr: set[int] = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and getattr(
                node.func, "id", getattr(node.func, "attr", "")
            ) in ("tr", "N_"):
                inside_tr.update(id(a) for a in ast.walk(node))
        docstrings = {
            id(n.body[0].value)
            for n in ast.walk(tree)
            if isinstance(n, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
            and n.body
            and isinstance(n.body[0], ast.Expr)
            and isinstance(n.body[0].value, ast.Constant)
        }
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and any(ord(c) > 127 and c.isalpha() for c in node.value)
                and id(node) not in inside_tr
                and id(node) not in docstrings
            ):
                bare.append(f"{path.relative_to(APP)}:{node.lineno}: {node.value[:40]}")
    assert bare == []
