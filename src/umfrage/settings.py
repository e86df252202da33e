"""The one settings module, configured by environment variables.

Zero-setup default: SQLite in ``UMFRAGE_DATA_DIR`` (default ``./umfrage-data``). Production:
``DATABASE_URL=postgres://…`` (psycopg 3), ``UMFRAGE_SECRET_KEY``, ``UMFRAGE_DEBUG=0``,
``UMFRAGE_ALLOWED_HOSTS``. Misconfiguration is reported by the system checks in ``checks.py``.
Every setting is documented in docs/settings.md (a test keeps the two in step).
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

from umfrage import languages
from umfrage.envconf import env_bool, env_date, env_int, env_list, env_str
from umfrage.secretkey import DEVELOPMENT_KEY, read_stored

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(env_str("UMFRAGE_DATA_DIR", "umfrage-data")).resolve()
# Rendered report PDFs and HTML files, one per wave, download and data version (web/reportcache.py).
UMFRAGE_REPORT_CACHE_DIR = Path(
    env_str("UMFRAGE_REPORT_CACHE_DIR", "") or DATA_DIR / "cache" / "berichte"
).resolve()

DEBUG = env_bool("UMFRAGE_DEBUG", False)
# UMFRAGE_SECRET_KEY, else the key `umfrage serve`/`demo` created in the data folder
# (umfrage.secretkey). The public development key that remains otherwise serves nobody: every
# way of serving replaces it first (umfrage.secretkey.ensure_served_key), and check-deploy
# reports it (umfrage.E001).
SECRET_KEY = env_str("UMFRAGE_SECRET_KEY", "") or read_stored(DATA_DIR) or DEVELOPMENT_KEY
ALLOWED_HOSTS = env_list("UMFRAGE_ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("UMFRAGE_CSRF_TRUSTED_ORIGINS", [])
SITE_URL = env_str("UMFRAGE_SITE_URL", "http://127.0.0.1:8000")
# Links shown in the admin (a link handed out by phone or letter) use SITE_URL when it is set,
# otherwise the address under which the admin page was opened.
SITE_URL_CONFIGURED = bool(env_str("UMFRAGE_SITE_URL", ""))

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "umfrage.store.apps.StoreConfig",
    "umfrage.invitations.apps.InvitationsConfig",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "umfrage.governance.apps.GovernanceConfig",
    "umfrage.web.apps.WebConfig",
    "umfrage.collect.apps.CollectConfig",
    "umfrage.publication.apps.PublicationConfig",
    "umfrage.feedback.apps.FeedbackConfig",
    # The task queue for sending (docs/invitations.md "Sending in the background"): tasks and
    # their results live in the database, so no extra server is needed and every app server
    # sees them.
    "django_tasks",
    "django_tasks_db",
]

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# The Staff… classes are Django's (and django-otp's) own, skipped on the respondent's pages,
# which need no login or session (umfrage.web.middleware).
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "umfrage.web.middleware.StaffSessionMiddleware",
    "umfrage.web.middleware.SiteLocaleMiddleware",
    "umfrage.web.middleware.GermanAdminMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "umfrage.web.middleware.StaffAuthenticationMiddleware",
    "umfrage.web.middleware.StaffOTPMiddleware",
    "umfrage.web.middleware.StaffMessageMiddleware",
    "umfrage.web.middleware.SessionTimeoutMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "umfrage.web.middleware.ContentSecurityPolicyMiddleware",
    # Last, so that it sees the lock-out flag the login attempt set.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "umfrage.urls"
WSGI_APPLICATION = "umfrage.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "umfrage.web.context.navigation",
            ],
            # German numbers and dates (umfrage.formatting) in every template, no {% load %}.
            "builtins": ["umfrage.templatefilters"],
        },
    },
    # The respondent pages (umfrage/collect/jinja2/): Jinja2 renders them in a fraction of the
    # time; the environment (umfrage.collect.jinja) keeps Django's escaping, filters and gettext.
    {
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {"environment": "umfrage.collect.jinja.environment"},
    },
]


def _database() -> dict[str, object]:
    url = env_str("DATABASE_URL", "")
    if url:
        import dj_database_url

        try:
            config = dict(dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True))
        except ValueError as exc:
            # Reported in plain words by the system check umfrage.E002; keep Django importable.
            return {"ENGINE": "django.db.backends.dummy", "UMFRAGE_ERROR": f"DATABASE_URL: {exc}"}
        config.setdefault("TEST", {})
        return config
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": DATA_DIR / "umfrage.sqlite3",
        # Keep each server process's connection (as for PostgreSQL): opening one, with its
        # pragmas and Django's function registrations, cost about as much as a whole
        # questionnaire request's database work.
        "CONN_MAX_AGE": 60,
        "CONN_HEALTH_CHECKS": True,
        # WAL lets the web server read while a long import writes; busy timeout instead of
        # immediate "database is locked" errors.
        "OPTIONS": {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;",
        },
    }


DATABASES = {"default": _database()}
# "limits": the counters of wrong personal links (umfrage.collect.access), in a database table so
# that every server process and every server counts together; the table is made by the migration
# collect.0002 (and by `umfrage serve`/`demo`, which migrate). "default" stays in each process's
# memory (built reports, umfrage.web.results).
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "limits": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "umfrage_limits",
        "TIMEOUT": 24 * 60 * 60,
        "OPTIONS": {"MAX_ENTRIES": 100_000},
    },
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    # First: refuses locked-out users before any password is checked.
    "umfrage.web.backends.LoginLockBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "web:login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "web:login"

# Login lock-out (django-axes): after this many failed attempts for one user name, or from one
# address, that name or address is locked for the cool-off time; a successful login resets the
# count. By name, so that guessing from many addresses does not help; by address, so that one
# machine cannot try many names.
AXES_FAILURE_LIMIT = env_int("UMFRAGE_LOGIN_FAILURES", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("UMFRAGE_LOCKOUT_MINUTES", 30))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
# The client address behind the proxy (UMFRAGE_PROXY_SSL_HEADER); also what the limit on wrong
# questionnaire links counts against.
AXES_CLIENT_IP_CALLABLE = "umfrage.clientip.client_ip"
AXES_LOCKOUT_TEMPLATE = "web/locked.html"
AXES_VERBOSE = False
OTP_TOTP_ISSUER = env_str("UMFRAGE_OTP_ISSUER", "Umfrage")

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# The accessibility statement (BITV 2.0 § 7) at /barrierefreiheit/: who runs the survey, where
# to report a barrier (an e-mail address, or any text) and the date the statement was made or
# last reviewed. `umfrage check-deploy` warns while the last two are missing.
UMFRAGE_OPERATOR = env_str("UMFRAGE_OPERATOR", "")
UMFRAGE_ACCESSIBILITY_CONTACT = env_str("UMFRAGE_ACCESSIBILITY_CONTACT", "")
UMFRAGE_ACCESSIBILITY_DATE = env_date("UMFRAGE_ACCESSIBILITY_DATE")
# The postal address of the statement's contact (§ 12b BGG asks for one way of contact besides
# the feedback form; the form itself is /barriere-melden/).
UMFRAGE_ACCESSIBILITY_ADDRESS = env_str("UMFRAGE_ACCESSIBILITY_ADDRESS", "")

# The languages of umfrage.languages (docs/languages.md). Every page is German unless a view
# activates another language for its request (umfrage.collect.locale.activate); the browser's
# Accept-Language decides nothing, so dates, numbers and texts always share one language.
# The catalogues of the built-in respondent texts are in locale/ (umfrage.catalogues).
LANGUAGE_CODE = languages.GERMAN
LANGUAGES = languages.django_languages()
languages.extend_django_lang_info()
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env_str("UMFRAGE_TIME_ZONE", "Europe/Berlin")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True

SESSION_COOKIE_AGE = env_int("UMFRAGE_SESSION_SECONDS", 8 * 60 * 60)
# Staff sessions also end after this much inactivity (umfrage.web.middleware).
SESSION_IDLE_SECONDS = env_int("UMFRAGE_SESSION_IDLE_SECONDS", 60 * 60)
SESSION_COOKIE_SECURE = not DEBUG and env_bool("UMFRAGE_SECURE_COOKIES", True)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
# The refusal page in the respondent's language (docs/languages.md, "The message pages").
CSRF_FAILURE_VIEW = "umfrage.collect.views.csrf_failure"
SESSION_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
# Not "no-referrer": with it browsers send "Origin: null" on form posts, which Django's CSRF check
# refuses. "same-origin" still keeps addresses (and the tokens in respondents' links) from
# other sites.
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# HTTPS: the redirect is off by default so that the local demo works over http; production sets
# UMFRAGE_SSL_REDIRECT=1 (check-deploy insists). Behind a TLS-terminating proxy set
# UMFRAGE_PROXY_SSL_HEADER=1 so that Django trusts its X-Forwarded-Proto.
SECURE_SSL_REDIRECT = env_bool("UMFRAGE_SSL_REDIRECT", False)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = 0 if DEBUG else env_int("UMFRAGE_HSTS_SECONDS", 365 * 24 * 60 * 60)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("UMFRAGE_HSTS_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("UMFRAGE_HSTS_PRELOAD", False)
# Preloading HSTS commits the whole domain (and its subdomains) to https in browsers for good;
# that is the operator's decision (UMFRAGE_HSTS_PRELOAD), not a defect of the installation.
SILENCED_SYSTEM_CHECKS = ["security.W021"]
if env_bool("UMFRAGE_PROXY_SSL_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# One strict policy for every page: no inline script or style, nothing from other hosts.
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; "
    "base-uri 'none'"
)

# Wrong personal links (umfrage.collect.access): after this many from one client address within
# the window (seconds), every link lookup from there is refused until the window ends.
COLLECT_TOKEN_ATTEMPTS = env_int("UMFRAGE_TOKEN_ATTEMPTS", 20)
COLLECT_TOKEN_WINDOW = env_int("UMFRAGE_TOKEN_WINDOW_SECONDS", 15 * 60)
# Files uploaded on the admin interface's import page (umfrage.web.imports) above this size are
# refused with the size and the limit.
UMFRAGE_IMPORT_MAX_BYTES = env_int("UMFRAGE_IMPORT_MAX_BYTES", 50 * 1024 * 1024)

# Data protection defaults for new surveys (each survey can change them on its settings page).
RETENTION_MONTHS = env_int("UMFRAGE_RETENTION_MONTHS", 12)

EMAIL_HOST = env_str("UMFRAGE_SMTP_HOST", "localhost")
EMAIL_PORT = env_int("UMFRAGE_SMTP_PORT", 25)
EMAIL_HOST_USER = env_str("UMFRAGE_SMTP_USER", "")
EMAIL_HOST_PASSWORD = env_str("UMFRAGE_SMTP_PASSWORD", "")
EMAIL_USE_TLS = env_bool("UMFRAGE_SMTP_STARTTLS", False)
EMAIL_USE_SSL = env_bool("UMFRAGE_SMTP_SSL", False)
DEFAULT_FROM_EMAIL = env_str("UMFRAGE_FROM_EMAIL", "Umfrage <umfrage@localhost>")
EMAIL_TIMEOUT = env_int("UMFRAGE_SMTP_TIMEOUT", 30)
# Invitations (umfrage.invitations): throttle, retries, reminders, editable message templates.
UMFRAGE_SMTP_RATE = env_int("UMFRAGE_SMTP_RATE", 60)
UMFRAGE_SMTP_ATTEMPTS = env_int("UMFRAGE_SMTP_ATTEMPTS", 5)
UMFRAGE_SMTP_BACKOFF = env_int("UMFRAGE_SMTP_BACKOFF", 2)
UMFRAGE_REMINDER_GAP_DAYS = env_int("UMFRAGE_REMINDER_GAP_DAYS", 3)
UMFRAGE_EMAIL_TEMPLATES = env_str("UMFRAGE_EMAIL_TEMPLATES", "")

# Every record is written through the console handler, whose filter takes personal tokens out
# of paths, messages and tracebacks (umfrage.collect.logredact).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact_tokens": {"()": "umfrage.collect.logredact.RedactTokens"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["redact_tokens"]},
    },
    "root": {"handlers": ["console"], "level": os.environ.get("UMFRAGE_LOG_LEVEL", "WARNING")},
}
