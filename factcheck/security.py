"""Protections that apply to every request: response headers, session timeouts, proxy trust.

The per-user session token lives on ``User`` (``get_id``) and is checked by the user loader
(``factcheck.auth.operations.user_from_session_id``); this module ends sessions that are too old.
"""

from __future__ import annotations

import time

from flask import Flask, Response, current_app, flash, request, session
from flask_login import current_user, logout_user
from werkzeug.middleware.proxy_fix import ProxyFix

# No inline script anywhere (JSON-LD data blocks are not scripts), no plugins, no framing, no <base>.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
        "object-src 'none'",
        "form-action 'self'",
        "script-src 'self'",
        "style-src 'self'",
    ]
)
# Responses that anyone may cache: static files and the public site (published work only).
CACHEABLE_ENDPOINTS = frozenset(
    {"static", "public.verdict", "public.fact_check", "public.archive", "public.feed", "public.sitemap"}
)
STARTED_AT = "session_started_at"
SEEN_AT = "session_seen_at"
# The idle clock is moved on at most this often: rewriting (and re-signing) the session cookie on every
# request cost more than some pages. The idle timeout is then exact to within this many seconds.
SEEN_RESOLUTION_SECONDS = 60


def init_app(app: Flask) -> None:
    """Install the hooks on ``app``."""
    proxies = app.config.get("TRUSTED_PROXY_COUNT", 0)
    if proxies:
        # Trust exactly this many X-Forwarded-* hops: the client's address and https come from the proxy.
        # Flask's documented way to add WSGI middleware, though its types declare wsgi_app a method.
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies
        )
    app.before_request(enforce_session_timeouts)
    app.after_request(set_security_headers)


def now() -> int:
    """Seconds since the epoch (a function so tests can move the clock)."""
    return int(time.time())


def start_session() -> None:
    """Record the login time in a fresh session (call right after ``login_user``)."""
    session[STARTED_AT] = session[SEEN_AT] = now()


def _expired(moment: int, started: int, seen: int | None) -> bool:
    idle_limit = current_app.config["SESSION_IDLE_MINUTES"] * 60
    absolute_limit = current_app.config["SESSION_ABSOLUTE_HOURS"] * 3600
    return moment - started > absolute_limit or (seen is not None and moment - seen > idle_limit)


def enforce_session_timeouts() -> None:
    """Log the user out after ``SESSION_IDLE_MINUTES`` without a request or ``SESSION_ABSOLUTE_HOURS``
    after login; the login hook then sends them to the login page."""
    if request.endpoint == "static" or not current_user.is_authenticated:
        return
    moment = now()
    started = session.get(STARTED_AT)
    seen = session.get(SEEN_AT)
    if started is None:
        # Restored from the remember-me cookie: a new session starts now.
        session[STARTED_AT] = started = moment
    if _expired(moment, started, seen):
        session.clear()
        logout_user()  # after clear(): it leaves the mark that deletes the remember-me cookie
        flash("Your session has expired. Please log in again.", "info")
        return
    if seen is None or moment - seen >= SEEN_RESOLUTION_SECONDS:
        session[SEEN_AT] = moment


def set_security_headers(response: Response) -> Response:
    """CSP, nosniff, referrer policy, no framing, HSTS over https, and no caching of private pages."""
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Referrer-Policy", "same-origin")
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
    if request.is_secure:
        headers.setdefault(
            "Strict-Transport-Security", f"max-age={current_app.config['HSTS_MAX_AGE']}; includeSubDomains"
        )
    if request.endpoint not in CACHEABLE_ENDPOINTS and "Cache-Control" not in headers:
        # Unpublished verdicts and names must not stay in shared or back-button caches.
        headers["Cache-Control"] = "no-store"
    return response
