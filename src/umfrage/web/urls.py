"""URLs of the admin interface, mounted under /verwaltung/ (German paths, stable keys)."""

from __future__ import annotations

from django.urls import path

from umfrage.web.views import (
    accounts,
    audit,
    auth,
    builder,
    coding,
    coding_categories,
    dashboard,
    feedback,
    imports,
    invitations,
    quotes,
    register,
    surveys,
)
from umfrage.web.views import results as results_views

app_name = "web"

survey = "umfragen/<slug:slug>/"
wave = survey + "wellen/<str:key>/"
organisation = survey + "organisationen/<str:key>/"

urlpatterns = [
    path("", surveys.home, name="home"),
    path("anmelden/", auth.Login.as_view(), name="login"),
    path("anmelden/code/", auth.second_factor, name="otp"),
    path("abmelden/", auth.logout_view, name="logout"),
    path("konto/", auth.account, name="account"),
    path("konto/passwort/", auth.password_change, name="password"),
    path("konto/zwei-faktor/", auth.otp_setup, name="otp_setup"),
    path("konto/zwei-faktor/entfernen/", auth.otp_remove, name="otp_remove"),
    path("konten/", accounts.accounts, name="accounts"),
    path("konten/entsperren/", accounts.unlock, name="unlock"),
    path("konten/neu/", accounts.account_new, name="account_new"),
    path("konten/<int:pk>/", accounts.account_edit, name="account_edit"),
    path("konten/<int:pk>/rolle/", accounts.account_role, name="account_role"),
    path("konten/<int:pk>/aktiv/", accounts.account_active, name="account_active"),
    path("konten/<int:pk>/passwort/", accounts.account_password, name="account_password"),
    path("protokoll/", audit.audit_log, name="audit"),
    path("protokoll.csv", audit.audit_download, name="audit_download"),
    path("meldungen/", feedback.feedback_list, name="feedback"),
    path("meldungen/<int:pk>/", feedback.feedback_change, name="feedback_change"),
    path("umfragen/", surveys.surveys, name="surveys"),
    path(survey, surveys.survey, name="survey"),
    path(survey + "einstellungen/", surveys.survey_settings, name="survey_settings"),
    path(survey + "offene-daten/", surveys.open_data_settings, name="open_data"),
    path(survey + "wellen/neu/", surveys.wave_new, name="wave_new"),
    path(survey + "register/", register.register, name="register"),
    path(survey + "register/hochladen/", register.register_upload, name="register_upload"),
    path(survey + "register.csv", register.register_download, name="register_download"),
    path(organisation, register.organisation, name="organisation"),
    path(
        organisation + "auskunft.json",
        register.organisation_export_view,
        name="organisation_export",
    ),
    path(organisation + "loeschen/", register.organisation_erase, name="organisation_erase"),
    path(survey + "import/", imports.import_start, name="import"),
    path(survey + "import/<str:token>/", imports.import_plan, name="import_plan"),
    path(survey + "import/<str:token>/ausfuehren/", imports.import_run, name="import_run"),
    path(survey + "import/<str:token>/verwerfen/", imports.import_discard, name="import_discard"),
    path(
        survey + "import/<str:token>/probleme.csv", imports.import_problems, name="import_problems"
    ),
    path(wave + "import/", imports.import_start, name="wave_import"),
    path(wave, surveys.wave, name="wave"),
    path(wave + "status/", surveys.wave_status, name="wave_status"),
    path(wave + "fragebogen/", surveys.questionnaire_edit, name="questionnaire_edit"),
    path(wave + "vorschau/", surveys.questionnaire_preview, name="questionnaire_preview"),
    path(wave + "fragebogen/editor/", builder.builder, name="questionnaire_builder"),
    path(
        wave + "fragebogen/editor/uebersetzungen/",
        builder.translations,
        name="builder_translations",
    ),
    path(wave + "fragebogen/editor/frage/neu/", builder.question, name="builder_question_new"),
    path(wave + "fragebogen/editor/frage/<slug:qid>/", builder.question, name="builder_question"),
    path(wave + "fragebogen/editor/abschnitt/neu/", builder.section, name="builder_section_new"),
    path(wave + "fragebogen/editor/abschnitt/<slug:sid>/", builder.section, name="builder_section"),
    path(
        wave + "questionnaire.yaml", surveys.questionnaire_download, name="questionnaire_download"
    ),
    path(wave + "datenschutz/", surveys.privacy_notice, name="privacy_notice"),
    path(wave + "einladungen/", invitations.invitations, name="invitations"),
    path(wave + "einladungen/versand/", invitations.invitations_send, name="invitations_send"),
    path(wave + "einladungen/erinnerungen/", invitations.reminders_plan, name="reminders_plan"),
    path(
        wave + "einladungen/<str:org>/link/",
        invitations.invitation_link,
        name="invitation_link",
    ),
    path(
        wave + "einladungen/<str:org>/link/senden/",
        invitations.invitation_link_send,
        name="invitation_link_send",
    ),
    path(
        wave + "einladungen/<str:org>/neuer-link/",
        invitations.invitation_new_link,
        name="invitation_new_link",
    ),
    path(wave + "codieren/<str:qid>/", coding.coding, name="coding"),
    path(wave + "codieren/<str:qid>/zitate/", quotes.quote_action, name="coding_quote"),
    path(
        wave + "codieren/<str:qid>/zusammenlegen/",
        coding_categories.merge,
        name="coding-merge",
    ),
    path(wave + "codieren/<str:qid>/aufteilen/", coding_categories.split, name="coding-split"),
    path(wave + "codieren/<str:qid>/verschieben/", coding_categories.move, name="coding-move"),
    path(wave + "ruecklauf/", dashboard.wave_dashboard, name="dashboard"),
    path(wave + "ruecklauf/tage.csv", dashboard.dashboard_days_csv, name="dashboard_days_csv"),
    path(wave + "ruecklauf/laender.csv", dashboard.dashboard_lands_csv, name="dashboard_lands_csv"),
    path(wave + "ergebnisse/", results_views.results_page, name="results"),
    path(wave + "ergebnisse/<str:name>", results_views.results_download, name="results_download"),
]
