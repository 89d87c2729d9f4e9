"""Rendered workbench pages, kept for a minute and never served once the data behind them has changed.

Most requests at a desk re-read pages nobody has changed since (the queue, an article, its report), and
rendering one costs 4–7 ms of Python; serving the same page again costs a fifth to a tenth of that. The cache is safe
because of one number: ``data_version.value``, bumped in the same transaction as every write that goes
through the database session (the ORM's flushes and any INSERT, UPDATE or DELETE executed on the session).
A page is looked up under the version read at the start of the request, so a page cached before a write is
never found after it, in any worker process: each process keeps its own entries; all of them read the one
version from the database.

Pages are only served to the session that rendered them: the key holds the session's CSRF secret (the
forms in a page carry tokens of that secret), the user's id and session token (``get_id()``; a logout or a
password change rotates the token), and the full path with its query string. The version is read first in
the request, before the user and the page's data, so an entry never holds data older than its key; a page
the session has is then served before its user is even loaded (``_session_key`` says why that is safe). A
request with messages to flash renders afresh, and only plain ``200`` HTML bodies are kept. Entries also
expire after ``PAGE_CACHE_SECONDS`` (60), well inside the CSRF tokens' hour. ``PAGE_CACHE_ENTRIES = 0``
turns the cache off.
"""

from __future__ import annotations

import functools
import secrets
import threading
from collections.abc import Callable
from typing import Any

from cachetools import TTLCache
from flask import Flask, current_app, g, request, session
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from sqlalchemy import BigInteger, Integer, event, select, update
from sqlalchemy.orm import Mapped, Session, mapped_column

from factcheck import security
from factcheck.db import Base
from factcheck.extensions import db

WROTE = "factcheck_wrote"  # Session.info flag: this transaction changed something
EXTENSION = "factcheck_page_cache"


class DataVersion(Base):
    """A single row whose ``value`` changes with every committed write (see the module's docstring)."""

    __tablename__ = "data_version"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    value: Mapped[int] = mapped_column(BigInteger)


def first_value() -> int:
    """A random start: a database dropped and made again under the same address (a restore) does not
    count through versions a running worker has cached pages of."""
    return secrets.randbits(48)


@event.listens_for(DataVersion.__table__, "after_create")
def _first_row(target, connection, **_kw) -> None:
    """``create_all`` (tests, benchmarks) gets the row migration 0008 inserts."""
    connection.execute(target.insert().values(id=1, value=first_value()))


# -- marking writes and bumping the version: every Session of the process -------------------------------


def mark_written(session: Session) -> None:
    """Tell the cache this transaction writes: for statements sent past the session (on its connection or
    the driver's cursor), which its events cannot see."""
    session.info[WROTE] = True


@event.listens_for(Session, "after_flush")
def _flushed(session: Session, _context) -> None:
    mark_written(session)


@event.listens_for(Session, "do_orm_execute")
def _executed(state) -> None:
    if not state.is_select:  # INSERT/UPDATE/DELETE, and any textual statement (it might write)
        mark_written(state.session)


@event.listens_for(Session, "before_commit")
def _bump_version(session: Session) -> None:
    """In the committing transaction itself: the new data and the new version become visible together."""
    if session.in_nested_transaction():
        return  # a SAVEPOINT: the outer commit bumps
    if not (session.info.get(WROTE) or session.new or session.dirty or session.deleted):
        return
    session.flush()
    # On the connection, not the session: this statement must not mark the next transaction as writing.
    table = DataVersion.__table__
    session.connection().execute(update(table).where(table.c.id == 1).values(value=table.c.value + 1))
    session.info.pop(WROTE, None)


@event.listens_for(Session, "after_soft_rollback")
def _rolled_back(session: Session, previous_transaction) -> None:
    if previous_transaction.parent is None:  # the whole transaction: its writes are gone
        session.info.pop(WROTE, None)


_VERSION_QUERY = select(DataVersion.__table__.c.value).where(DataVersion.__table__.c.id == 1)


def current_version() -> int | None:
    """The committed data version this request's pages are cached under (read on the session's connection,
    before any of the page's own data); None if the row is missing (then nothing is cached)."""
    return db.session.connection().execute(_VERSION_QUERY).scalar_one_or_none()


# -- the cache itself --------------------------------------------------------------------------------------


