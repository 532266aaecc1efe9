"""The one settings module: everything that varies comes from the environment."""

from __future__ import annotations

from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from safepassage.config.env import envbool, envchoice, envint, envlist, envnumber, envstr
from safepassage.home import (
    AUDIT_SIGNING_KEY_FILE,
    FIELD_KEYS_FILE,
    HANDOVER_IDENTITY_FILE,
    SECRET_KEY_FILE,
    home_dir,
)

ERR_NO_SECRET = (
    "No secret key: set SAFEPASSAGE_SECRET_KEY (or SAFEPASSAGE_SECRET_KEY_FILE), "  # noqa: S105
    "or run `safepassage init` to create {path}."
)

BASE_DIR = Path(__file__).resolve().parent.parent
SAFEPASSAGE_HOME = home_dir()

DEBUG = envbool("SAFEPASSAGE_DEBUG", False)
SAFEPASSAGE_ENV = envchoice("SAFEPASSAGE_ENV", "local", ("local", "production"))


def _secret_key() -> str:
    value = envstr("SAFEPASSAGE_SECRET_KEY")
    if value:
        return value
    path = SAFEPASSAGE_HOME / SECRET_KEY_FILE
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    raise ImproperlyConfigured(ERR_NO_SECRET.format(path=path))


SECRET_KEY = _secret_key()
FIELD_KEYS_PATH = Path(envstr("SAFEPASSAGE_FIELD_KEYS", str(SAFEPASSAGE_HOME / FIELD_KEYS_FILE)))
# This installation's handover keys (docs/handover.md), beside the field keyring and wrapped by the
# same key-encryption key; and where an uploaded dossier waits between its preview and its import.
HANDOVER_IDENTITY_PATH = FIELD_KEYS_PATH.parent / Path(HANDOVER_IDENTITY_FILE).name
HANDOVER_INBOX = SAFEPASSAGE_HOME / "handover-inbox"
AUDIT_SIGNING_KEY_PATH = Path(
    envstr("SAFEPASSAGE_AUDIT_SIGNING_KEY", str(SAFEPASSAGE_HOME / AUDIT_SIGNING_KEY_FILE))
)

ALLOWED_HOSTS = envlist("SAFEPASSAGE_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = envlist("SAFEPASSAGE_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    # Before allauth: our account/ and allauth/layouts/ templates override allauth's own.
    "safepassage.accounts",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "safepassage.core",
    "safepassage.audit",
    "safepassage.registry",
    "safepassage.protection",
    "safepassage.exchanges",
    "safepassage.tracing",
    "safepassage.reports",
    "safepassage.dashboard",
    "safepassage.handover",
    "safepassage.duplicates",
    # Operations tooling (commands, generator, backup, rotation): stands on every app, has no models.
    "safepassage.ops",
    # Django's widget templates, after the apps: core/templates/django/forms/ overrides some of them.
    "django.forms",
]
# Every form renders through one layer: GOV.UK Frontend form groups (core.rendering).
FORM_RENDERER = "safepassage.core.rendering.FormRenderer"

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # Before any view runs (LoginRequiredMiddleware acts in process_view, after this).
    "safepassage.accounts.middleware.SessionTimeoutMiddleware",
    # The signed-in user's stored language overrides LocaleMiddleware's cookie/browser guess.
    "safepassage.accounts.locale.UserLanguageMiddleware",
    "safepassage.accounts.mfa.MfaRequiredMiddleware",
    # PostgreSQL row-level security: this request's queries see what its user's role may (core.rls).
    "safepassage.core.middleware.DatabaseContextMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "safepassage.core.middleware.NoStoreMiddleware",
]

# Django's database sessions, each query naming its own row to row-level security (core.sessions).
SESSION_ENGINE = "safepassage.core.sessions"
ROOT_URLCONF = "safepassage.config.urls"
WSGI_APPLICATION = "safepassage.config.wsgi.application"

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
                "safepassage.accounts.context_processors.role",
            ],
        },
    },
]

