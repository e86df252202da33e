"""``umfrage example``: (re)generate the synthetic example Bündnisumfrage."""

from __future__ import annotations

from pathlib import Path

import click

from umfrage.cli import main, reports_problems


@main.group()
def example() -> None:
    """Das synthetische Beispiel (Bündnisumfrage 2023 und 2024)."""


@example.command()
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    default=Path("examples/buendnisumfrage"),
    show_default=True,
    help="Zielordner.",
)
@click.option(
    "--seed", type=int, default=2024, show_default=True, help="Startwert des Zufallsgenerators."
)
@reports_problems
def generate(out: Path, seed: int) -> None:
    """Erzeugt Register und Antworten des Beispiels neu (synthetisch, reproduzierbar).

    Fehlen im Zielordner die Fragebögen, werden die des mitgelieferten Beispiels kopiert.
    """
    from umfrage.cli.demo import example_folder
    from umfrage.example.generator import generate_example

    has_questionnaires = all(
        (out / "waves" / wave / "questionnaire.yaml").exists() for wave in ("2023", "2024")
    )
    generate_example(
        out, seed=seed, questionnaires=None if has_questionnaires else example_folder()
    )
    click.echo(f"Synthetisches Beispiel nach {out} geschrieben (Startwert {seed}).")