class PageCache:
    """A bounded, expiring map from page keys to rendered HTML, safe across a worker's threads."""

    def __init__(self, entries: int, seconds: float) -> None:
        self._entries: TTLCache[tuple, str] = TTLCache(maxsize=entries, ttl=seconds)
        self._lock = threading.Lock()

    def get(self, key: tuple) -> str | None:
        with self._lock:
            return self._entries.get(key)

    def put(self, key: tuple, html: str) -> None:
        with self._lock:
            self._entries[key] = html

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()

    def __len__(self) -> int:
        with self._lock:
            return len(self._entries)


def init_app(app: Flask) -> None:
    """Give ``app`` its cache (``PAGE_CACHE_ENTRIES`` pages, ``PAGE_CACHE_SECONDS`` each at most).

    Call it before anything that registers a hook loading the user (``security.init_app``, the login hook):
    the version must be read before any data the page shows, the user included, and a page this session
    already has is served before the user is loaded at all.
    """
    entries = app.config.get("PAGE_CACHE_ENTRIES", 0)
    app.extensions[EXTENSION] = PageCache(entries, app.config["PAGE_CACHE_SECONDS"]) if entries > 0 else None
    app.before_request(_serve_cached)


def _serve_cached() -> str | None:
    """First hook of a request for a cached page: read the data version (everything the request reads
    afterwards is at least as new, so an entry never holds data older than its key says), then return the
    page if this session has it at this version. Returning it ends the request's hooks here: the user is
    not loaded, the session's timeouts and the login were checked when the page was stored (see
    ``_session_key`` for why that is enough). On a miss the request goes on as usual.
    """
    view = current_app.view_functions.get(request.endpoint)
    cache = page_cache()
    if request.method not in ("GET", "HEAD") or not getattr(view, "page_cached", False) or cache is None:
        return None
    if db.engine.dialect.name == "postgresql":
        # One statement outside any transaction: a page served from the cache then costs no BEGIN and no
        # ROLLBACK round trip. A page that must be rendered gets a transaction (see cached_page). (SQLite
        # has no round trips to save, and switching its connection's mode costs statements of its own.)
        db.session.connection(execution_options={"isolation_level": "AUTOCOMMIT"})
        g.page_lookup_autocommit = True
    g.page_version = current_version()
    key = _session_key()
    return cache.get(key) if key is not None else None


def page_cache() -> PageCache | None:
    """This app's cache, or None when it is turned off."""
    return current_app.extensions.get(EXTENSION)


def _session_key() -> tuple | None:
    """What a page depends on besides the data: the request, and the session that asks. None when this
    session's page may not be cached or served: no user in it, a message to flash, no CSRF secret yet
    (the forms' tokens derive from it), or timeouts to enforce (``security.session_current``).

    The user part is the session's ``_user_id``: the user's id and session token (``User.get_id()``). A
    page is only stored when the logged-in user's ``get_id()`` is that string (``cached_page``), and a
    logout, a password change, a deactivation or a role change is a write, which changes the version. So a
    session that finds an entry under the current version is the one the page was rendered for, still
    logged in, with the same rights.
    """
    version = g.get("page_version")
    user = session.get("_user_id")
    secret = session.get("csrf_token")
    if version is None or not user or not secret or session.get("_flashes") or not security.session_current():
        return None
    return (version, request.endpoint, request.full_path, secret, user)


def _logged_in_key() -> tuple | None:
    """``_session_key`` once the user is loaded, if the session's ``_user_id`` is the logged-in user's."""
    key = _session_key()
    if key is None or not current_user.is_authenticated or current_user.get_id() != key[-1]:
        return None
    return key


def cached_page(view: Callable[..., Any]) -> Callable[..., Any]:
    """Keep a GET view's rendered HTML for ``_serve_cached`` while the data and the session are unchanged."""

    @functools.wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        cache = page_cache()
        reading = cache is not None and request.method in ("GET", "HEAD")
        if reading:
            # Past _serve_cached's miss, the hooks have run: the user is loaded and the session's idle clock
            # moved on (once a minute), so the page it has may now be served.
            key = _logged_in_key()
            html = cache.get(key) if key is not None else None
            if html is not None:
                return html
        if g.pop("page_lookup_autocommit", False):
            # Rendering reads in a transaction (streamed queries need one): leave the lookup's autocommit
            # connection. The user is read again in it, no older than the version.
            db.session.rollback()
        flashing = bool(session.get("_flashes"))  # a page showing messages is rendered for this once
        result = view(*args, **kwargs)
        if reading and not flashing and isinstance(result, str):
            generate_csrf()  # the session's CSRF secret exists (a page without a form has not made it)
            key = _logged_in_key()
            if key is not None:
                cache.put(key, result)
        return result

    wrapper.page_cached = True  # type: ignore[attr-defined] - read by _serve_cached
    return wrapper
