"""The one settings module. Every value comes from the environment (see vangnet/env.py).

VANGNET_ENV selects safe defaults: "production" (the default) demands SECRET_KEY and
ALLOWED_HOSTS and turns on every HTTPS protection; "development" and "test" allow a
throw-away key and local hosts. See README.md, section "Configuration".
"""

import ipaddress
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from vangnet.env import env_bool, env_choice, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

VANGNET_ENV = env_choice("VANGNET_ENV", "production", {"production", "development", "test"})
PRODUCTION = VANGNET_ENV == "production"
TESTING = VANGNET_ENV == "test"

DEBUG = env_bool("DEBUG", VANGNET_ENV == "development")
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("DEBUG must be off when VANGNET_ENV=production.")

if PRODUCTION:
    SECRET_KEY = env_str("SECRET_KEY")
    if len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5:
        raise ImproperlyConfigured("SECRET_KEY must be at least 50 random characters in production.")
else:
    SECRET_KEY = env_str("SECRET_KEY", "dev-only-insecure-key-" + "x" * 40)

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "testserver"])
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must list the host names of this installation in production.")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "core",
    "accounts",
    "networks",
    "people",
    "practice",
    "support",
    "evaluation",
    "quality",
    "privacy",
    "planning",
    "imports",
    "perf",
    "offline",
    "board",
    "django_tasks",
    "django_tasks_db",
    "jobs",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "core.middleware.IdRangeMiddleware",
    "board.middleware.BoardIsolationMiddleware",
    "accounts.middleware.SecondFactorMiddleware",
    "privacy.middleware.CurrentActorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "core.middleware.SecurityHeadersMiddleware",
    "axes.middleware.AxesMiddleware",
    "offline.middleware.ClearSiteDataOnLogoutMiddleware",
]

ROOT_URLCONF = "vangnet.urls"
WSGI_APPLICATION = "vangnet.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "accounts.context_processors.navigation",
            ],
        },
    },
]
# Django's widget templates, with a Dutch empty choice ("– kies –" instead of "---------").
FORM_RENDERER = "core.forms_renderer.Renderer"

# Database: SQLite (WAL, immediate transactions) unless DATABASE_URL says otherwise.
_default_sqlite = BASE_DIR / "var" / "vangnet.sqlite3"
DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{_default_sqlite}")
try:
    _db = dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 60, minimum=0))
except Exception as exc:  # dj_database_url raises several types for a malformed URL
    raise ImproperlyConfigured(f"DATABASE_URL could not be read: {exc}") from None
if _db["ENGINE"] not in ("django.db.backends.sqlite3", "django.db.backends.postgresql"):
    raise ImproperlyConfigured("DATABASE_URL must point to SQLite or PostgreSQL.")
if _db["ENGINE"] == "django.db.backends.sqlite3":
    Path(_db["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    _db["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=20000;"
        ),
    }
    _db["CONN_MAX_AGE"] = 0 if TESTING else _db.get("CONN_MAX_AGE", 60)
else:
    _db["CONN_HEALTH_CHECKS"] = True
    # PostgreSQL's default random_page_cost (4) prices an index lookup for spinning disks; with
    # Vangnet's tables in memory or on SSD it makes the planner scan all participants to find a
    # network's 40 (docs/performance.md). 1.1 is the usual value for SSD; 4 restores the default.
    _page_cost = env_str("PG_RANDOM_PAGE_COST", "1.1")
    try:
        if not 0 < float(_page_cost) <= 100:
            raise ValueError
    except ValueError:
        raise ImproperlyConfigured("PG_RANDOM_PAGE_COST must be a number between 0 and 100.") from None
    _db.setdefault("OPTIONS", {})["options"] = f"-c random_page_cost={float(_page_cost)}"
_db["ATOMIC_REQUESTS"] = False
DATABASES = {"default": _db}
if TESTING and _db["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["TEST"] = {"NAME": env_str("TEST_DATABASE_NAME", "test_vangnet")}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# The route events' covering index carries the stage as an INCLUDE column on PostgreSQL; SQLite has no
# such columns and uses the index without it, as intended (people/models.py, docs/performance.md).
SILENCED_SYSTEM_CHECKS = ["models.W040"]
AUTH_USER_MODEL = "accounts.User"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
if TESTING:
    # Tests create many users; hashing strength is tested separately (accounts/tests/test_auth.py).
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *PASSWORD_HASHERS]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Login throttling (django-axes): lock the combination of username and client address, so nobody
# can lock somebody else out from another address. The client address is REMOTE_ADDR, unless the
# request comes from a proxy listed in TRUSTED_PROXIES (comma-separated addresses or networks, e.g.
# "127.0.0.1" when bin/serve runs behind a proxy on the same machine; default: none). Only then is
# the proxy's X-Forwarded-For believed (accounts/client_address.py, docs/security.md).
TRUSTED_PROXIES = [value.strip() for value in env_str("TRUSTED_PROXIES", "").split(",") if value.strip()]
try:
    for _proxy in TRUSTED_PROXIES:
        ipaddress.ip_network(_proxy, strict=False)
