"""Login, logout and changing one's password."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, flash, make_response, redirect, render_template, request, session, url_for
from flask_login import current_user, login_user, logout_user

from factcheck.auth import throttle
from factcheck.auth.forms import ChangePasswordForm, LoginForm
from factcheck.auth.operations import AccountError, authenticate, change_password
from factcheck.extensions import db
from factcheck.security import start_session

bp = Blueprint("auth", __name__)


def safe_next(target: str | None) -> str:
    """A local path to go to after login; anything pointing elsewhere becomes the home page."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc:
            return target
    return url_for("articles.index")


@bp.record_once
def _set_up_throttle(state) -> None:
    throttle.init_app(state.app)


@bp.errorhandler(throttle.Throttled)
def _throttled(error: throttle.Throttled):
    """Too many attempts, or too many password checks at once: a readable 429 saying when to come back."""
    page = render_template("errors/error.html", code=429, name="Too Many Requests", message=error.message)
    response = make_response(page, 429)
    response.headers["Retry-After"] = str(error.retry_after)
    return response


@bp.errorhandler(throttle.StorageUnavailable)
def _storage_unavailable(error: throttle.StorageUnavailable):
    """The login counters cannot be reached: a 503 saying so, rather than logins no limit counts."""
    page = render_template(
        "errors/error.html", code=503, name="Logging in is unavailable", message=throttle.UNAVAILABLE_MESSAGE
    )
    response = make_response(page, 503)
    response.headers["Retry-After"] = str(throttle.UNAVAILABLE_RETRY_SECONDS)
    return response


@bp.route("/login", methods=["GET", "POST"])
def login():
    """Show the login form; log the user in on valid credentials.

    The attempt is counted before the password is checked, and the check waits for no free hash slot
    (``throttle``); a successful login gives its count back."""
    if current_user.is_authenticated:
        return redirect(safe_next(request.args.get("next")))
    form = LoginForm()
    if form.validate_on_submit():
        email = form.email.data or ""
        attempt = throttle.take_login(email, request.remote_addr or "127.0.0.1")  # behind ProxyFix: the client
        with throttle.hash_slot(attempt):
            user = authenticate(email, form.password.data or "")
        if user is None:
            flash("Wrong email or password.", "error")
        else:
            attempt.give_back()
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


@bp.route("/account/password", methods=["GET", "POST"])
def password():
    """Change one's own password; every other session of the account ends.

    Limited like a login (per account, counted before the check), so a stolen session cannot guess the current
    password."""
    form = ChangePasswordForm()
    if form.validate_on_submit():
        attempt = throttle.take_password_change(current_user.id)
        try:
            with throttle.hash_slot(attempt):
                change_password(current_user, form.current_password.data or "", form.new_password.data or "")
        except AccountError as error:
            db.session.rollback()
            form.form_errors.append(str(error))
        else:
            attempt.give_back()
            user = current_user._get_current_object()
            session.clear()
            login_user(user)  # this session continues under the new token
            start_session()
            flash("Your password is changed. Every other session of your account has been logged out.", "success")
            return redirect(url_for("articles.index"))
    status = 422 if form.is_submitted() else 200
    return render_template("auth/password.html", form=form), status
