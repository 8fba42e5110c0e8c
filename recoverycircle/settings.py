"""Django settings. Every value an operator may change comes from the environment (README)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from csp.constants import NONE, SELF

from recoverycircle import config

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = config.data_dir()

SECRET_KEY = config.secret_key(DATA_DIR)
DEBUG = config.env_bool("DEBUG", False)
SITE_URL = config.env_url("SITE_URL", "http://127.0.0.1:8000")
ALLOWED_HOSTS = config.env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = [SITE_URL]

# The one list of this project's apps. The API's routers, the URL includes and the registry
# (recoverycircle/registry.py) follow it: each app's AppConfig (a ProjectApp) says whether it
# has an API and pages, and fills the registry in its ready().
PROJECT_APPS = [
    "accounts",
    "audit",
    "circle",
    "checkins",
    "sobriety",
    "alerts",
    "measures",
    "plans",
    "crisis",
    "signals",
    "helpboard",
    "calendars",
    "meetings",
    "events",
    "contacts",
    "toolkit",
    "ratelimits",
    "conversations",
    "groups",
    "health",
    "demo",
]

INSTALLED_APPS = [
    "recoverycircle.admin_apps.StaffAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    # Ninja as an app: its API docs page uses the Swagger UI files it ships (served from
    # static/ like ours) instead of a CDN, which the site's CSP would block.
    "ninja",
    "axes",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "recoverycircle",
    *PROJECT_APPS,
]

MIDDLEWARE = [
    # Around both lanes: one access-log row per visit, with the request's channel.
    "audit.visits.OneRowPerVisitMiddleware",
    "recoverycircle.api_lane.TokenApiLaneMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "recoverycircle.middleware.JsonApiErrorsMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "accounts.middleware.UserPreferencesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After the messages: it adds the crisis resources to the next page's messages.
    "crisis.middleware.CrisisResourcesMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
    # A visit to a form-only address gets a page instead of an empty 405.
    "recoverycircle.middleware.FormOnlyPageMiddleware",
    # Last, so its 413 and 422 answers get every header the layers above add.
    "recoverycircle.request_guard.RequestGuardMiddleware",
]
# API calls with a personal access token go through this shorter stack (see api_lane).
API_TOKEN_MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.common.CommonMiddleware",
    "recoverycircle.middleware.JsonApiErrorsMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "recoverycircle.api_lane.StaticCSPMiddleware",
    "recoverycircle.request_guard.RequestGuardMiddleware",
]

ROOT_URLCONF = "recoverycircle.urls"
WSGI_APPLICATION = "recoverycircle.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        # Every template lives in its app (the site-wide ones in recoverycircle/templates).
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "recoverycircle.context_processors.site",
                "conversations.context_processors.unread_messages",
                "health.context_processors.service_health",
            ],
        },
    },
]

DATABASES = {"default": config.database(DATA_DIR)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator",
        "OPTIONS": {"user_attributes": ["email", "display_name"]},
    },
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24

# Lockout after repeated failed logins: keyed on account and IP together, and it always ends by
# itself, because a person in crisis must be able to get back in.
AXES_FAILURE_LIMIT = config.env_int("LOGIN_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=config.env_int("LOGIN_COOLOFF_MINUTES", 15, minimum=1))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# Trying again during a pause must not extend it: the pause always ends on time.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False
# Reverse proxies in front of the web server: only then are X-Forwarded-For (client address)
# and X-Forwarded-Proto read, since without a proxy anyone can send them.
PROXY_COUNT = config.env_int("PROXY_COUNT", 0)
AXES_IPWARE_PROXY_COUNT = PROXY_COUNT

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("es", "Español")]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

vars().update(config.email(DATA_DIR))
DEFAULT_FROM_EMAIL = config.env_str("DEFAULT_FROM_EMAIL", "Recovery Circle <no-reply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# Security headers. Cookies are secure and HTTPS is enforced whenever the site is served over
# HTTPS; `make run` on http://127.0.0.1 keeps plain cookies so the demo can log in.
HTTPS = SITE_URL.startswith("https://")
# X-Forwarded-Proto is whatever the client sent unless a proxy we trust set it: trusted only
# when the operator says proxies are in front (PROXY_COUNT), never on a direct connection.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if PROXY_COUNT > 0 else None
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 60 * 60 * 24 * 14
SECURE_HSTS_SECONDS = config.env_int("HSTS_SECONDS", 31536000 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = config.env_bool("HSTS_INCLUDE_SUBDOMAINS", HTTPS)
SECURE_HSTS_PRELOAD = config.env_bool("HSTS_PRELOAD", HTTPS)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "connect-src": [SELF],
        "font-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": config.env_str("LOG_LEVEL", "INFO").upper()},
    # fontTools reports every font subset of a PDF at INFO.
    "loggers": {"axes": {"level": "WARNING"}, "fontTools": {"level": "WARNING"}},
}

# Server-side fetches (meeting feeds) reach only the public internet, except these networks.
FETCH_ALLOWED_NETWORKS = config.env_networks("FETCH_ALLOWED_NETWORKS")

# Actions that send e-mail to an address someone typed: attempts allowed (count, seconds) per
# account (for sign-up and password reset: per e-mail address) and per client IP address.
RATE_LIMITS = {
    "signup": {"account": (3, 3600), "ip": (10, 3600)},
    "password_reset": {"account": (3, 3600), "ip": (10, 3600)},
    "verification": {"account": (3, 3600), "ip": (10, 3600)},
    "invitation": {"account": (20, 3600), "ip": (40, 3600)},
}

# Invitations to a circle stop working after this many days.
INVITATION_DAYS = 7

# Alert delivery (the outbox worker) and the missed-check-in sweep.
ALERT_LEASE_SECONDS = config.env_int("ALERT_LEASE_SECONDS", 60, minimum=5)
ALERT_RETRY_BASE_SECONDS = config.env_int("ALERT_RETRY_BASE_SECONDS", 30, minimum=1)
ALERT_RETRY_MAX_SECONDS = config.env_int("ALERT_RETRY_MAX_SECONDS", 1800, minimum=1)
# E-mail is retried this long after it was queued (a mail outage of a day loses nothing).
ALERT_RETRY_HOURS = config.env_int("ALERT_RETRY_HOURS", 24, minimum=1)
# Account e-mails go through the outbox, sent by the alert loop; the test suite sends them
# at once (as it runs tasks inline).
ACCOUNT_EMAIL_AT_ONCE = False
# After this many failed attempts to reach a supporter, the client is told it has not gone
# through yet (and again when it does, or when it finally fails).
ALERT_NOTICE_AFTER_ATTEMPTS = config.env_int("ALERT_NOTICE_AFTER_ATTEMPTS", 3, minimum=1)
# A background process that has not reported for this long counts as down (health page).
HEALTH_STALE_SECONDS = config.env_int("HEALTH_STALE_SECONDS", 60, minimum=10)
SWEEP_INTERVAL_SECONDS = config.env_int("SWEEP_INTERVAL_SECONDS", 1, minimum=1)

# Help board: remind the helper this many hours before; ask the circle again when a need is
# still unclaimed this many hours before.
HELP_REMINDER_HOURS = config.env_int("HELP_REMINDER_HOURS", 2, minimum=1)
HELP_UNCLAIMED_HOURS = config.env_int("HELP_UNCLAIMED_HOURS", 24, minimum=1)

# Connectedness: a gentle nudge after this many days without contact with anyone in the circle.
ISOLATION_NUDGE_DAYS = config.env_int("ISOLATION_NUDGE_DAYS", 3, minimum=1)

# Crisis: a possible crisis asks the client a direct question; unanswered for this many
# minutes, it escalates as a clear one (the plan's urgent level).
CRISIS_QUESTION_MINUTES = config.env_int("CRISIS_QUESTION_MINUTES", 30, minimum=1)
