"""Configuration classes. Secrets come from the environment, never from the repository.

``create_app()`` picks a class by ``FACTCHECK_CONFIG`` (development, testing, production; production when
unset), or tests pass their own class.
"""

from __future__ import annotations

import os
from datetime import timedelta
from typing import ClassVar


class Config:
    """Production defaults: everything secret or site-specific comes from the environment."""

    ENV_NAME = "production"
    # Signs the session cookies. Required outside development and refused when weak (under 32 bytes, under 10
    # different characters, a repeated string: factcheck.secret_key_weakness); make one with
    # python -c "import secrets; print(secrets.token_hex(32))".
    SECRET_KEY = os.environ.get("SECRET_KEY")
    # Required in production (the app refuses to start without it: each machine would get its own SQLite file);
    # elsewhere the embedded default, SQLite in the instance folder, is filled in by create_app when unset.
    SQLALCHEMY_DATABASE_URI = os.environ.get("DATABASE_URL")
    # Production refuses a SQLite DATABASE_URL unless this is set (one machine, one process writing at a time).
    ALLOW_SQLITE = os.environ.get("FACTCHECK_ALLOW_SQLITE") == "1"
    SQLALCHEMY_ENGINE_OPTIONS: ClassVar[dict] = {}
    # A pooled connection idle this long is pinged before use (a database restarted meanwhile is noticed,
    # not a failed request); busy connections are not, which saves a round trip per request. 0: always.
    DATABASE_PING_AFTER_IDLE_SECONDS = 10
    # Uploads and pasted text: 2 MiB is far above any news article and keeps a request cheap.
    MAX_CONTENT_LENGTH = int(os.environ.get("FACTCHECK_MAX_UPLOAD_BYTES", 2 * 1024 * 1024))
    # The new-article form reads a logged-in user's request up to this size (None: 4 × MAX_CONTENT_LENGTH), so
    # that a file or text over MAX_CONTENT_LENGTH comes back as a form error with the typed fields kept; a
    # larger request gets the 413 page (the browser checks the size before sending, see static/upload.js).
    ARTICLE_FORM_MAX_REQUEST_BYTES: int | None = None
    ALLOWED_UPLOAD_EXTENSIONS = (".txt", ".md", ".html", ".htm")
    # werkzeug scrypt with N = 2^17 (OWASP's minimum for scrypt).
    PASSWORD_HASH_METHOD = "scrypt:131072:8:1"  # noqa: S105 - a method name, not a password
    ARTICLES_PER_PAGE = 25
    # Rows per page of the claim queues (review) and of the sources list.
    QUEUE_PER_PAGE = 25
    WTF_CSRF_ENABLED = True
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = os.environ.get("FACTCHECK_INSECURE_COOKIES") != "1"
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SECURE = SESSION_COOKIE_SECURE
    REMEMBER_COOKIE_SAMESITE = "Lax"
    # Never the Werkzeug debugger (it runs code) unless development is asked for.
    DEBUG = False
    # Sessions end after this long without a request, and this long after login whatever happens.
    SESSION_IDLE_MINUTES = int(os.environ.get("FACTCHECK_SESSION_IDLE_MINUTES", 60))
    SESSION_ABSOLUTE_HOURS = int(os.environ.get("FACTCHECK_SESSION_ABSOLUTE_HOURS", 12))
    # "Keep me logged in" survives closing the browser, not the absolute timeout.
    REMEMBER_COOKIE_DURATION = timedelta(hours=SESSION_ABSOLUTE_HOURS)
    # Login rate limits (factcheck/auth/throttle.py, docs/security.md): refused attempts per client address, per
    # submitted account from one address, and per account from every address (slower; past it only an address
    # with no other attempt on the account is heard). Counted before the password is checked, in shared storage
    # so every gunicorn worker counts together. If that storage does not answer, logins are refused (a 503 saying
    # why) rather than counted per process, where each worker would allow the limit again.
    RATELIMIT_ENABLED = True
    RATELIMIT_STORAGE_URI = os.environ.get("FACTCHECK_RATELIMIT_STORAGE_URI", "redis://127.0.0.1:6379/0")
    LOGIN_LIMIT_PER_ACCOUNT = os.environ.get("FACTCHECK_LOGIN_LIMIT_PER_ACCOUNT", "5 per minute; 20 per hour")
    LOGIN_LIMIT_PER_ADDRESS = os.environ.get("FACTCHECK_LOGIN_LIMIT_PER_ADDRESS", "20 per minute; 100 per hour")
    LOGIN_LIMIT_PER_ACCOUNT_ALL_ADDRESSES = os.environ.get(
        "FACTCHECK_LOGIN_LIMIT_PER_ACCOUNT_ALL_ADDRESSES", "30 per hour; 100 per day"
    )
    # Password checks one worker process runs at once (each scrypt above: about 1 s of CPU and 128 MiB); the
    # rest get a 429 at once, so a worker's memory grows by at most this many times 128 MiB whatever the burst.
    # Matters with gunicorn's threads (gthread); a sync worker checks one password at a time anyway.
    LOGIN_MAX_CONCURRENT_HASHES = int(os.environ.get("FACTCHECK_LOGIN_MAX_CONCURRENT_HASHES", 1))
    # Number of reverse proxies in front of the app (X-Forwarded-For/-Proto trusted that many hops):
    # needed for per-address limits and HSTS behind nginx. 0 = served directly. Set it only when the app can be
    # reached through the proxies alone (gunicorn bound to 127.0.0.1 or a socket only the proxy reaches):
    # anyone who reaches it directly writes their own X-Forwarded-For (docs/security.md).
    TRUSTED_PROXY_COUNT = int(os.environ.get("FACTCHECK_TRUSTED_PROXY_COUNT", 0))
    HSTS_MAX_AGE = int(os.environ.get("FACTCHECK_HSTS_MAX_AGE", 365 * 24 * 3600))
    # Reports and exports: where public verdict pages live, and who signs the ClaimReviews. Required in
    # production; elsewhere create_app fills in LOCAL_SITE_DEFAULTS. The organisation's URL defaults to the
    # public base URL.
    PUBLIC_BASE_URL = os.environ.get("FACTCHECK_PUBLIC_BASE_URL")
    CLAIMREVIEW_ORG_NAME = os.environ.get("FACTCHECK_ORG_NAME")
    CLAIMREVIEW_ORG_URL = os.environ.get("FACTCHECK_ORG_URL")
    # Logs: JSON lines on standard error (factcheck.ops.logs), one per request among them, at this level.
    LOG_JSON = True
    LOG_LEVEL = os.environ.get("FACTCHECK_LOG_LEVEL", "INFO")
    EXPORT_BATCH_SIZE = 500
    # The public site and its API: fact-checks per archive page, entries in the Atom feed, API page sizes.
    ARCHIVE_PER_PAGE = 20
    FEED_ENTRIES = 50
    API_PER_PAGE = 50
    API_MAX_PER_PAGE = 100
    REPORT_PDF_MAX_CLAIMS = int(os.environ.get("FACTCHECK_PDF_MAX_CLAIMS", 500))
    # The most HTML a PDF is laid out from (WeasyPrint takes about 15 s of CPU a MiB here, and its memory grows
    # with it): the report's length, not its claim count, bounds the work a request does.
    REPORT_PDF_MAX_BYTES = int(os.environ.get("FACTCHECK_PDF_MAX_BYTES", 1024 * 1024))
    SOURCING_REPORT_CLAIMS_PER_STATUS = 200  # listed per status in a report over several articles
    # Background jobs (factcheck/jobs): the Redis that `flask --app factcheck worker` processes take them from (any
    # number of them, on any machine). None runs each job inline in the request that starts it (development).
    JOBS_REDIS_URL: str | None = os.environ.get("FACTCHECK_REDIS_URL", "redis://127.0.0.1:6379/0")
    JOB_QUEUE = "factcheck"
    # A job that fails (the database or Redis gone a moment, a worker killed) is tried again after each of these
    # waits in seconds; a refusal (a report too long for a PDF) is not.
    JOB_RETRY_INTERVALS: tuple[int, ...] = (10, 60, 300)
    # The longest a job may run; a worker that died mid-job is noticed this long (plus a minute) after it started.
    JOB_TIMEOUT_SECONDS = 600
    # How often a worker looks for jobs abandoned by a worker that died (and puts them back on the queue).
    JOB_MAINTENANCE_SECONDS = 60


