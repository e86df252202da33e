"""Forms of the admin interface: each validates its input and says in German what is wrong."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from umfrage import formatting as fmt
from umfrage.publication.models import OpenData
from umfrage.store.models import Survey, Wave

WAVE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$")


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _(
            "Benutzername oder Passwort stimmen nicht. Nach mehreren Fehlversuchen wird die "
            "Anmeldung vorübergehend gesperrt."
        ),
        "inactive": _("Dieses Konto ist deaktiviert."),
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Benutzername")
        self.fields["password"].label = _("Passwort")


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Bestätigungscode aus Ihrer Authenticator-App"),
        min_length=6,
        max_length=8,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "pattern": "[0-9]*"}
        ),
        error_messages={
            "required": _("Bitte geben Sie den sechsstelligen Code ein."),
            "min_length": _("Der Code hat sechs Ziffern."),
            "max_length": _("Der Code hat sechs Ziffern."),
        },
    )

    def clean_code(self) -> str:
        code = str(self.cleaned_data["code"]).replace(" ", "")
        if not code.isdigit():
            raise forms.ValidationError(_("Der Code besteht nur aus Ziffern."))
        return code


class NewWaveForm(forms.Form):
    previous = forms.ModelChoiceField(
        label=_("Fragebogen übernehmen aus Welle"),
        queryset=Wave.objects.none(),
        empty_label=None,
    )
    key = forms.CharField(
        label=_("Kennung der neuen Welle (z. B. 2025)"),
        max_length=40,
        help_text=_("Buchstaben, Ziffern, Punkt, - und _; bleibt dauerhaft gleich."),
    )
    title = forms.CharField(label=_("Titel"), max_length=300)
    opens = forms.DateField(label=_("Beginn der Feldzeit"), required=False)
    closes = forms.DateField(label=_("Ende der Feldzeit"), required=False)

    def __init__(self, survey: Survey, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.survey = survey
        waves = survey.waves.order_by("-position")
        self.fields["previous"].queryset = waves  # type: ignore[attr-defined]
        self.fields["previous"].label_from_instance = lambda w: f"{w.key} – {w.title}"  # type: ignore[attr-defined]
        self.fields["opens"].widget = forms.DateInput(attrs={"type": "date"})
        self.fields["closes"].widget = forms.DateInput(attrs={"type": "date"})

    def clean_key(self) -> str:
        key = str(self.cleaned_data["key"]).strip()
        if not WAVE_ID.match(key):
            raise forms.ValidationError(
                _("„%(key)s“ ist als Kennung nicht möglich: nur Buchstaben, Ziffern, . - _."),
                params={"key": key},
            )
        if self.survey.waves.filter(key=key).exists():
            raise forms.ValidationError(
                _("Die Welle „%(key)s“ gibt es schon."), params={"key": key}
            )
        return key

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        opens, closes = data.get("opens"), data.get("closes")
        if opens and closes and opens > closes:
            self.add_error("closes", _("Das Ende der Feldzeit liegt vor ihrem Beginn."))
        return data


class QuestionnaireForm(forms.Form):
    text = forms.CharField(
        label=_("Fragebogen (YAML)"),
        required=False,
        strip=False,
        widget=forms.Textarea(
            attrs={"rows": 30, "cols": 80, "spellcheck": "false", "wrap": "off", "class": "code"}
        ),
    )
    upload = forms.FileField(
        label=_("… oder Datei hochladen (questionnaire.yaml)"),
        required=False,
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        upload = data.get("upload")
        if upload is not None:
            if upload.size > 2_000_000:
                raise forms.ValidationError(_("Die Datei ist größer als 2 MB."))
            try:
                data["text"] = upload.read().decode("utf-8-sig")
            except UnicodeDecodeError:
                raise forms.ValidationError(
                    _("Die Datei ist nicht in UTF-8 gespeichert; speichern Sie sie als UTF-8.")
                ) from None
        if not str(data.get("text") or "").strip():
            raise forms.ValidationError(_("Bitte geben Sie einen Fragebogen ein."))
        data["text"] = str(data["text"]).replace("\r\n", "\n")
        return data


class PrivacyForm(forms.Form):
    privacy_notice = forms.CharField(
        label=_("Datenschutzhinweis"),
        required=False,
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 15, "cols": 80}),
    )


class SurveySettingsForm(forms.ModelForm):
    class Meta:
        model = Survey
        fields = ["retention_months", "erasure"]
        widgets = {"erasure": forms.RadioSelect}


class HttpsURLField(forms.URLField):
    """An address typed without a scheme is taken as https:// (Django 6's default)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("assume_scheme", "https")
        super().__init__(**kwargs)


