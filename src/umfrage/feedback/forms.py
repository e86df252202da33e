"""The public feedback form ("Barriere melden"): what may be posted, with German messages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from umfrage.feedback.models import MAX_PAGE, MAX_TEXT


def _clean_text(value: str) -> str:
    """Line breaks kept, other control characters (never typed by a person) removed."""
    return "".join(c for c in value if c in "\n\t" or (c >= " " and c != "\x7f")).strip()


class FeedbackForm(forms.Form):
    message = forms.CharField(
        label=_("Was hat Sie behindert?"),
        help_text=_(
            "Beschreiben Sie bitte, was Sie wo nicht lesen, bedienen oder verstehen konnten, und "
            "in welcher Form Sie die Inhalte stattdessen erhalten möchten."
        ),
        max_length=MAX_TEXT,
        widget=forms.Textarea,
        error_messages={
            "required": _("Bitte beschreiben Sie die Barriere."),
            "max_length": _("Bitte fassen Sie sich kürzer: höchstens %(limit_value)d Zeichen."),
        },
    )
    page = forms.CharField(
        label=_("Auf welcher Seite? (freiwillig)"),
        help_text=_("Die Adresse oder der Titel der Seite."),
        max_length=MAX_PAGE,
        required=False,
        error_messages={
            "max_length": _("Bitte geben Sie höchstens %(limit_value)d Zeichen ein."),
        },
    )
    email = forms.EmailField(
        label=_("Ihre E-Mail-Adresse für die Antwort (freiwillig)"),
        help_text=_(
            "Nur wenn Sie eine Antwort möchten. Wir verwenden die Adresse nur für die Antwort "
            "und löschen sie spätestens ein Jahr nach Abschluss Ihrer Meldung."
        ),
        required=False,
        max_length=254,
        error_messages={
            "invalid": _("Bitte geben Sie eine gültige E-Mail-Adresse ein, etwa name@beispiel.de."),
            "max_length": _("Bitte geben Sie höchstens %(limit_value)d Zeichen ein."),
        },
    )

    def clean_message(self) -> str:
        text = _clean_text(self.cleaned_data["message"])
        if not text:
            raise forms.ValidationError(_("Bitte beschreiben Sie die Barriere."))
        return text

    def clean_page(self) -> str:
        return _clean_text(self.cleaned_data["page"])

    def errors_in_order(self) -> list[tuple[str, str, str]]:
        """(link, message, input id) for the error summary (collect/_error_summary.html), in the
        order of the fields; the link goes to the input itself, which the script focuses."""
        out: list[tuple[str, Any, str]] = []
        for name in self.fields:
            for message in self.errors.get(name, []):
                out.append((f"#id_{name}", message, f"id_{name}"))
        return out
