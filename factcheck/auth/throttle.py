"""Password checks paid for before they run: login limits that hold under concurrency, and a cap on
concurrent password hashes per worker (issue 19).

1. **Counted first.** An attempt is counted before its password is hashed, by an atomic increment with expiry
   (``limits`` storage ``incr``: a Lua ``INCRBY`` + ``EXPIRE`` on Redis, a locked counter in memory), so N
   concurrent attempts count N and the ones past the limit are refused without a hash. Three counters, fixed
   windows (``limits`` rate strings, several separated by ``;``):

   - per client address, whatever account it names (``LOGIN_LIMIT_PER_ADDRESS``): one address trying many
     accounts;
   - per account *from one address* (``LOGIN_LIMIT_PER_ACCOUNT``): an account locks only for the address
     guessing at it, never for its owner elsewhere;
   - per account from every address (``LOGIN_LIMIT_PER_ACCOUNT_ALL_ADDRESSES``, slower): one account sprayed
     from many addresses. Past it, an address is still heard only while it is *clean* for that account (no
     other attempt on the account from that address in the longest ``LOGIN_LIMIT_PER_ACCOUNT`` window): the
     owner typing the right password from their own address gets in, and each attacking address gets one
     guess per window instead of the per-account-and-address budget.

   Over a limit: :class:`Throttled` (a 429 with ``Retry-After``), and the password is not checked.
2. **Bounded hashing.** A worker checks at most ``LOGIN_MAX_CONCURRENT_HASHES`` passwords at once (a
   ``BoundedSemaphore`` taken without waiting): a scrypt at N = 2^17 costs about a second of CPU and 128 MiB, so
   the rest get a 429 at once instead of the worker's memory growing with the burst.
3. **Only refused passwords count.** A successful login, and an attempt the busy worker did not check, give
   their counts back.

Counters live in the storage ``RATELIMIT_STORAGE_URI`` names (Redis in production: every gunicorn worker counts
together; ``memory://`` in development and tests), under ``RATELIMIT_KEY_PREFIX``. When that storage does not
answer, logins and password changes are refused with :class:`StorageUnavailable` (a 503 saying why), never counted
in one process's memory, where each worker would allow the whole limit again (issue 17). Nothing is counted when
``RATELIMIT_ENABLED`` is off (the test suite's default); the hash cap always holds.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from flask import Flask, current_app
from limits import parse_many
from limits.errors import StorageError
from limits.storage import Storage, storage_from_string

from factcheck.auth.models import normalise_email

EXTENSION = "factcheck.login_throttle"
# Seconds a client is told to wait when the worker is busy hashing: about one scrypt.
BUSY_RETRY_SECONDS = 2
BUSY_MESSAGE = "The server is checking other passwords right now. Try again in a few seconds."
# A Redis that does not answer costs a login at most this long (redis-py waits forever by default).
REDIS_TIMEOUT_SECONDS = 2
UNAVAILABLE_RETRY_SECONDS = 30
UNAVAILABLE_MESSAGE = (
    "Logging in is unavailable right now: the server cannot reach the store that counts login attempts "
    "(its rate-limit storage). No password was checked. Try again in a few minutes; if it lasts, tell the "
    "workbench's administrator."
)


class StorageUnavailable(Exception):
    """The rate-limit storage did not answer: the attempt cannot be counted, so it is refused."""


class Throttled(Exception):
    """Refused before any password was checked: too many attempts, or too many password checks at once."""

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.message = message
        self.retry_after = max(1, retry_after)


@dataclass
class _State:
    """One app's counters and hash slots (one app per worker process)."""

    hash_slots: threading.BoundedSemaphore
    storage: Storage | None = None


def init_app(app: Flask) -> None:
    """Give ``app`` its hash slots and, when the limits are on, its counter storage."""
    config = app.config
    state = _State(hash_slots=threading.BoundedSemaphore(int(config["LOGIN_MAX_CONCURRENT_HASHES"])))
    if config.get("RATELIMIT_ENABLED"):
        # wrap_exceptions: a storage failure is a StorageError whatever the driver.
        options = dict(config.get("RATELIMIT_STORAGE_OPTIONS", {}))
        if config["RATELIMIT_STORAGE_URI"].startswith(("redis", "rediss")):
            options.setdefault("socket_connect_timeout", REDIS_TIMEOUT_SECONDS)
            options.setdefault("socket_timeout", REDIS_TIMEOUT_SECONDS)
        storage = storage_from_string(config["RATELIMIT_STORAGE_URI"], wrap_exceptions=True, **options)
        if not isinstance(storage, Storage):
            raise ValueError(f"RATELIMIT_STORAGE_URI names an asynchronous storage: {type(storage).__name__}")
        state.storage = storage
    app.extensions[EXTENSION] = state


def _state() -> _State:
    return current_app.extensions[EXTENSION]


