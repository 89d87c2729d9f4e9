"""Login, logout and changing one's password."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, current_app, flash, redirect, render_template, request, session, url_for
from flask_limiter.util import get_remote_address
from flask_login import current_user, login_user, logout_user

from factcheck.auth.forms import ChangePasswordForm, LoginForm
from factcheck.auth.models import normalise_email
from factcheck.auth.operations import AccountError, authenticate, change_password
from factcheck.extensions import db, limiter
from factcheck.security import start_session

bp = Blueprint("auth", __name__)


def safe_next(target: str | None) -> str:
    """A local path to go to after login; anything pointing elsewhere becomes the home page."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc:
            return target
    return url_for("articles.index")


def _submitted_account() -> str:
    """Rate-limit key of the account a login attempt names (whether or not it exists)."""
    return "login-account:" + normalise_email(request.form.get("email", ""))[:254]


def _failed(response) -> bool:
    """Only refused attempts count: a successful login redirects."""
    return response.status_code != 302


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(
    lambda: current_app.config["LOGIN_LIMIT_PER_ADDRESS"],
    key_func=get_remote_address,
    methods=["POST"],
    deduct_when=_failed,
    scope="login-address",
)
@limiter.limit(
    lambda: current_app.config["LOGIN_LIMIT_PER_ACCOUNT"],
    key_func=_submitted_account,
    methods=["POST"],
    deduct_when=_failed,
    scope="login-account",
)
def login():
    """Show the login form; log the user in on valid credentials."""
    if current_user.is_authenticated:
        return redirect(safe_next(request.args.get("next")))
    form = LoginForm()
    if form.validate_on_submit():
        user = authenticate(form.email.data or "", form.password.data or "")
        if user is None:
            flash("Wrong email or password.", "error")
        else:
            session.clear()  # a fresh session on login
            login_user(user, remember=form.remember.data)
            start_session()
            return redirect(safe_next(request.args.get("next")))
    return render_template("auth/login.html", form=form)


@bp.route("/logout", methods=["POST"])
def logout():
    """End this session and every other session of the user (other browsers, remember-me cookies)."""
    current_user.end_all_sessions()
    session.clear()
    logout_user()  # after clear(): it leaves the mark that deletes the remember-me cookie
    flash("You are logged out.", "info")
    return redirect(url_for("auth.login"))


def _changing_account() -> str:
    """Rate-limit key of the logged-in account changing its password."""
    return f"password-change:{getattr(current_user, 'id', None)}"


@bp.route("/account/password", methods=["GET", "POST"])
# A stolen session must not become a way to guess the current password.
@limiter.limit(
    lambda: current_app.config["LOGIN_LIMIT_PER_ACCOUNT"],
    key_func=_changing_account,
    methods=["POST"],
    deduct_when=_failed,
    scope="password-change",
)
def password():
    """Change one's own password; every other session of the account ends."""
    form = ChangePasswordForm()
    if form.validate_on_submit():
        try:
            change_password(current_user, form.current_password.data or "", form.new_password.data or "")
        except AccountError as error:
            db.session.rollback()
            form.form_errors.append(str(error))
        else:
            user = current_user._get_current_object()
            session.clear()
            login_user(user)  # this session continues under the new token
            start_session()
            flash("Your password is changed. Every other session of your account has been logged out.", "success")
            return redirect(url_for("articles.index"))
    status = 422 if form.is_submitted() else 200
    return render_template("auth/password.html", form=form), status