class OpenDataForm(forms.ModelForm):
    class Meta:
        model = OpenData
        fields = [
            "enabled",
            "publisher",
            "publisher_url",
            "contact_name",
            "contact_email",
            "licence",
            "contributor_id",
        ]
        widgets = {"licence": forms.RadioSelect}
        field_classes = {"publisher_url": HttpsURLField, "contributor_id": HttpsURLField}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("enabled"):
            # The DCAT-AP.de metadata must name who publishes and whom to ask.
            for name, message in (
                ("publisher", _("Bitte geben Sie die veröffentlichende Stelle an.")),
                ("contact_email", _("Bitte geben Sie die E-Mail-Adresse der Kontaktstelle an.")),
            ):
                if not data.get(name) and name not in self.errors:
                    self.add_error(name, message)
        return data


class TransitionForm(forms.Form):
    target = forms.ChoiceField(choices=Wave.Status.choices)


class RegisterForm(forms.Form):
    file = forms.FileField(
        label=_("Register als CSV oder Excel-Datei (organisations.csv, .xlsx)"),
        help_text=_(
            "Die Spalten id (oder Kennung) und name sind Pflicht. CSV mit Komma oder Semikolon, "
            "UTF-8 oder Windows-Zeichensatz (wie aus Excel gespeichert); bei Excel zählt das "
            "erste Tabellenblatt."
        ),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > 10_000_000:
            raise forms.ValidationError(_("Die Datei ist größer als 10 MB."))
        return upload


class OrganisationLanguageForm(forms.Form):
    """The organisation's register language (issue 21): letters and the questionnaire in it
    where the wave offers it."""

    language = forms.ChoiceField(
        label=_("Sprache der Einladungen und des Fragebogens"),
        help_text=_(
            "Gilt, wenn der Fragebogen der Welle diese Sprache anbietet; sonst schreibt "
            "Umfrage auf Deutsch."
        ),
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from umfrage import languages as known_languages

        choices: list[tuple[str, Any]] = [("", _("Deutsch (Vorgabe)"))]
        choices += [
            (language.code, f"{language.name_de} ({language.code})")
            for language in known_languages.LANGUAGES
            if language.code != known_languages.GERMAN
        ]
        field = self.fields["language"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = choices


class ConfirmErasureForm(forms.Form):
    confirm = forms.CharField(
        label=_("Zur Bestätigung die Kennung der Organisation eingeben"), max_length=64
    )

    def __init__(self, key: str, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.key = key

    def clean_confirm(self) -> str:
        value = str(self.cleaned_data["confirm"]).strip()
        if value != self.key:
            raise forms.ValidationError(
                _("Die Eingabe stimmt nicht mit der Kennung „%(key)s“ überein."),
                params={"key": self.key},
            )
        return value


ROLE_CHOICES = [
    ("analyst", _("Auswertung: Umfragen, Wellen und Ergebnisse ansehen, nichts ändern")),
    ("admin", _("Administration: alles, auch Versand, Register, Konten und Protokoll")),
]


class _PasswordPair(forms.Form):
    """Two password fields, checked by Django's password validators against the account."""

    password1 = forms.CharField(
        label=_("Passwort"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_(
            "Mindestens 12 Zeichen, nicht nur Ziffern, kein gängiges Passwort und keines, das "
            "dem Namen ähnelt. "
            "Teilen Sie es der Person auf sicherem Weg mit; sie kann es unter „Mein Konto“ "
            "ändern."
        ),
    )
    password2 = forms.CharField(
        label=_("Passwort wiederholen"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    user: Any = None

    def account(self) -> Any:
        """The account the password is for (the validators compare it with its names)."""
        return self.user

    def clean(self) -> dict[str, Any]:
        from django.contrib.auth.password_validation import validate_password

        data = super().clean() or {}
        first, second = data.get("password1"), data.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("Die beiden Passwörter stimmen nicht überein."))
        elif first:
            try:
                validate_password(first, self.account())
            except forms.ValidationError as exc:
                self.add_error("password1", exc)
        return data


class AccountForm(_PasswordPair):
    username = forms.CharField(
        label=_("Benutzername"),
        max_length=150,
        help_text=_("Zum Anmelden; Buchstaben, Ziffern und @ . + - _ (z. B. m.mustermann)."),
    )
    first_name = forms.CharField(label=_("Vorname"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Nachname"), max_length=150, required=False)
    email = forms.EmailField(
        label=_("E-Mail-Adresse"),
        required=False,
        error_messages={"invalid": _("Bitte geben Sie eine gültige E-Mail-Adresse ein.")},
    )
    role = forms.ChoiceField(
        label=_("Rolle"), choices=ROLE_CHOICES, initial="analyst", widget=forms.RadioSelect
    )
    field_order = ["username", "first_name", "last_name", "email", "role", "password1", "password2"]

    def clean_username(self) -> str:
        from django.contrib.auth import get_user_model
        from django.contrib.auth.validators import UnicodeUsernameValidator

        name = str(self.cleaned_data["username"]).strip()
        try:
            UnicodeUsernameValidator()(name)
        except forms.ValidationError:
            raise forms.ValidationError(
                _("Erlaubt sind nur Buchstaben, Ziffern und die Zeichen @ . + - _.")
            ) from None
        if get_user_model().objects.filter(username__iexact=name).exists():
            raise forms.ValidationError(
                _("Den Benutzernamen „%(name)s“ gibt es schon.") % {"name": name}
            )
        return name

    def account(self) -> Any:
        from django.contrib.auth import get_user_model

        data = self.cleaned_data
        return get_user_model()(
            username=data.get("username", ""),
            first_name=data.get("first_name", ""),
            last_name=data.get("last_name", ""),
            email=data.get("email", ""),
        )


class PasswordResetForm(_PasswordPair):
    def __init__(self, user: Any, *args: Any, **kwargs: Any) -> None:
        self.user = user
        super().__init__(*args, **kwargs)
        self.fields["password1"].label = _("Neues Passwort")
        self.fields["password2"].label = _("Neues Passwort wiederholen")


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Rolle"), choices=ROLE_CHOICES, widget=forms.RadioSelect)


class ReminderPlanForm(forms.Form):
    """Up to three reminder days for a wave (empty fields plan fewer; all empty plans none)."""

    MAX = 3

    def __init__(self, *args: Any, wave: Any, today: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.wave, self.today = wave, today
        for number in range(1, self.MAX + 1):
            self.fields[f"day{number}"] = forms.DateField(
                label=_("%(n)d. Erinnerung am") % {"n": number},
                required=False,
                widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name in [f"day{n}" for n in range(1, self.MAX + 1)]:
            day = data.get(name)
            if day is None:
                continue
            if day < self.today:
                self.add_error(name, _("Dieser Tag liegt in der Vergangenheit."))
            elif self.wave.closes and day > self.wave.closes:
                self.add_error(
                    name,
                    _("Dieser Tag liegt nach dem Feldende (%(end)s); die Links gälten nicht mehr.")
                    % {"end": fmt.numeric_date(self.wave.closes)},
                )
        return data

    def days(self) -> list[Any]:
        return [
            self.cleaned_data[f"day{n}"]
            for n in range(1, self.MAX + 1)
            if self.cleaned_data.get(f"day{n}")
        ]
