"""Account operations shared by the web views and the CLI. They flush; the caller commits."""

from __future__ import annotations

import re

from factcheck.auth.models import Role, User, normalise_email
from factcheck.extensions import db

MIN_PASSWORD_LENGTH = 12
MAX_PASSWORD_LENGTH = 256
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class AccountError(ValueError):
    """An account cannot be created or changed as asked; the message says why."""


def validate_password(password: str) -> None:
    """Refuse passwords that are too short or too long, with a message saying which."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"The password must be at least {MIN_PASSWORD_LENGTH} characters long.")
    if len(password) > MAX_PASSWORD_LENGTH:
        raise AccountError(f"The password must be at most {MAX_PASSWORD_LENGTH} characters long.")


def create_user(email: str, password: str, role: str) -> User:
    """Create an account; refuses a malformed or taken email, an unknown role or a weak password."""
    email = normalise_email(email)
    if not _EMAIL.match(email) or len(email) > 254:
        raise AccountError(f"{email!r} is not a valid email address.")
    try:
        role = Role(role).value
    except ValueError:
        raise AccountError(
            f"Unknown role {role!r}: choose one of {', '.join(r.value for r in Role)}."
        ) from None
    if db.session.scalar(User.by_email(email)) is not None:
        raise AccountError(f"An account for {email} already exists.")
    validate_password(password)
    user = User(email=email, role=role)
    user.set_password(password)
    db.session.add(user)
    db.session.flush()
    return user


def authenticate(email: str, password: str) -> User | None:
    """The active user with these credentials, or None (the caller says the same thing either way)."""
    user = db.session.scalar(User.by_email(email))
    if user is None or not user.is_active or not user.check_password(password):
        return None
    return user
