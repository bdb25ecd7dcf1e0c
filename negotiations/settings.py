"""Settings, all read from the environment (django-environ).

With nothing set the service runs on an embedded default: a SQLite file under
var/ and Celery tasks executed in-process. Set DATABASE_URL and
CELERY_BROKER_URL to run on PostgreSQL with a broker and separate workers.
"""

from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)
# The fallback key only exists so a fresh clone runs; production sets SECRET_KEY.
SECRET_KEY = env("SECRET_KEY", default="insecure-dev-key-set-SECRET_KEY-in-production")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# A CSRF failure under /api/ answers the API's JSON error; elsewhere Django's page.
CSRF_FAILURE_VIEW = "api.errors.csrf_failure"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "negotiations",
    "events",
    "api",
]

MIDDLEWARE = [
    # Outermost: any error page still in HTML under /api/ (raised outside a view) becomes the JSON error shape.
    "api.middleware.JsonErrorsMiddleware",
    # A rendered DRF response drops its links to itself and its view: freed when sent, not by the GC.
    "api.middleware.RenderedResponseCyclesMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Static files (admin, Swagger UI, ReDoc assets) from the app itself: no web server in front needed.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Anonymous API requests get a PostgreSQL statement timeout (API_ANON_STATEMENT_TIMEOUT_MS).
    "api.middleware.AnonymousStatementTimeoutMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Records which user made an edit, for the change history.
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "negotiations.urls"
WSGI_APPLICATION = "negotiations.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
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

# --- Database -----------------------------------------------------------------
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# Persistent connections: a worker opening one per task made PostgreSQL start a backend, with cold
# catalog caches, for every report. Health checks drop a connection that died while idle.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# ...but in the web process only for a connection idle this long since its last request (0: before every
# request): one in steady use answered a few milliseconds ago (negotiations/connections.py).
CONN_HEALTH_CHECK_IDLE_SECONDS = env.float("CONN_HEALTH_CHECK_IDLE_SECONDS", default=5.0)
# The worker's hot fixed-text queries are prepared once per connection (negotiations/prepared.py). Behind a
# transaction-mode pooler (PgBouncer), which may run each transaction on another server session, set false.
DB_PREPARED_STATEMENTS = env.bool("DB_PREPARED_STATEMENTS", default=True)
# Parallel test runs (several developers, CI) each get their own test database.
if env("TEST_DB_NAME", default=""):
    DATABASES["default"]["TEST"] = {"NAME": env("TEST_DB_NAME")}
IS_POSTGRES = DATABASES["default"]["ENGINE"].endswith("postgresql")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
# collectstatic writes hashed, gzip-compressed copies and a manifest; whitenoise serves them with far-future
# cache headers. Pages then need the manifest: run collectstatic before serving (scripts/run does).
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Request bodies: POST /api/v1/reports/ takes whole articles, so allow a few MB
# and no more; larger bodies are refused with 413.
DATA_UPLOAD_MAX_MEMORY_SIZE = env.int("DATA_UPLOAD_MAX_MEMORY_SIZE", default=5 * 1024 * 1024)

# --- API ----------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_VERSIONING_CLASS": "rest_framework.versioning.NamespaceVersioning",
    # Documents what writes answer, the error responses and anonymous reads (api/v1/schema.py).
    "DEFAULT_SCHEMA_CLASS": "api.v1.schema.V1AutoSchema",
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.DjangoModelPermissionsOrAnonReadOnly"],
    # One JSON error shape for every API error (api/errors.py).
    "EXCEPTION_HANDLER": "api.errors.exception_handler",
    "DEFAULT_THROTTLE_RATES": {
        "anon": env("API_ANON_THROTTLE", default="600/minute"),
        "user": env("API_USER_THROTTLE", default="6000/minute"),
    },
    # How many proxies in front of the service append to X-Forwarded-For. 0: the header is ignored and
    # the throttle counts the connecting address (else any client could send a new address each time).
    "NUM_PROXIES": env.int("NUM_PROXIES", default=0),
}
# Each SQL statement of an anonymous API request is cancelled after this many milliseconds (503); 0: no limit.
API_ANON_STATEMENT_TIMEOUT_MS = env.int("API_ANON_STATEMENT_TIMEOUT_MS", default=5000)
# The timeout is kept on the connection between anonymous requests (reset before any other request). Behind
# a pooler that shares connections between clients per transaction (PgBouncer's transaction mode), set this:
# each anonymous request then runs in a transaction of its own with SET LOCAL (three more round trips).
API_ANON_STATEMENT_TIMEOUT_PER_TRANSACTION = env.bool("API_ANON_STATEMENT_TIMEOUT_PER_TRANSACTION", default=False)

SPECTACULAR_SETTINGS = {
    "TITLE": "Negotiations API",
    "DESCRIPTION": "Structured, deduplicated, sourced record of peace and ceasefire negotiations.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v[0-9]+",
    # Required strings that may not be blank say so (minLength 1).
    "ENFORCE_NON_BLANK_FIELDS": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "api.v1.schema.postprocess",
    ],
    # Swagger UI / Redoc assets served from drf-spectacular-sidecar: no CDN needed.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # No page asks another host for anything: Swagger UI's validator badge would call validator.swagger.io
    # (ReDoc's Google Fonts links are dropped in templates/drf_spectacular/redoc.html).
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "validatorUrl": None},
    # Several models have a "kind"/"status"; name each choice set once in the schema.
    "ENUM_NAME_OVERRIDES": {
        "ActorKindEnum": "negotiations.models.ActorKind",
        "NegotiationStatusEnum": "negotiations.models.NegotiationStatus",
        "MeetingKindEnum": "events.models.Meeting.Kind",
        "StatementKindEnum": "events.models.Statement.Kind",
        "ReportStatusEnum": "events.models.Report.Status",
        "DatePrecisionEnum": "events.models.DatePrecision",
        "SourceKindEnum": "events.models.Source.Kind",
    },
}

