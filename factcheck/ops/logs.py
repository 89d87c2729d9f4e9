"""Structured logs: one JSON object per line, a request id on every request, and one line per request.

The request id is the client's (a proxy's) ``X-Request-ID`` when it is short and of safe characters, else a new
one; it is returned in the response's ``X-Request-ID`` and carried by every log line written during the request.
The request line (logger ``factcheck.requests``, level INFO) gives the method, path (no query string), status,
duration in milliseconds, the user id when the request loaded a user, and the request id.
"""

from __future__ import annotations

import json
import logging
import re
import sys
import time
import uuid
from datetime import UTC, datetime
from typing import IO

from flask import Flask, Response, g, has_request_context, request

REQUEST_ID_HEADER = "X-Request-ID"
# What a request id from outside may be: it goes into every log line and back into a response header, so no
# spaces, quotes, control characters or line breaks, and at most 64 characters (a UUID is 36).
REQUEST_ID_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{0,63}")
REQUEST_LOGGER = "factcheck.requests"
# The attributes every LogRecord has; anything else on a record came from ``extra=`` and goes into the JSON.
_STANDARD_ATTRIBUTES = frozenset(logging.LogRecord("", 0, "", 0, "", (), None).__dict__) | {"message", "asctime"}

request_log = logging.getLogger(REQUEST_LOGGER)


class JsonFormatter(logging.Formatter):
    """A record as one line of JSON: time (UTC, ISO 8601), level, logger, message, the fields given as
    ``extra=``, the request id, and the traceback when there is one."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        entry.update({key: value for key, value in record.__dict__.items() if key not in _STANDARD_ATTRIBUTES})
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        return json.dumps(entry, default=str, ensure_ascii=False)


class RequestIdFilter(logging.Filter):
    """Gives every record written during a request that request's id (``request_id``)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id") and has_request_context():
            record.request_id = g.get("request_id")
        return True


def json_handler(stream: IO[str] | None = None) -> logging.Handler:
    """A handler writing JSON lines, with request ids, to ``stream`` (standard error by default)."""
    handler = logging.StreamHandler(stream if stream is not None else sys.stderr)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RequestIdFilter())
    return handler


def configure_logging(app: Flask) -> None:
    """Send the ``factcheck`` loggers (the app's, the request log) to standard error as JSON lines, at
    ``LOG_LEVEL``, when ``LOG_JSON`` is on; once per process, however many apps are made."""
    if not app.config.get("LOG_JSON"):
        return
    level = str(app.config.get("LOG_LEVEL", "INFO")).upper()
    if level not in logging.getLevelNamesMapping():
        raise ValueError(f"FACTCHECK_LOG_LEVEL={level!r} is not a log level. Set it to DEBUG, INFO, WARNING or ERROR.")
    logger = logging.getLogger("factcheck")  # app.logger's name: Flask then adds no handler of its own
    if not any(isinstance(handler.formatter, JsonFormatter) for handler in logger.handlers):
        logger.addHandler(json_handler())
    logger.setLevel(level)


def request_id_from(value: str | None) -> str:
    """The id for a request that came with ``value`` in ``X-Request-ID``: the value when it is safe, else new."""
    if value and REQUEST_ID_PATTERN.fullmatch(value):
        return value
    return uuid.uuid4().hex


def start_request() -> None:
    """Note the request's start and its id."""
    g.request_started = time.perf_counter()
    g.request_id = request_id_from(request.headers.get(REQUEST_ID_HEADER))


def finish_request(response: Response) -> Response:
    """Return the request id, and log the request's line."""
    request_id = g.get("request_id") or request_id_from(None)
    response.headers[REQUEST_ID_HEADER] = request_id
    if request_log.isEnabledFor(logging.INFO):
        started = g.get("request_started")
        # The user Flask-Login loaded for this request, if it loaded one (reading current_user here would load
        # one from the database for requests that did not need it, static files and /healthz among them).
        user = g.get("_login_user")
        request_log.info(
            "%s %s %s",
            request.method,
            request.path,
            response.status_code,
            extra={
                "method": request.method,
                "path": request.path,
                "status": response.status_code,
                "duration_ms": round((time.perf_counter() - started) * 1000, 1) if started is not None else None,
                "user_id": getattr(user, "id", None) if getattr(user, "is_authenticated", False) else None,
                "request_id": request_id,
            },
        )
    return response


def init_app(app: Flask) -> None:
    """Install the logging and the request hooks. Call before every other hook: the request id is then there
    for the others' log lines, and the request line, logged last, has the final status."""
    configure_logging(app)
    app.before_request(start_request)
    app.after_request(finish_request)
