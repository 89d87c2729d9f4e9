"""Errors that operations raise when a rule refuses a change; views turn them into pages."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy.orm.exc import StaleDataError

from factcheck.extensions import db
from factcheck.links import is_http_url


class OperationError(Exception):
    """A refused change; the message tells the user why."""

    status_code = 400

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class PermissionDenied(OperationError):
    """The user's role or relation to the item does not allow this."""

    status_code = 403


class InvalidTransition(OperationError):
    """The item is not in a state where this can happen (it may have moved on meanwhile)."""

    status_code = 409


class StaleEdit(OperationError):
    """Someone saved a newer version since the form was loaded; nothing was overwritten."""

    status_code = 409

    def __init__(self, message: str, current: dict[str, Any] | None = None):
        super().__init__(message)
        self.current = current or {}


def check_version(
    obj: Any, submitted_version: int | None, what: str, saved: tuple[str, ...] | Callable[[], dict[str, Any]]
) -> None:
    """Refuse an edit based on an older version of ``obj`` than the stored one. The refusal shows what is saved
    now: the fields ``saved`` names, or the values it gives as a person reads them (a rating by its name, not
    its id)."""
    if submitted_version is not None and int(submitted_version) != obj.version_id:
        raise StaleEdit(
            f"This {what} was changed by someone else after you opened it. Your text is kept below: "
            "compare it with the saved version and submit again to apply it.",
            saved() if callable(saved) else {field: getattr(obj, field) for field in saved},
        )


def flush_or_refuse(refusal: OperationError) -> None:
    """Flush the session; a concurrent writer's newer version (a version_id_col mismatch) becomes
    ``refusal``. The caller rolls back, as for any refused change."""
    try:
        db.session.flush()
    except StaleDataError:
        raise refusal from None


def check_url(url: str) -> str:
    """Only http and https links: ``javascript:``, ``data:`` and the like are refused."""
    url = url.strip()
    if not is_http_url(url):
        raise OperationError("Evidence links must be http:// or https:// addresses.")
    return url
