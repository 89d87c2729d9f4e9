"""Account operations shared by the web views and the CLI. They flush; the caller commits."""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

from flask import current_app
from werkzeug.security import check_password_hash, generate_password_hash

from factcheck.auth.models import Role, User, normalise_email
from factcheck.extensions import db

MIN_PASSWORD_LENGTH = 12
MAX_PASSWORD_LENGTH = 256
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class AccountError(ValueError):
    """An account cannot be created or changed as asked; the message says why."""


@cache
def common_passwords() -> frozenset[str]:
    """The refused common passwords (package data, lower-cased; ``#`` lines are comments)."""
    text = resources.files("factcheck.auth").joinpath("common_passwords.txt").read_text(encoding="utf-8")
    return frozenset(line.strip().lower() for line in text.splitlines() if line.strip() and not line.startswith("#"))


def is_common_password(password: str) -> bool:
    """Whether ``password`` (ignoring case and surrounding spaces) is on the common-password list."""
    return password.strip().lower() in common_passwords()


def validate_password(password: str) -> None:
    """Refuse passwords that are too short, too long or common, with a message saying which."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"The password must be at least {MIN_PASSWORD_LENGTH} characters long.")
    if len(password) > MAX_PASSWORD_LENGTH:
        raise AccountError(f"The password must be at most {MAX_PASSWORD_LENGTH} characters long.")
    if is_common_password(password):
        raise AccountError("This password is on a list of commonly used passwords. Choose another one.")


def create_user(email: str, password: str, role: str, display_name: str | None = None) -> User:
    """Create an account; refuses a malformed or taken email, an unknown role or a weak password."""
    email = normalise_email(email)
    if not _EMAIL.match(email) or len(email) > 254:
        raise AccountError(f"{email!r} is not a valid email address.")
    try:
        role = Role(role).value
    except ValueError:
        raise AccountError(f"Unknown role {role!r}: choose one of {', '.join(r.value for r in Role)}.") from None
    if db.session.scalar(User.by_email(email)) is not None:
        raise AccountError(f"An account for {email} already exists.")
    validate_password(password)
    display_name = (display_name or "").strip() or None
    if display_name is not None and len(display_name) > 120:
        raise AccountError("The display name must be at most 120 characters.")
    user = User(email=email, role=role, display_name=display_name)
    user.set_password(password)
    db.session.add(user)
    db.session.flush()
    return user


@cache
def _dummy_hash(method: str) -> str:
    return generate_password_hash("not a password of anyone", method=method)


def authenticate(email: str, password: str) -> User | None:
    """The active user with these credentials, or None (the caller says the same thing either way)."""
    user = db.session.scalar(User.by_email(email))
    if user is None:
        # Hash anyway, so an unknown account takes as long to refuse as a wrong password.
        check_password_hash(_dummy_hash(current_app.config["PASSWORD_HASH_METHOD"]), password)
        return None
    if not user.check_password(password) or not user.is_active:
        return None
    return user


def change_password(user: User, current_password: str, new_password: str) -> None:
    """Set a new password after checking the current one, and end every session of ``user``."""
    if not user.check_password(current_password):
        raise AccountError("The current password is wrong.")
    if new_password == current_password:
        raise AccountError("The new password must differ from the current one.")
    validate_password(new_password)
    user.set_password(new_password)
    user.end_all_sessions()
    db.session.flush()


def reset_password(email: str, new_password: str) -> User:
    """An administrator sets a new password (a forgotten one, or an account restored without hashes);
    every session of the account ends."""
    user = db.session.scalar(User.by_email(email))
    if user is None:
        raise AccountError(f"There is no account for {normalise_email(email)}.")
    validate_password(new_password)
    user.set_password(new_password)
    user.end_all_sessions()
    db.session.flush()
    return user


def user_from_session_id(session_id: str) -> User | None:
    """The user a session or remember-me cookie names (``"<id>:<token>"``), if the token is still current.

    A token rotated by logout or a password change makes every older cookie worthless, even replayed.
    """
    user_id, _, token = session_id.partition(":")
    if not user_id.isdigit() or not token:
        return None
    user = db.session.get(User, int(user_id))
    if user is None or not user.has_session_token(token):
        return None
    return user
