"""Only Django's public API in ``src/umfrage`` (issue 17; docs/shared style: "Only Django's
public API").

Two checks over the package's source, without importing it:

- **Underscore attributes** (``x._name``, ``getattr(x, "_name")``, ``x.__dict__["_name"]``):
  each must be one the package defines itself (a function, class, assignment or argument of
  that name somewhere in ``src/umfrage``). What is left is someone else's private attribute,
  which for this package means Django's (``db._prepare_cursor``, ``instance._state``).
  ``_meta`` is allowed: Django documents it as the public "Model ``_meta`` API".
- **Internals without an underscore**: names of Django's internals that the package once used
  and that Django does not document (``ModelState``, the health-check flags, the signal
  internals, the PostgreSQL backend's cursor classes).

``test_the_check_finds_what_the_old_code_used`` runs both checks on the code they were written
against, so that they cannot pass for want of looking.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "umfrage"

PUBLIC_UNDERSCORE = {"_meta"}
"""Django's documented attributes with a leading underscore."""

INTERNALS = {
    "ModelState",
    "health_check_done",
    "health_check_enabled",
    "close_if_health_check_failed",
    "has_listeners",
    "ServerBindingCursor",
    "ServerSideCursor",
    "wrap_database_errors",
    "set_cached_value",
    "in_atomic_block",
    "is_in_memory_db",
}
"""Undocumented names of Django's internals (no underscore, still not its public API)."""


def _private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


def _defined(trees: Iterable[ast.AST]) -> set[str]:
    """Every name the package itself defines or binds."""
    names: set[str] = set()
    for tree in trees:
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                names.add(node.name)
            elif isinstance(node, ast.Name) and not isinstance(node.ctx, ast.Load):
                names.add(node.id)
            elif isinstance(node, ast.Attribute) and not isinstance(node.ctx, ast.Load):
                names.add(node.attr)
            elif isinstance(node, ast.arg):
                names.add(node.arg)
            elif isinstance(node, ast.alias):
                names.add((node.asname or node.name).split(".")[0])
    return names


def _used(tree: ast.AST) -> Iterable[tuple[int, str]]:
    """(line, name) of every attribute the code reads, by dot, ``getattr``/``setattr``/
    ``hasattr`` or a subscript of ``__dict__``; and every plain name and imported name."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute):
            yield node.lineno, node.attr
        elif isinstance(node, ast.Name):
            yield node.lineno, node.id
        elif isinstance(node, ast.alias):
            yield node.lineno, node.name.split(".")[-1]
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in ("getattr", "setattr", "hasattr", "delattr")
            and len(node.args) >= 2
            and isinstance(node.args[1], ast.Constant)
            and isinstance(node.args[1].value, str)
        ):
            yield node.lineno, node.args[1].value
        elif (
            isinstance(node, ast.Subscript)
            and isinstance(node.value, ast.Attribute)
            and node.value.attr == "__dict__"
            and isinstance(node.slice, ast.Constant)
            and isinstance(node.slice.value, str)
        ):
            yield node.lineno, node.slice.value


def violations(sources: dict[str, str]) -> list[str]:
    """``file:line: name`` for each use of a private or internal Django name in ``sources``
    (file name → source text)."""
    trees = {name: ast.parse(text, name) for name, text in sources.items()}
    own = _defined(trees.values())
    found = []
    for name, tree in trees.items():
        for line, used in _used(tree):
            foreign_private = _private(used) and used not in own and used not in PUBLIC_UNDERSCORE
            if foreign_private or used in INTERNALS:
                found.append(f"{name}:{line}: {used}")
    return sorted(set(found))


def test_the_package_uses_no_private_django_api() -> None:
    sources = {
        str(path.relative_to(PACKAGE.parent)): path.read_text(encoding="utf-8")
        for path in sorted(PACKAGE.rglob("*.py"))
    }
    assert len(sources) > 50  # the package was found
    assert violations(sources) == []


OLD_ROWS = """
from django.db.models.base import ModelState
from django.db.models.signals import post_init, pre_init


def _cursor(db):
    from django.db.backends.postgresql.base import ServerBindingCursor

    with db.wrap_database_errors:
        return db._prepare_cursor(ServerBindingCursor(db.connection))


def _instance(model, alias, values):
    if pre_init.has_listeners(model) or post_init.has_listeners(model):
        return model.from_db(alias, [], values)
    instance = model.__new__(model)
    state = ModelState()
    instance.__dict__["_state"] = state
    return instance


def _mark_stored(instance):
    instance._state.adding = False
    return instance._meta.db_table
"""

OLD_HEALTH = """
def skip_needless_check(db):
    state = db
    if state.health_check_enabled and not state.health_check_done:
        state.health_check_done = True
"""


def test_the_check_finds_what_the_old_code_used() -> None:
    """Excerpts of ``collect/rows.py`` and ``store/health.py`` before issue 17."""
    found = violations({"rows.py": OLD_ROWS, "health.py": OLD_HEALTH})
    names = {entry.rsplit(": ", 1)[1] for entry in found}
    assert names == {
        "ModelState",
        "ServerBindingCursor",
        "wrap_database_errors",
        "_prepare_cursor",
        "has_listeners",
        "_state",
        "health_check_enabled",
        "health_check_done",
    }
    # The package's own underscore names and Django's documented ``_meta`` pass.
    assert not names & {"_cursor", "_instance", "_mark_stored", "_meta"}
