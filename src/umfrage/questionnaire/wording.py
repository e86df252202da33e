"""A question whose wording changed between two waves, and the note every comparison then carries.

After answers exist, staff may still correct a question's wording (changes.WORDING_FIELDS). The
check does not demand a hand-written ``compare: note`` for that any more; instead every comparison
of the question with the other wave says so by itself, with the earlier wording, so that readers
of a comparison always learn that the question was put differently. An explicit ``note`` under
``compare`` replaces the generated one (it usually says more). Pure functions; no Django.
"""

from __future__ import annotations


def _normalised(text: str) -> str:
    # Line breaks and doubled spaces of a YAML block are layout, not wording.
    return " ".join(text.split())


def wording_changed(earlier_text: str, later_text: str) -> bool:
    """Whether a question's text differs between two waves beyond whitespace."""
    return _normalised(earlier_text) != _normalised(later_text)


def wording_note(*, earlier_wave: str, later_wave: str, earlier_text: str) -> str:
    """The note shown with every comparison of a question whose wording changed."""
    return (
        f"Fragetext {later_wave} gegenüber {earlier_wave} geändert "
        f"({earlier_wave}: „{_normalised(earlier_text)}“)."
    )


def comparison_note(
    explicit: str | None,
    *,
    earlier_wave: str,
    later_wave: str,
    earlier_text: str,
    later_text: str,
) -> str | None:
    """The note of a comparison: the questionnaire's own, else a generated one for new wording."""
    if explicit:
        return explicit
    if wording_changed(earlier_text, later_text):
        return wording_note(
            earlier_wave=earlier_wave, later_wave=later_wave, earlier_text=earlier_text
        )
    return None