# --- Celery -------------------------------------------------------------------
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="")
# No broker configured: run tasks in-process (the embedded default).
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=not CELERY_BROKER_URL)
CELERY_TASK_EAGER_PROPAGATES = False
if not CELERY_BROKER_URL:
    CELERY_BROKER_URL = "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_BROKER_TRANSPORT_OPTIONS = {
    # Unacknowledged tasks go back to the queue after this many seconds.
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=3600),
}
# Publishing must never hang a request: no publish retries and short socket timeouts, so with the
# broker down report_enqueue fails within a few seconds and the report stays pending for the sweep.
CELERY_TASK_PUBLISH_RETRY = False
CELERY_BROKER_CONNECTION_TIMEOUT = env.float("CELERY_BROKER_CONNECTION_TIMEOUT", default=3.0)
CELERY_BROKER_TRANSPORT_OPTIONS.update(
    {
        "socket_connect_timeout": env.float("CELERY_BROKER_SOCKET_CONNECT_TIMEOUT", default=3.0),
        # A broker that accepts but never answers must not hang a request either.
        "socket_timeout": env.float("CELERY_BROKER_SOCKET_TIMEOUT", default=10.0),
        # Only the first connection attempt when publishing; workers reconnect on their own.
        "max_retries": 1,
        "interval_start": 0,
        "interval_step": 0.5,
        "interval_max": 1,
    }
)
# Workers keep retrying the broker forever at start-up (a restarted Redis is waited for).
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A task that outlives this is killed; REPORTS_STALE_PROCESSING_SECONDS must stay above it so the
# sweep never hands a report that is still being worked on to a second worker.
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=300)
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=240)

# --- Reliable ingestion: the sweep -------------------------------------------------
# Redis keeps nothing on disk here, so a message can be lost (broker restart, publish failure).
# The sweep re-enqueues reports pending for longer than this, and resets reports stuck in
# "processing" (worker died and its message was lost) after the stale timeout.
REPORTS_SWEEP_INTERVAL_SECONDS = env.float("REPORTS_SWEEP_INTERVAL_SECONDS", default=60.0)
REPORTS_PENDING_RETRY_SECONDS = env.float("REPORTS_PENDING_RETRY_SECONDS", default=120.0)
REPORTS_STALE_PROCESSING_SECONDS = env.float("REPORTS_STALE_PROCESSING_SECONDS", default=900.0)
REPORTS_SWEEP_BATCH = env.int("REPORTS_SWEEP_BATCH", default=500)
# Feeds: every active source is polled this often (one task per source).
SOURCES_POLL_INTERVAL_SECONDS = env.float("SOURCES_POLL_INTERVAL_SECONDS", default=900.0)
# At most this many entries are read per poll; an entry's own content becomes the report's HTML when it
# has at least this much text (a teaser is not the article: the worker fetches the page instead).
FEED_MAX_ENTRIES = env.int("FEED_MAX_ENTRIES", default=200)
FEED_MIN_ARTICLE_CHARS = env.int("FEED_MIN_ARTICLE_CHARS", default=600)

CELERY_BEAT_SCHEDULE = {
    "reports-enqueue-pending": {
        "task": "events.reports_enqueue_pending",
        "schedule": REPORTS_SWEEP_INTERVAL_SECONDS,
    },
    "sources-poll-active": {
        "task": "events.sources_poll_active",
        "schedule": SOURCES_POLL_INTERVAL_SECONDS,
    },
}

# --- Fetching URLs (events.fetch) -----------------------------------------------------
# Hosts (names or IP literals, exactly as written in the URL) that may resolve to private or
# loopback addresses. Empty by default: nothing inside the network can be reached. Tests allow
# their local test server here.
FETCH_ALLOW_PRIVATE_HOSTS = env.list("FETCH_ALLOW_PRIVATE_HOSTS", default=[])
FETCH_CONNECT_TIMEOUT = env.float("FETCH_CONNECT_TIMEOUT", default=5.0)
FETCH_READ_TIMEOUT = env.float("FETCH_READ_TIMEOUT", default=15.0)
# Wall-clock budget for a whole fetch (all redirects and the body): a slow drip cannot hold a worker.
FETCH_TOTAL_TIMEOUT = env.float("FETCH_TOTAL_TIMEOUT", default=30.0)
FETCH_MAX_BYTES = env.int("FETCH_MAX_BYTES", default=5 * 1024 * 1024)
FETCH_MAX_REDIRECTS = env.int("FETCH_MAX_REDIRECTS", default=5)
# CA bundle for TLS verification (a path); empty: certifi's public CAs. Certificates are always verified.
FETCH_CA_BUNDLE = env("FETCH_CA_BUNDLE", default="")
FETCH_USER_AGENT = env("FETCH_USER_AGENT", default="negotiations-bot/1.0 (+https://example.org/bot)")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="WARNING")},
}