except ValueError:
    raise ImproperlyConfigured(
        "TRUSTED_PROXIES must be IP addresses or networks, separated by commas."
    ) from None
AXES_CLIENT_IP_CALLABLE = "accounts.client_address.client_ip"
AXES_IPWARE_META_PRECEDENCE_ORDER = ("REMOTE_ADDR",)
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_MINUTES", 15, minimum=1) / 60
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False
AXES_ENABLED = env_bool("AXES_ENABLED", True)

# Sessions: idle timeout (SESSION_COOKIE_AGE, renewed by activity at most once a minute) and an
# absolute lifetime, both enforced by core.middleware.
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_MINUTES", 30, minimum=5) * 60
SESSION_SAVE_EVERY_REQUEST = False
SESSION_RENEW_SECONDS = 60
SESSION_ABSOLUTE_SECONDS = env_int("SESSION_ABSOLUTE_HOURS", 10, minimum=1) * 3600
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

# Internationalisation: Dutch first, English available.
LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", "Nederlands"), ("en", "English")]  # each in its own language
LOCALE_PATHS: list = []  # each app keeps its own catalogue in <app>/locale
USE_I18N = True
TIME_ZONE = "Europe/Amsterdam"
USE_TZ = True

# Background work (jobs app, docs/deployment.md): Django's tasks framework (django-tasks backport) with
# its database backend, so the queue lives in the same database on SQLite and PostgreSQL alike.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
# Files made in the background wait here for the user who asked: folder 0700, files 0600, never under
# STATIC_ROOT and never served by the web server (only through the downloads view, after access checks).
# With several app servers this folder is shared storage (docs/deployment.md).
PRIVATE_MEDIA_ROOT = Path(env_str("PRIVATE_MEDIA_ROOT", str(BASE_DIR / "var" / "private")))
DOWNLOAD_RETENTION_DAYS = env_int("DOWNLOAD_RETENTION_DAYS", 7, minimum=1)
# A running job whose worker has not beaten for this long is picked up again by another worker.
JOBS_STALE_SECONDS = env_int("JOBS_STALE_SECONDS", 60, minimum=10)

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "var" / "static")))
WHITENOISE_USE_FINDERS = not PRODUCTION  # development and tests serve straight from the apps' static folders
if not PRODUCTION:
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# Web hardening. HTTPS settings follow production; behind a TLS-terminating proxy set
# SECURE_PROXY_SSL_HEADER via TRUST_X_FORWARDED_PROTO=1.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", PRODUCTION)
SESSION_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_SECURE = PRODUCTION
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000 if PRODUCTION else 0, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = PRODUCTION
SECURE_HSTS_PRELOAD = PRODUCTION
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if env_bool("TRUST_X_FORWARDED_PROTO", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Content-Security-Policy (django-csp 4): only our own origin, no inline scripts.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "worker-src": ["'self'"],
        "manifest-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

# Logs carry ids, never names or free text (see docs/privacy.md).
LOG_LEVEL = env_choice("LOG_LEVEL", "INFO", {"DEBUG", "INFO", "WARNING", "ERROR"})
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    # Request lines without their query string: a search by name must not reach the log. gunicorn's
    # access log is set in gunicorn.conf.py.
    "filters": {"no_query_strings": {"()": "core.logs.NoQueryStrings"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["no_query_strings"]}
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        "axes": {"level": "WARNING"},
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}

EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if PRODUCTION
    else "django.core.mail.backends.console.EmailBackend",
)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "vangnet@localhost")

# The audit trail refuses UPDATE/DELETE in the database (privacy migration 0002). Off in tests,
# whose database flushes would be refused too; privacy/tests/test_audit.py checks the triggers.
AUDIT_DB_TRIGGERS = env_bool("AUDIT_DB_TRIGGERS", not TESTING)

# Import from a spreadsheet (docs/import.md): the file is read in memory, never written to disk.
IMPORT_MAX_BYTES = env_int("IMPORT_MAX_MB", 5, minimum=1) * 1_000_000
IMPORT_MAX_ROWS = env_int("IMPORT_MAX_ROWS", 5000, minimum=10)
IMPORT_MAX_COLUMNS = env_int("IMPORT_MAX_COLUMNS", 400, minimum=10)
IMPORT_UNDO_HOURS = env_int("IMPORT_UNDO_HOURS", 72, minimum=1)
IMPORT_DRAFT_HOURS = env_int("IMPORT_DRAFT_HOURS", 24, minimum=1)
# An import that writes more people, presences and excuses than this runs as a background job with
# its progress (imports.services.in_background); smaller ones are done in the request.
IMPORT_BACKGROUND_ABOVE = env_int("IMPORT_BACKGROUND_ABOVE", 300, minimum=0)

# Two-factor authentication (TOTP) is required for these roles (see accounts/access.py).
OTP_TOTP_ISSUER = env_str("OTP_TOTP_ISSUER", "Vangnet")
