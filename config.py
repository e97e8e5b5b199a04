"""Configuration read from the environment, with safe defaults for a local run."""

import os
import tempfile
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent


def _env_bool(name: str, default: bool) -> bool:
    """Read a yes/no environment variable."""
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_paths(name: str, default: Path) -> list[Path]:
    """Read a list of folders separated by os.pathsep (":" on Linux), as PATH is."""
    value = os.environ.get(name)
    if not value:
        return [default]
    return [Path(part) for part in value.split(os.pathsep) if part]


def database_url(url: str | None) -> str:
    """Return a SQLAlchemy URL, defaulting to SQLite in instance/ and using psycopg 3."""
    if not url:
        return f"sqlite:///{BASE_DIR / 'instance' / 'lms.sqlite3'}"
    if url.startswith("postgres://"):
        url = "postgresql://" + url.removeprefix("postgres://")
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    return url


class Config:
    """Production-safe defaults; every setting can come from the environment."""

    SECRET_KEY = os.environ.get("SECRET_KEY")  # None: create_app keeps one in instance/
    SQLALCHEMY_DATABASE_URI = database_url(os.environ.get("DATABASE_URL"))
    # No pool_pre_ping: a connection is pinged only after it sat idle (lms/database.py).
    SQLALCHEMY_ENGINE_OPTIONS: dict = {}

    SESSION_COOKIE_SECURE = _env_bool("COOKIE_SECURE", True)
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_SECURE = SESSION_COOKIE_SECURE
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_DURATION = 60 * 60 * 24 * 30
    PERMANENT_SESSION_LIFETIME = 60 * 60 * 24 * 14
    WTF_CSRF_TIME_LIMIT = None  # tied to the session instead, so long lessons do not expire a form

    RATELIMIT_ENABLED = _env_bool("RATELIMIT_ENABLED", True)
    # memory:// counts per process; redis://host:6379/0 shares limits between app instances.
    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI", "memory://")
    RATELIMIT_KEY_PREFIX = os.environ.get("RATELIMIT_KEY_PREFIX", "lms")
    RATELIMIT_HEADERS_ENABLED = True
    # Redis down: count in this process instead of failing every login (back to Redis when it
    # answers again); short timeouts so a stalled Redis cannot hold requests.
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True
    RATELIMIT_STORAGE_OPTIONS = {"socket_timeout": 1, "socket_connect_timeout": 1}
    LOGIN_RATE_LIMIT = os.environ.get("LOGIN_RATE_LIMIT", "10 per minute")
    API_RATE_LIMIT = os.environ.get("API_RATE_LIMIT", "120 per minute")  # per API token

    # Email is queued in the mail_outbox table and sent by `flask mail send` (docs/deploy.md).
    MAIL_SERVER = os.environ.get("MAIL_SERVER")  # None: `flask mail send` prints to the console
    MAIL_PORT = int(os.environ.get("MAIL_PORT", "587"))
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME")
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD")
    MAIL_USE_TLS = _env_bool("MAIL_USE_TLS", True)
    MAIL_SENDER = os.environ.get("MAIL_SENDER", "LMS <no-reply@localhost>")
    MAIL_BACKEND = "smtp" if MAIL_SERVER else "console"
    MAIL_TIMEOUT = int(os.environ.get("MAIL_TIMEOUT", "10"))  # seconds per SMTP operation
    MAIL_RETRY_BASE = int(os.environ.get("MAIL_RETRY_BASE", "60"))  # first retry; doubles, max 1 h
    MAIL_MAX_ATTEMPTS = int(os.environ.get("MAIL_MAX_ATTEMPTS", "12"))  # then given up, logged

    # xAPI statements to a Learning Record Store (docs/deploy.md); unset: none are recorded.
    XAPI_ENDPOINT = os.environ.get("XAPI_ENDPOINT", "")  # e.g. https://lrs.example.org/xAPI/
    XAPI_USERNAME = os.environ.get("XAPI_USERNAME", "")  # the LRS's key ...
    XAPI_PASSWORD = os.environ.get("XAPI_PASSWORD", "")  # ... and secret (HTTP Basic)
    XAPI_BATCH_SIZE = int(os.environ.get("XAPI_BATCH_SIZE", "50"))  # statements per request
    XAPI_TIMEOUT = int(os.environ.get("XAPI_TIMEOUT", "10"))  # seconds per request
    XAPI_RETRY_BASE = int(os.environ.get("XAPI_RETRY_BASE", "30"))  # first retry; doubles, max 1 h

    PASSWORD_RESET_MAX_AGE = 60 * 60  # seconds a reset link stays valid
    EMAIL_CHANGE_MAX_AGE = 24 * 60 * 60  # seconds a new address's confirmation link is valid
    AVATAR_MAX_BYTES = 5 * 1024 * 1024  # a profile picture upload; stored re-encoded, ~20 KB
    # Times are shown in the reader's time zone (their profile), else in this one, labelled.
    DEFAULT_TIMEZONE = os.environ.get("DEFAULT_TIMEZONE", "Europe/Copenhagen")

    # Folders of course packages, each package a subfolder with a course.toml; several folders
    # are separated by ":" (os.pathsep), as in PATH. Replaces courses/ when set.
    COURSES_PATH = env_paths("COURSES_PATH", BASE_DIR / "courses")
    COURSE_ENTRY_POINTS = _env_bool("COURSE_ENTRY_POINTS", False)
    QUESTION_TYPE_ENTRY_POINTS = _env_bool("QUESTION_TYPE_ENTRY_POINTS", False)
    # Workbook tools from other distributions (lms.tools entry points); built-ins always load.
    TOOL_ENTRY_POINTS = _env_bool("TOOL_ENTRY_POINTS", False)
    TOOL_UPLOAD_MAX_BYTES = 2 * 1024 * 1024  # one uploaded table for a workbook tool
    # Web authoring (docs/course-format.md): every uploaded version's files are kept here, and
    # published courses are served from here; back it up with the database.
    AUTHORING_STORE = Path(os.environ.get("AUTHORING_STORE",
                                          BASE_DIR / "instance" / "course_versions"))
    AUTHORING_UPLOAD_MAX_BYTES = 20 * 1024 * 1024  # one zipped package, as uploaded

    LOG_FORMAT = os.environ.get("LOG_FORMAT", "text")  # "json" for structured production logs
    LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO")
    PREFERRED_URL_SCHEME = os.environ.get("PREFERRED_URL_SCHEME", "https")
    PROXY_FIX = _env_bool("PROXY_FIX", False)  # behind nginx: trust one X-Forwarded-* hop

    USERS_PER_PAGE = 25
    AT_RISK_INACTIVE_DAYS = 14  # a learner this long without activity is flagged to trainers
    AT_RISK_PREWORK_HOURS = 48  # pre-work not done this close to a session flags a learner
    COUNT_QUERIES = False  # the benchmark turns on a per-request SQL query counter

    # Every absolute link (emails, calendars, invite links) is built from this, never from the
    # request's Host header; requests for other hosts get 400. Required in production.
    PUBLIC_BASE_URL = os.environ.get("PUBLIC_BASE_URL", "")
    EXTRA_TRUSTED_HOSTS = os.environ.get("TRUSTED_HOSTS", "")  # comma-separated, e.g. a 2nd name

    # Discussions: upload bounds and page sizes.
    MAX_CONTENT_LENGTH = 25 * 1024 * 1024  # whole request; Werkzeug answers 413 beyond it
    FORUM_ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024  # per file
    FORUM_ATTACHMENTS_PER_CASE = 5
    FORUM_POSTS_PER_PAGE = 20
    FORUM_THREADS_PER_PAGE = 25


class TestConfig(Config):
    """Fast, isolated settings for the test suite."""

    TESTING = True
    SECRET_KEY = "test-secret-key"  # noqa: S105 - tests only
    SQLALCHEMY_DATABASE_URI = database_url(os.environ.get("TEST_DATABASE_URL", "sqlite://"))
    SESSION_COOKIE_SECURE = False
    REMEMBER_COOKIE_SECURE = False
    WTF_CSRF_ENABLED = False  # security tests switch it back on
    RATELIMIT_ENABLED = False  # rate-limit tests switch it back on
    RATELIMIT_STORAGE_URI = "memory://"
    MAIL_BACKEND = "memory"
    XAPI_ENDPOINT = ""  # the xAPI tests start an LRS and point here
    PREFERRED_URL_SCHEME = "http"  # the test client's scheme follows it
    PUBLIC_BASE_URL = "http://localhost"  # the test client's host
    ARGON2_FAST = True  # cheap hash parameters so the suite stays quick
    COURSES_PATH = BASE_DIR / "tests" / "fixtures" / "courses"
    # never instance/: one store per test process (tests that upload use their own tmp_path)
    AUTHORING_STORE = Path(tempfile.gettempdir()) / f"lms-test-versions-{os.getpid()}"
