"""Error pages: a readable page for every HTTP error, never a traceback."""

from __future__ import annotations

from typing import Any

from flask import Flask, Response, jsonify, render_template, request
from werkzeug.exceptions import HTTPException, InternalServerError

from factcheck.vocabulary import size_in_words
from factcheck.workflow import OperationError

MESSAGES = {
    400: "The request could not be understood. If you submitted a form, reload it and try again.",
    403: "You do not have permission to do that.",
    404: "There is nothing at this address.",
    405: "This address does not accept that kind of request.",
    409: "Someone else changed this in the meantime.",
    413: (
        "The upload is larger than the limit of {limit}, so it was refused before it was read: nothing was saved. "
        "Go back to the form with your browser's Back button (it keeps what you typed), choose a smaller file, "
        "or trim or split the article."
    ),
    429: "Too many attempts in a short time. Wait a few minutes, then try again.",
    500: "Something went wrong on our side. Nothing you submitted was half-saved; please try again.",
}


# Requests under this path are the JSON API's: their errors are problem details, never an HTML page.
API_PREFIX = "/api/"


def problem(status: int, title: str, detail: str, **extra: Any) -> tuple[Response, int]:
    """An RFC 9457 problem details response (``application/problem+json``)."""
    response = jsonify({"type": "about:blank", "title": title, "status": status, "detail": detail, **extra})
    response.mimetype = "application/problem+json"
    return response, status


def _is_api_request() -> bool:
    return request.path.startswith(API_PREFIX)


def _limit_text(limit: int | None) -> str:
    return size_in_words(limit) if limit else "the configured size"


def register(app: Flask) -> None:
    """Install the handlers on ``app``."""

    @app.errorhandler(HTTPException)
    def handle_http(error: HTTPException):
        code = error.code or 500
        message = MESSAGES.get(code, error.description or "")
        if code == 413:
            message = message.format(limit=_limit_text(app.config.get("MAX_CONTENT_LENGTH")))
        elif code == 400 and error.description and "CSRF" in error.description:
            message = "Your form expired or was sent from elsewhere. Reload the page and submit it again."
        if _is_api_request():
            detail = error.description if code == 404 and error.description else message
            return problem(code, error.name, detail)
        return render_template("errors/error.html", code=code, name=error.name, message=message), code

    @app.errorhandler(OperationError)
    def handle_refused(error: OperationError):
        from factcheck.extensions import db

        db.session.rollback()
        names = {403: "Not allowed", 409: "Conflict"}
        return (
            render_template(
                "errors/error.html",
                code=error.status_code,
                name=names.get(error.status_code, "Not possible"),
                message=error.message,
            ),
            error.status_code,
        )

    @app.errorhandler(Exception)
    def handle_unexpected(error: Exception):
        app.logger.exception("Unhandled error", exc_info=error)
        from factcheck.extensions import db

        db.session.rollback()
        err = InternalServerError()
        if _is_api_request():
            return problem(500, err.name, MESSAGES[500])
        return (
            render_template("errors/error.html", code=500, name=err.name, message=MESSAGES[500]),
            500,
        )
