"""The ``umfrage`` command: thin over library functions, one module per command group.

To add a command, write ``cli/<name>.py`` with a click command decorated ``@main.command()``
and import it at the bottom of this file.
"""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable
from typing import Any, TypeVar

import click

from umfrage import __version__
from umfrage.questionnaire.problems import (
    Problem,
    ProblemsError,
    german_number,
    kept_at_most,
    problems_shown,
)

F = TypeVar("F", bound=Callable[..., Any])


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="umfrage")
def main() -> None:
    """Umfrage: Mitgliederbefragungen vom Fragebogen bis zum Bericht.

    Jeder Befehl hat --help. Datenbank: SQLite in UMFRAGE_DATA_DIR (Standard ./umfrage-data),
    oder PostgreSQL über DATABASE_URL.
    """


def setup_django() -> None:
    """Configure Django on first use; commands that need no database never pay for it."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "umfrage.settings")
    django.setup()  # configures logging, fills the app registry once (later calls keep it)
    from django.core.checks import Error, run_checks

    errors = [
        m
        for m in run_checks(include_deployment_checks=False)
        if isinstance(m, Error) and m.id and m.id.startswith("umfrage.")
    ]
    if errors:
        raise click.ClickException("\n".join(f"{m.msg}\n  → {m.hint}" for m in errors))


def ensure_database() -> None:
    """Create or update the database tables (idempotent, quiet)."""
    from django.conf import settings
    from django.core.management import call_command

    setup_django()
    if str(settings.DATABASES["default"]["ENGINE"]).endswith("sqlite3"):
        settings.DATA_DIR.mkdir(parents=True, exist_ok=True)
    try:
        call_command("migrate", verbosity=0, interactive=False)
    except Exception as exc:  # a database that does not answer is a user's setting, not a bug
        from django.db import OperationalError

        if isinstance(exc, OperationalError):
            raise click.ClickException(
                f"Die Datenbank ist nicht erreichbar: {str(exc).strip().splitlines()[0]}\n"
                "  → Prüfen Sie DATABASE_URL bzw. UMFRAGE_DATA_DIR."
            ) from None
        raise


def print_problems(problems: list[Problem], *, header: str | None = None) -> None:
    if header:
        click.echo(header, err=True)
    for problem in problems:
        click.echo(str(problem), err=True)


def reports_problems(func: F) -> F:
    """Turn ProblemsError into a plain list on stderr and exit code 1 (never a traceback)."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except ProblemsError as exc:
            count = exc.total
            header = f"{german_number(count)} Problem{'e' if count != 1 else ''} gefunden:"
            # Commands with --all-problems list only the first ones unless it is given.
            capped = "all_problems" in kwargs and not kwargs["all_problems"]
            limit = problems_shown() if capped else len(exc.problems)
            print_problems(exc.problems[:limit], header=header)
            rest = len(exc.problems) - limit
            if rest > 0:
                click.echo(
                    f"… und {german_number(rest + exc.dropped)} weitere. Alle listet derselbe "
                    "Aufruf mit --all-problems, z. B. in eine Datei: … --all-problems "
                    "2> probleme.txt",
                    err=True,
                )
            elif exc.dropped:
                click.echo(
                    f"… und {german_number(exc.dropped)} weitere, die nicht einzeln festgehalten "
                    f"wurden (mehr als {german_number(kept_at_most())}). Beheben Sie zuerst die "
                    "gezeigten.",
                    err=True,
                )
            sys.exit(1)

    return wrapper  # type: ignore[return-value]


from umfrage.cli import (  # noqa: E402,F401
    admin,
    analyze,
    check,
    data,
    demo,
    example,
    export,
    invite,
    opendata,
    report,
    servecommand,
    worker,
)
