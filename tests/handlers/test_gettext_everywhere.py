"""Every text a Telegram user reads goes through the message catalogues: a Kazakh (or any
Cyrillic) string literal in the bot or the handlers outside `_()`/`N_()` fails here."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
CYRILLIC = re.compile(r"[\u0400-\u04FF]")
GETTEXT = {"_", "N_", "gettext", "lazy_gettext", "ngettext"}
NATIVE = {"Қазақша", "Русский"}
"""Language names, each written in its own language on purpose: never translated."""


def _module_files() -> list[Path]:
    files = [*(ROOT / "handlers").rglob("*.py"), *(ROOT / "bot").glob("*.py")]
    return sorted(f for f in files if "cli" not in f.parts)


def _bare_strings(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    translated: set[int] = set()
    docstrings: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            name = (
                node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
            )
            if name in GETTEXT:
                for argument in node.args:
                    translated.update(id(n) for n in ast.walk(argument))
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                docstrings.add(id(body[0].value))
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
            docstrings.add(id(node.value))  # attribute docstrings
    found = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Constant) and isinstance(node.value, str)):
            continue
        if id(node) in translated or id(node) in docstrings or node.value in NATIVE:
            continue
        if CYRILLIC.search(node.value):
            found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {node.value[:50]!r}")
    return found


def test_no_user_facing_string_bypasses_gettext() -> None:
    files = _module_files()
    assert len(files) > 20
    bare = [line for path in files for line in _bare_strings(path)]
    assert bare == []
