"""Settings, all from environment variables (12-factor).

OPENASC_DEBUG=1 turns on debug; DATABASE_URL picks the database (default: SQLite under var/).
The secret key comes from OPENASC_SECRET_KEY or, failing that, a file under var/ written on
first run, so that no secret ever lives in the repository.
"""

import os
import secrets
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("OPENASC_VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def _env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, "1" if default else "0").lower() in {"1", "true", "yes", "on"}


def _secret_key() -> str:
    if key := os.environ.get("OPENASC_SECRET_KEY"):
        return key
    path = VAR_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(64))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = _env_bool("OPENASC_DEBUG")
ALLOWED_HOSTS = os.environ.get("OPENASC_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")
CSRF_TRUSTED_ORIGINS = [
    o for o in os.environ.get("OPENASC_CSRF_TRUSTED_ORIGINS", "").split(",") if o
]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "openasc.vocab",
    "openasc.access",
    "openasc.people",
    "openasc.journey",
    "openasc.money",
    "openasc.planning",
    "openasc.returns",
    "openasc.population",
    "openasc.workspace",
    "openasc.api",
    "openasc.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "openasc.config.middleware.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "openasc.access.middleware.AuthenticationMiddleware",
    "openasc.access.middleware.SlidingSessionMiddleware",
    "openasc.access.middleware.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "openasc.config.urls"
WSGI_APPLICATION = "openasc.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [BASE_DIR / "openasc" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "environment": "openasc.config.jinja.environment",
            "autoescape": True,
        },
    },
    {
        # Django's own (admin-free) template needs, e.g. the CSRF failure page.
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {"context_processors": ["django.contrib.messages.context_processors.messages"]},
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'openasc.sqlite3'}"),
        conn_max_age=int(os.environ.get("OPENASC_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Bind parameters on the server: psycopg then prepares a statement it has run a few
    # times on a connection, so the planner's work (a few milliseconds for a name search)
    # is done once per connection instead of on every request.
    DATABASES["default"].setdefault("OPTIONS", {})["server_side_binding"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers proceed while one writer commits; IMMEDIATE avoids lock upgrades
    # deadlocking two writers (audit entries are written on every view).
    DATABASES["default"]["OPTIONS"] = {
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=10000;"
            " PRAGMA cache_size=-64000; PRAGMA mmap_size=268435456;"
        ),
        "transaction_mode": "IMMEDIATE",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # Writers queue on a file lock rather than SQLite's sleeping busy handler (see there).
    DATABASES["default"]["ENGINE"] = "openasc.common.sqlite"
    # Tests use an in-memory database (Django's default for SQLite). Say so outright:
    # pytest-django recognises SQLite only by Django's own engine name, and would otherwise
    # give each xdist worker a "test_<path>_gw0" file name that cannot be opened.
    DATABASES["default"]["TEST"] = {"NAME": ":memory:"}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "access.User"
# Sessions keep the signed-in user's id in a column, so one query reads both (access.sessions).
SESSION_ENGINE = "openasc.access.sessions"
AUTHENTICATION_BACKENDS = ["openasc.access.sessions.StaffBackend"]
LOGIN_URL = "/sign-in"
LOGIN_REDIRECT_URL = "/"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
if _env_bool("OPENASC_FAST_HASHING"):  # tests and demo generation only
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# The council running this instance: its name and its LA code in national returns (CLD).
# The defaults are the synthetic demo council's ("E06000999" is not a real LA code).
COUNCIL_NAME = os.environ.get("OPENASC_COUNCIL_NAME", "Demoshire")
COUNCIL_CODE = os.environ.get("OPENASC_COUNCIL_CODE", "E06000999")
# How old (seconds) the DuckDB copy of the record behind dashboards may be before a page
# rebuilds it (openasc/returns/snapshot.py).
RETURNS_SNAPSHOT_SECONDS = int(os.environ.get("OPENASC_RETURNS_SNAPSHOT_SECONDS", "600"))

# Sign-in hardening
LOGIN_MAX_FAILURES = int(os.environ.get("OPENASC_LOGIN_MAX_FAILURES", "5"))
LOGIN_LOCKOUT_SECONDS = int(os.environ.get("OPENASC_LOGIN_LOCKOUT_SECONDS", "900"))
SESSION_COOKIE_AGE = int(os.environ.get("OPENASC_SESSION_SECONDS", "1800"))
# The timeout counts from the last request, not sign-in (see SlidingSessionMiddleware).
SESSION_SAVE_EVERY_REQUEST = False
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
SECURE_HTTPS = _env_bool("OPENASC_HTTPS")
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = SECURE_HTTPS
SECURE_SSL_REDIRECT = SECURE_HTTPS
SECURE_HSTS_SECONDS = 31536000 if SECURE_HTTPS else 0
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Parallel audit chains: more lets more page views be recorded at once (see access.audit).
AUDIT_CHAINS = int(os.environ.get("OPENASC_AUDIT_CHAINS", "8"))
BREAK_GLASS_HOURS = int(os.environ.get("OPENASC_BREAK_GLASS_HOURS", "8"))
# The council's own rule files (same layout as openasc/rules/data), laid over the national ones.
RULES_DIR = os.environ.get("OPENASC_RULES_DIR", "")
# Planning runs from the web: "process" starts `openasc plan execute` in the background (the
# page shows its progress); "inline" runs within the request (tests). The scheduler is a
# Dask address, "synchronous", or empty for a local cluster.
PLANNING_RUNNER = os.environ.get("OPENASC_PLANNING_RUNNER", "process")
PLANNING_SCHEDULER = os.environ.get("OPENASC_PLANNING_SCHEDULER", "") or None
PLANNING_MAX_RUNS = int(os.environ.get("OPENASC_PLANNING_MAX_RUNS", "2000"))

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = False
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [("govuk", BASE_DIR / "node_modules" / "govuk-frontend" / "dist" / "govuk")]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_AUTOREFRESH = DEBUG

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("OPENASC_LOG_LEVEL", "WARNING")},
}
