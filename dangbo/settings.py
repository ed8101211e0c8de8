"""Settings for dangbo. SQLite by default; PostgreSQL when DATABASE_URL points at one."""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF

from dangbo.core import secrets_file

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(os.environ.get("DANGBO_DATA_DIR", BASE_DIR / "var"))
DATA_DIR.mkdir(parents=True, exist_ok=True)

# Never a fixed default: DANGBO_SECRET_KEY, else DATA_DIR/secret_key, generated on first start (back it up).
SECRET_KEY = secrets_file.load_or_create(DATA_DIR)
DEBUG = os.environ.get("DANGBO_DEBUG", "1") == "1"
ALLOWED_HOSTS = os.environ.get("DANGBO_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")

INSTALLED_APPS = [
    "dangbo.accounts.admin_apps.AuditedAdminConfig",  # django.contrib.admin, audited
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "treebeard",
    "ninja",  # serves the API docs' Swagger UI from static files, not a CDN
    "axes",
    "django_tasks",
    "django_tasks.backends.database",
    "dangbo.core",
    "dangbo.accounts",
    "dangbo.orgs",
    "dangbo.members",
    "dangbo.reviews",
    "dangbo.meetings",
    "dangbo.workdays",
    "dangbo.admissions",
    "dangbo.transfers",
    "dangbo.statforms",
    "dangbo.memberwork",
    "dangbo.training",
    "dangbo.dues",
    "dangbo.inspection",
    "dangbo.targets",
    "dangbo.reports",
    "dangbo.demo",
    "dangbo.jobs",
]
# Long work (a province's forms, large exports, imports) runs in the worker `manage.py db_worker` (`make run`
# starts it), queued in the database: no other server to install on a closed network.
TASKS = {"default": {"BACKEND": "django_tasks.backends.database.DatabaseBackend"}}

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "dangbo.core.middleware.RequestIdMiddleware",
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "dangbo.urls"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "dangbo" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "dangbo.accounts.context_processors.scope",
            ],
        },
    },
]
WSGI_APPLICATION = "dangbo.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{DATA_DIR / 'dangbo.sqlite3'}",
        conn_max_age=int(os.environ.get("DANGBO_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # WAL lets the web server read while a long import writes.
    DATABASES["default"].setdefault("OPTIONS", {})["init_command"] = (
        # case_sensitive_like lets SQLite answer path LIKE 'prefix%' (subtree queries) from the index;
        # paths are 0-9A-Z and every text search uses folded columns, so no result changes.
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA case_sensitive_like=ON;"
    )
    DATABASES["default"]["OPTIONS"]["transaction_mode"] = "IMMEDIATE"
    # A writer (a login saving its session, an edit) waits for another's transaction instead of failing: the
    # longest is an import of the largest file allowed (100.000 rows hold the lock ≈ 67 s on a 2-core VM: 20 users
    # worked through it without an error, bench/concurrency.py); with IMMEDIATE transactions waiting cannot deadlock.
    DATABASES["default"]["OPTIONS"]["timeout"] = 120
# Production on PostgreSQL (docs/deploy.md). DANGBO_DB_POOL=1: each process keeps a pool of connections
# (psycopg_pool, Django 5.1+) instead of one persistent connection per thread; the two exclude each other, so
# CONN_MAX_AGE is 0 then. DANGBO_DB_POOL_SIZE bounds a process's connections (workers × it ≤ max_connections).
if os.environ.get("DANGBO_DB_POOL") == "1" and DATABASES["default"]["ENGINE"].endswith("postgresql"):
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": 1, "max_size": int(os.environ.get("DANGBO_DB_POOL_SIZE", "8")), "timeout": 30}
# A read replica (a PostgreSQL streaming standby) for the statistics and reports pages: dangbo.core.routers sends
# only the reads those views make inside reading_replica() there; every write and every other read to default.
if os.environ.get("DANGBO_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(
        os.environ["DANGBO_REPLICA_URL"], conn_max_age=DATABASES["default"]["CONN_MAX_AGE"])
    if "pool" in DATABASES["default"].get("OPTIONS", {}):
        DATABASES["replica"].setdefault("OPTIONS", {})["pool"] = dict(DATABASES["default"]["OPTIONS"]["pool"])
    # tests read the replica alias from the test database itself: no second database to create
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
# No JIT on PostgreSQL: it compiles the plans it guesses expensive, and the grouped counts of the targets dashboard
# are guessed so (a misestimated join) while they run in 80 ms: 0,3–0,9 s of compiling each (docs/benchmarks.md).
for _db in DATABASES.values():
    if _db["ENGINE"].endswith("postgresql"):
        _options = _db.setdefault("OPTIONS", {})
        _options["options"] = f"{_options.get('options', '')} -c jit=off".strip()
DATABASE_ROUTERS = ["dangbo.core.routers.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "dangbo.accounts.passwords.MinimumLengthValidator"},  # Django's, with a Vietnamese message
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "orgs:tree"
LOGOUT_REDIRECT_URL = "accounts:login"

# Failed-login throttle (django-axes): 5 failures per username+IP lock for 15 minutes.
AXES_FAILURE_LIMIT = int(os.environ.get("DANGBO_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 0.25
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "accounts/locked.html"
AXES_RESET_ON_SUCCESS = True
# The same client address as the per-address throttle (accounts.throttle): behind the proxy, the one it appended.
AXES_CLIENT_IP_CALLABLE = "dangbo.accounts.throttle.client_ip"

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "dangbo" / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True
FORMAT_MODULE_PATH = ["dangbo.core.formats"]

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "dangbo" / "static"]
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
# Uploaded papers (meeting minutes): never served as static files, only through a scoped view.
MEDIA_ROOT = DATA_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True

DATA_UPLOAD_MAX_MEMORY_SIZE = 50 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 50 * 1024 * 1024

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}

# Content-Security-Policy: no inline script, style or javascript: link anywhere; the site's own files only.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    },
}

# Production over HTTPS (docs/security.md): secure cookies, HSTS, every http:// request redirected.
if os.environ.get("DANGBO_HTTPS") == "1":
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = 31536000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    # Preloading is a request to browser makers to hard-code the domain; an office's domain is not theirs to ask.
    SILENCED_SYSTEM_CHECKS = ["security.W021"]
# Only behind a reverse proxy that sets X-Forwarded-Proto itself (and drops the client's): else anyone could
# claim https.
# processes for work split by org (the country's statistics: one province per process); one where there is one core
DANGBO_WORKERS = int(os.environ.get("DANGBO_WORKERS") or min(os.cpu_count() or 1, 4))
DANGBO_BEHIND_PROXY = os.environ.get("DANGBO_BEHIND_PROXY") == "1"
if DANGBO_BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
