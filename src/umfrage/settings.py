"""The one settings module, configured by environment variables.

Zero-setup default: SQLite in ``UMFRAGE_DATA_DIR`` (default ``./umfrage-data``). Production:
``DATABASE_URL=postgres://…`` (psycopg 3), ``UMFRAGE_SECRET_KEY``, ``UMFRAGE_DEBUG=0``,
``UMFRAGE_ALLOWED_HOSTS``. Misconfiguration is reported by the system checks in ``checks.py``.
Every setting is documented in docs/settings.md (a test keeps the two in step).
"""

from __future__ import annotations

import os
from pathlib import Path

from umfrage.envconf import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(env_str("UMFRAGE_DATA_DIR", "umfrage-data")).resolve()

DEBUG = env_bool("UMFRAGE_DEBUG", False)
# An empty key is caught by the system check umfrage.E001 in production; development gets a
# fixed, obviously unsafe key so that `make demo` needs no setup.
SECRET_KEY = env_str("UMFRAGE_SECRET_KEY", "") or "unsafe-development-key-set-UMFRAGE_SECRET_KEY"
ALLOWED_HOSTS = env_list("UMFRAGE_ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("UMFRAGE_CSRF_TRUSTED_ORIGINS", [])
SITE_URL = env_str("UMFRAGE_SITE_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "umfrage.store.apps.StoreConfig",
    "umfrage.collect.apps.CollectConfig",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
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
            ],
        },
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
        # WAL lets the web server read while a long import writes; busy timeout instead of
        # immediate "database is locked" errors.
        "OPTIONS": {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        },
    }


DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "de"
LANGUAGES = [("de", "Deutsch"), ("en", "English")]
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
SESSION_COOKIE_SECURE = not DEBUG and env_bool("UMFRAGE_SECURE_COOKIES", True)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "no-referrer"
X_FRAME_OPTIONS = "DENY"

EMAIL_HOST = env_str("UMFRAGE_SMTP_HOST", "localhost")
EMAIL_PORT = env_int("UMFRAGE_SMTP_PORT", 25)
EMAIL_HOST_USER = env_str("UMFRAGE_SMTP_USER", "")
EMAIL_HOST_PASSWORD = env_str("UMFRAGE_SMTP_PASSWORD", "")
EMAIL_USE_TLS = env_bool("UMFRAGE_SMTP_STARTTLS", False)
EMAIL_USE_SSL = env_bool("UMFRAGE_SMTP_SSL", False)
DEFAULT_FROM_EMAIL = env_str("UMFRAGE_FROM_EMAIL", "Umfrage <umfrage@localhost>")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("UMFRAGE_LOG_LEVEL", "WARNING")},
}