DATABASE_URL = envstr("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {
        "default": dj_database_url.parse(
            DATABASE_URL,
            conn_max_age=envint("SAFEPASSAGE_DB_CONN_MAX_AGE", 60),
            conn_health_checks=True,
        )
    }
    if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        # Same backend, but `flush` keeps the audit tables' append-only triggers in place.
        DATABASES["default"]["ENGINE"] = "safepassage.core.db.postgresql"
        # The planner's price of a random page read, set on each connection (no server change):
        # the registry's working set stays in memory, where PostgreSQL's default (4, for spinning
        # disks) makes it read all 100,000 persons rather than look up the 2,750 a common given
        # name finds by their key (22 ms against 9.6 ms). Empty: the server's own setting.
        _page_cost = envnumber("SAFEPASSAGE_PG_RANDOM_PAGE_COST", 1.1)
        if _page_cost is not None:
            _options = DATABASES["default"].setdefault("OPTIONS", {})
            _options["options"] = f"{_options.get('options', '')} -c random_page_cost={_page_cost:g}".strip()
    # The role that owns the tables and runs migrations (`safepassage init`, `safepassage db roles`);
    # DATABASE_URL is then the application's own role, which owns nothing (core.rls, core.dbroles).
    DATABASE_OWNER_URL = envstr("DATABASE_OWNER_URL")
    if DATABASE_OWNER_URL:
        DATABASES["owner"] = dj_database_url.parse(DATABASE_OWNER_URL, conn_max_age=0)
        DATABASES["owner"]["ENGINE"] = DATABASES["default"]["ENGINE"]
        DATABASES["owner"]["TEST"] = {"MIRROR": "default"}
