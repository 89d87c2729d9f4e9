"""User accounts and roles."""

from __future__ import annotations

import hmac
import secrets
from datetime import datetime
from enum import StrEnum

from flask import current_app
from flask_login import UserMixin
from sqlalchemy import Boolean, CheckConstraint, DateTime, Integer, String, func, select
from sqlalchemy.orm import Mapped, mapped_column
from werkzeug.security import check_password_hash, generate_password_hash

from factcheck.db import utcnow
from factcheck.extensions import Model


class Role(StrEnum):
    """What a user may do: reviewers check claims, editors approve, admins manage accounts."""

    REVIEWER = "reviewer"
    EDITOR = "editor"
    ADMIN = "admin"


def new_session_token() -> str:
    """A fresh random session token (256 bits)."""
    return secrets.token_hex(32)


class User(UserMixin, Model):
    """A person who logs in to the workbench."""

    __tablename__ = "user"
    __table_args__ = (CheckConstraint("role IN ('reviewer', 'editor', 'admin')", name="role"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(16), default=Role.REVIEWER.value)
    is_active_account: Mapped[bool] = mapped_column("is_active", Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # Part of every session and remember-me cookie (see get_id); a new value ends all of them at once.
    session_token: Mapped[str] = mapped_column(String(64), default=new_session_token)
    # The name reports and exports credit (a byline); emails stay inside the workbench.
    display_name: Mapped[str | None] = mapped_column(String(120))

    def set_password(self, password: str) -> None:
        """Hash and store a new password with the configured method."""
        self.password_hash = generate_password_hash(password, method=current_app.config["PASSWORD_HASH_METHOD"])

    def check_password(self, password: str) -> bool:
        """Whether ``password`` matches the stored hash."""
        return check_password_hash(self.password_hash, password)

    def get_id(self) -> str:
        """Flask-Login's cookie value: the id and the current session token, so rotating the token
        invalidates every session and remember-me cookie issued before."""
        return f"{self.id}:{self.session_token}"

    def has_session_token(self, token: str) -> bool:
        """Whether ``token`` is the current session token (compared in constant time)."""
        return bool(self.session_token) and hmac.compare_digest(self.session_token, token)

    def end_all_sessions(self) -> None:
        """Rotate the session token: every existing session and remember-me cookie stops working."""
        self.session_token = new_session_token()

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive accounts
        return self.is_active_account

    @property
    def public_name(self) -> str:
        """How reports and exports name this person: the display name, else "<role> #<id>" (never the email)."""
        return self.display_name or f"{self.role.capitalize()} #{self.id}"

    @property
    def is_editor(self) -> bool:
        """Editors and admins may approve verdicts."""
        return self.role in (Role.EDITOR, Role.ADMIN)

    @property
    def is_admin(self) -> bool:
        """Admins manage accounts."""
        return self.role == Role.ADMIN

    @staticmethod
    def by_email(email: str):
        """Statement selecting the user with this email (case-insensitive)."""
        return select(User).where(func.lower(User.email) == normalise_email(email))

    def __repr__(self) -> str:
        return f"<User {self.email} {self.role}>"


def normalise_email(email: str) -> str:
    """Emails are stored and compared trimmed and lower-cased."""
    return email.strip().lower()
