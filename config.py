"""Configuration classes. Secrets come from the environment, never from the repository.

``create_app()`` picks a class by ``FACTCHECK_CONFIG`` (development, testing, production; production when
unset), or tests pass their own class.
"""

from __future__ import annotations

import os
from typing import ClassVar


class Config:
    """Production defaults: everything secret or site-specific comes from the environment."""

    ENV_NAME = "production"
    SECRET_KEY = os.environ.get("SECRET_KEY")
    # Embedded default: SQLite in the instance folder (filled in by create_app when unset).
    SQLALCHEMY_DATABASE_URI = os.environ.get("DATABASE_URL")
    SQLALCHEMY_ENGINE_OPTIONS: ClassVar[dict] = {"pool_pre_ping": True}
    # Uploads and pasted text: 2 MiB is far above any news article and keeps a request cheap.
    MAX_CONTENT_LENGTH = int(os.environ.get("FACTCHECK_MAX_UPLOAD_BYTES", 2 * 1024 * 1024))
    ALLOWED_UPLOAD_EXTENSIONS = (".txt", ".md", ".html", ".htm")
    # werkzeug scrypt with N = 2^17 (OWASP's minimum for scrypt).
    PASSWORD_HASH_METHOD = "scrypt:131072:8:1"  # noqa: S105 - a method name, not a password
    ARTICLES_PER_PAGE = 25
    WTF_CSRF_ENABLED = True
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = os.environ.get("FACTCHECK_INSECURE_COOKIES") != "1"
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SECURE = SESSION_COOKIE_SECURE
    # Reports and exports: where public verdict pages live, and who signs the ClaimReviews.
    PUBLIC_BASE_URL = os.environ.get("FACTCHECK_PUBLIC_BASE_URL", "http://127.0.0.1:5000")
    CLAIMREVIEW_ORG_NAME = os.environ.get("FACTCHECK_ORG_NAME", "factcheck newsroom")
    CLAIMREVIEW_ORG_URL = os.environ.get("FACTCHECK_ORG_URL", PUBLIC_BASE_URL)
    EXPORT_BATCH_SIZE = 500
    REPORT_PDF_MAX_CLAIMS = int(os.environ.get("FACTCHECK_PDF_MAX_CLAIMS", 2000))
    SOURCING_REPORT_CLAIMS_PER_STATUS = 200  # listed per status in a report over several articles


class DevelopmentConfig(Config):
    """``make run``: plain http on loopback; a secret key kept in the instance folder if none is set."""

    ENV_NAME = "development"
    SESSION_COOKIE_SECURE = False
    REMEMBER_COOKIE_SECURE = False


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


CONFIGS: dict[str, type[Config]] = {
    "production": Config,
    "development": DevelopmentConfig,
    "testing": TestConfig,
}