def _enabled() -> bool:
    return _state().storage is not None


def storage() -> Storage | None:
    """This app's counter storage (None when the limits are off)."""
    return _state().storage


def _unavailable(error: StorageError) -> StorageUnavailable:
    current_app.logger.error(
        "Rate limit storage unreachable (FACTCHECK_RATELIMIT_STORAGE_URI): refusing logins until it answers: %s",
        error.storage_error,
    )
    return StorageUnavailable(UNAVAILABLE_MESSAGE)


def _increment(key: str, expiry: int, amount: int = 1) -> int:
    """Add ``amount`` to the counter ``key`` (created with ``expiry`` seconds to live); its new value."""
    state = _state()
    assert state.storage is not None
    try:
        return state.storage.incr(key, expiry, amount=amount)
    except StorageError as error:
        raise _unavailable(error) from error


def _expiry_of(key: str) -> float:
    state = _state()
    assert state.storage is not None
    try:
        return state.storage.get_expiry(key)
    except StorageError as error:
        raise _unavailable(error) from error


@dataclass
class Attempt:
    """The counters one attempt added to; :meth:`give_back` takes it out of them again (a success, or a password
    not checked)."""

    taken: list[tuple[str, int]] = field(default_factory=list)

    def take(self, limits: str, *identifiers: str) -> tuple[int, int]:
        """Count this attempt in every window of ``limits`` for ``identifiers``.

        Returns the seconds until every window it overfilled has ended (0: none), and the count in the longest
        window."""
        wait = longest = 0
        for item in sorted(parse_many(limits), key=lambda item: item.get_expiry()):
            key = item.key_for(current_app.config.get("RATELIMIT_KEY_PREFIX", ""), *identifiers)
            longest = _increment(key, item.get_expiry())
            self.taken.append((key, item.get_expiry()))
            if longest > item.amount:
                wait = max(wait, 1, math.ceil(_expiry_of(key) - time.time()))
        return wait, longest

    def give_back(self) -> None:
        """Return every count this attempt took. (In a window that ended meanwhile the next one starts one
        lower: one extra attempt, at worst.)"""
        for key, expiry in self.taken:
            _increment(key, expiry, amount=-1)
        self.taken.clear()


def _wait_text(seconds: int) -> str:
    if seconds < 90:
        return f"{seconds} second{'s' if seconds != 1 else ''}"
    minutes = math.ceil(seconds / 60)
    return f"{minutes} minutes"


def _refuse(wait: int) -> Throttled:
    return Throttled(f"Too many attempts in a short time. Try again in {_wait_text(wait)}.", wait)


def account_key(email: str) -> str:
    """The account an attempt names, as the counters know it (whether or not it exists)."""
    return normalise_email(email)[:254]


def take_login(email: str, address: str) -> Attempt:
    """Count a login attempt for ``email`` from ``address`` before its password is checked.

    Raises :class:`Throttled` when the address, or the account from this address, is over its limit, or the
    account is over its all-addresses limit and this address is not clean for it. The counts of a refused
    attempt stay taken: it was an attempt."""
    attempt = Attempt()
    if not _enabled():
        return attempt
    config = current_app.config
    account = account_key(email)
    wait, _ = attempt.take(config["LOGIN_LIMIT_PER_ADDRESS"], "login-address", address)
    if wait:
        raise _refuse(wait)
    wait, from_here = attempt.take(config["LOGIN_LIMIT_PER_ACCOUNT"], "login-account-address", account, address)
    if wait:
        raise _refuse(wait)
    wait, _ = attempt.take(config["LOGIN_LIMIT_PER_ACCOUNT_ALL_ADDRESSES"], "login-account", account)
    # from_here == 1: no other attempt on this account from this address in the longest window, this one
    # aside. The increment is atomic, so of concurrent attempts from one address only one can see 1.
    if wait and from_here != 1:
        raise _refuse(wait)
    return attempt


def take_password_change(user_id: int) -> Attempt:
    """Count an attempt at the current password on the change-password page (per account: the session is the
    user's own, so a stolen one guesses from wherever it is)."""
    attempt = Attempt()
    if not _enabled():
        return attempt
    wait, _ = attempt.take(current_app.config["LOGIN_LIMIT_PER_ACCOUNT"], "password-change", str(user_id))
    if wait:
        raise _refuse(wait)
    return attempt


@contextmanager
def hash_slot(attempt: Attempt) -> Iterator[None]:
    """Hold one of this worker's password-hash slots for the block; when none is free, give the attempt's counts
    back (its password was not checked) and raise :class:`Throttled` at once."""
    slots = _state().hash_slots
    if not slots.acquire(blocking=False):
        attempt.give_back()
        raise Throttled(BUSY_MESSAGE, BUSY_RETRY_SECONDS)
    try:
        yield
    finally:
        slots.release()