class DevelopmentConfig(Config):
    """``make run``: plain http on loopback; a secret key kept in the instance folder if none is set."""

    ENV_NAME = "development"
    SESSION_COOKIE_SECURE = False
    REMEMBER_COOKIE_SECURE = False
    RATELIMIT_STORAGE_URI = "memory://"
    # No Redis to start for `make run`: a PDF is made in the request that asks for it, unless a queue is set.
    JOBS_REDIS_URL = os.environ.get("FACTCHECK_REDIS_URL") or None


class TestConfig(Config):
    """Tests: a throwaway database, no CSRF, fast password hashing."""

    ENV_NAME = "testing"
    TESTING = True
    SECRET_KEY = "test-secret-key-not-for-production"  # noqa: S105 - the test suite's own key
    SQLALCHEMY_DATABASE_URI = os.environ.get("TEST_DATABASE_URL", "sqlite://")
    WTF_CSRF_ENABLED = False
    # Cheap hashes keep the suite fast; the production method is checked by its own test.
    PASSWORD_HASH_METHOD = "pbkdf2:sha256:1000"  # noqa: S105 - a method name, not a password
    SESSION_COOKIE_SECURE = False
    REMEMBER_COOKIE_SECURE = False
    # Off so the suite's many logins are not throttled; the security tests switch it on.
    RATELIMIT_ENABLED = False
    RATELIMIT_STORAGE_URI = "memory://"
    # Jobs run inline; tests/test_jobs.py gives its apps a Redis queue of their own.
    JOBS_REDIS_URL = None
    # pytest captures the records (caplog); a handler on standard error would outlive each test's capture.
    LOG_JSON = False


# What a workstation, the tests and the benchmarks use when the variables above are unset (never production).
LOCAL_SITE_DEFAULTS = {"PUBLIC_BASE_URL": "http://127.0.0.1:5000", "CLAIMREVIEW_ORG_NAME": "factcheck newsroom"}

CONFIGS: dict[str, type[Config]] = {
    "production": Config,
    "development": DevelopmentConfig,
    "testing": TestConfig,
}