else:
    DATABASES = {
        "default": {
            "ENGINE": "safepassage.core.db.sqlite3",
            "NAME": SAFEPASSAGE_HOME / "safepassage.sqlite3",
            "OPTIONS": {
                # WAL for concurrent readers; FULL so a committed audit event survives power loss.
                "init_command": (
                    "PRAGMA journal_mode=WAL;PRAGMA synchronous=FULL;"
                    "PRAGMA foreign_keys=ON;PRAGMA busy_timeout=20000"
                ),
                # Writers take the lock at BEGIN, so the audit chain head is read under it.
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
            "TEST": {"NAME": str(SAFEPASSAGE_HOME / "test-safepassage.sqlite3")},
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

PASSWORD_HASHERS = [
    # Argon2id at OWASP's minimum (accounts/hashers.py); Django's default costs seconds per sign-in.
    "safepassage.accounts.hashers.Argon2idHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Sign-in: django-allauth by username, no self sign-up, no e-mail; MFA for everyone (our middleware).
# allauth's backend, loading the signed-in user with his role and second factor in one query.
AUTHENTICATION_BACKENDS = ["safepassage.accounts.backends.AuthenticationBackend"]
ACCOUNT_ADAPTER = "safepassage.accounts.adapters.AccountAdapter"
MFA_ADAPTER = "safepassage.accounts.adapters.MfaAdapter"
ACCOUNT_LOGIN_METHODS = {"username"}
ACCOUNT_SIGNUP_FIELDS = ["username*", "password1*"]
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_REAUTHENTICATION_TIMEOUT = envint("SAFEPASSAGE_REAUTH_SECONDS", 300)
# Failed sign-ins: per address and per account, counted in the shared cache (all workers agree).
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "reauthenticate": "10/m/user",
    "change_password": "5/m/user",
    "reset_password": "5/m/ip",
    "signup": "0/m/ip",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
MFA_PASSKEY_LOGIN_ENABLED = False
MFA_TOTP_ISSUER = "SafePassage"
# One 30-second step either side (RFC 6238, section 5.2): clocks and people are not instant.
MFA_TOTP_TOLERANCE = 1
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = DEBUG
# A monitor who re-entered their password this recently may see identities (policy STEP_UP).
SAFEPASSAGE_STEP_UP_SECONDS = envint("SAFEPASSAGE_STEP_UP_SECONDS", 10 * 60)

# One cache shared by every worker and process: rate limits and used TOTP codes live here.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "safepassage_cache",
    }
}

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("uk", _("Ukrainian")), ("ko", _("Korean")), ("ru", _("Russian"))]
# The .po files live here; `safepassage init` (or `make messages`) compiles the .mo beside them.
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = envstr("SAFEPASSAGE_TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = SAFEPASSAGE_HOME / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Finders let tests and a fresh checkout serve assets before collectstatic has run.
WHITENOISE_USE_FINDERS = True

PRODUCTION = SAFEPASSAGE_ENV == "production"
SESSION_COOKIE_HTTPONLY = True
# Absolute limit from sign-in, and an inactivity limit: both enforced by accounts.middleware.
SESSION_COOKIE_AGE = envint("SAFEPASSAGE_SESSION_SECONDS", 8 * 3600)
SAFEPASSAGE_IDLE_SECONDS = envint("SAFEPASSAGE_IDLE_SECONDS", 15 * 60)
# A caseload-wide state position re-assesses up to this many persons in its own request; more run
# beside the server in batches (protection.refresh).
SAFEPASSAGE_REFRESH_INLINE_LIMIT = envint("SAFEPASSAGE_REFRESH_INLINE_LIMIT", 300)
# Exchange lists come from the other side: caps checked while a file is read (exchanges.imports).
# Generous for a real list (a 50,000-row list is about 3 MB of CSV); a hostile file stops early.
SAFEPASSAGE_IMPORT_MAX_MB = envint("SAFEPASSAGE_IMPORT_MAX_MB", 20)
SAFEPASSAGE_IMPORT_MAX_ROWS = envint("SAFEPASSAGE_IMPORT_MAX_ROWS", 50_000)
SAFEPASSAGE_IMPORT_MAX_CELL = envint("SAFEPASSAGE_IMPORT_MAX_CELL", 1000)
SAFEPASSAGE_IMPORT_MAX_UNPACKED_MB = envint("SAFEPASSAGE_IMPORT_MAX_UNPACKED_MB", 100)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_SECURE = envbool("SAFEPASSAGE_SECURE_COOKIES", PRODUCTION)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
if SESSION_COOKIE_SECURE:
    # `__Host-`: the browser accepts the cookie only over HTTPS, for this host alone, path /.
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
    LANGUAGE_COOKIE_NAME = "__Host-django_language"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SECURE_HSTS_SECONDS = envint("SAFEPASSAGE_HSTS_SECONDS", 63072000 if PRODUCTION else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("SAFEPASSAGE_HSTS_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = envbool("SAFEPASSAGE_HSTS_PRELOAD", PRODUCTION)
# Behind a TLS-terminating proxy: SAFEPASSAGE_PROXY_SSL_HEADER=HTTP_X_FORWARDED_PROTO=https, and the
# proxy must strip that header from clients. The redirect may be left to the proxy.
SECURE_SSL_REDIRECT = envbool("SAFEPASSAGE_SSL_REDIRECT", PRODUCTION)
_proxy_header = envstr("SAFEPASSAGE_PROXY_SSL_HEADER")
if _proxy_header:
    _name, _, _value = _proxy_header.partition("=")
    SECURE_PROXY_SSL_HEADER = (_name.strip(), _value.strip() or "https")
# Everything from our own origin; no inline script, no framing, no plugins, forms post home.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}

# Upload limits: scans are checked again by type and size in the registry services.
SCAN_MAX_BYTES = envint("SAFEPASSAGE_SCAN_MAX_BYTES", 10 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = SCAN_MAX_BYTES + 1024 * 1024
# Larger uploads (exchange lists) go to a temporary file, whose size is checked before it is read.
FILE_UPLOAD_MAX_MEMORY_SIZE = SCAN_MAX_BYTES + 1024 * 1024

REST_FRAMEWORK = {
    # Only a session that completed MFA: no token or Basic path around the second factor.
    "DEFAULT_AUTHENTICATION_CLASSES": ["safepassage.accounts.api_auth.MfaSessionAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["safepassage.core.permissions.PolicyPermission"],
    # JSON with a nesting limit (malformed or too deep: 400), forms and multipart uploads.
    "DEFAULT_PARSER_CLASSES": [
        "safepassage.core.parsers.BoundedJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "SafePassage API",
    "DESCRIPTION": "Registry of captured persons: persons, name forms, identity documents, "
    "service facts, capture and custody.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    # Several models have a field named `kind` with different vocabularies: name each enum.
    "ENUM_NAME_OVERRIDES": {
        "NameKindEnum": "safepassage.registry.choices.NameKind",
        "CustodyKindEnum": "safepassage.registry.choices.CustodyKind",
        "EvidenceKindEnum": "safepassage.protection.choices.EvidenceKind",
        "ApplicationKindEnum": "safepassage.protection.choices.ApplicationKind",
    },
}

SAFEPASSAGE_WORKERS = envint("SAFEPASSAGE_WORKERS", 3)
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": envstr("SAFEPASSAGE_LOG_LEVEL", "WARNING")},
}

# Audit checkpoints (audit.autocheckpoint): signed automatically after this many new events, or at
# the first event this many minutes after the last checkpoint (0 turns either trigger off), and
# copied to the witness directory, which should be one the neutral witness controls.
SAFEPASSAGE_AUDIT_CHECKPOINT_EVENTS = envint("SAFEPASSAGE_AUDIT_CHECKPOINT_EVENTS", 1000)
SAFEPASSAGE_AUDIT_CHECKPOINT_MINUTES = envint("SAFEPASSAGE_AUDIT_CHECKPOINT_MINUTES", 60)
SAFEPASSAGE_AUDIT_WITNESS_DIR = envstr("SAFEPASSAGE_AUDIT_WITNESS_DIR", str(SAFEPASSAGE_HOME / "witness"))
# How long a signed row-level security context token holds (core.rls); commands renew none.
SAFEPASSAGE_DB_CONTEXT_SECONDS = envint("SAFEPASSAGE_DB_CONTEXT_SECONDS", 86400)
