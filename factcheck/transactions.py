"""The unit of work: the one place where web requests and commands commit.

Operations only ``flush()``. A write request (POST and the like) is one transaction: ``Workbench`` commits it
after its view returned a response that is not an error, before that response goes out, and rolls it back
otherwise (an exception, a refusal or conflict page). A failing commit is not swallowed: the request gets the
error page, and the session cookie is put back as it was before the view, so neither the view's flash message
("Draft saved.") nor its login or logout outlives the work that was not saved. A read (GET, HEAD, OPTIONS)
commits nothing: what it wrote goes with the session at the end of the request. A view that catches a refusal
and shows it rolls back itself first, so that its page shows what is saved. Commands use ``unit_of_work``.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from flask import Flask, Response, request, session
from flask.typing import ResponseReturnValue

from factcheck.extensions import db

WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def commit() -> None:
    """Commit the session's transaction; if the commit fails, roll it back and re-raise."""
    try:
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise


@contextmanager
def unit_of_work() -> Iterator[None]:
    """Commit what the block wrote when it ends normally; roll all of it back when it (or the commit) raises."""
    try:
        yield
    except BaseException:
        db.session.rollback()
        raise
    commit()


def committed_response(app: Flask, view: Callable[[], ResponseReturnValue]) -> ResponseReturnValue:
    """Run the request's ``view``; for a write request, commit its work before its response goes out."""
    if request.method not in WRITE_METHODS:
        return view()
    cookie_before = copy.deepcopy(dict(session))
    try:
        response: Response = app.make_response(view())
    except BaseException:
        db.session.rollback()
        raise
    if response.status_code >= 400:
        db.session.rollback()  # a refusal or a conflict page: what the view had written is not kept
        return response
    try:
        commit()
    except BaseException:
        session.clear()
        session.update(cookie_before)  # the view's flash messages, login or logout did not happen either
        raise
    return response


class Workbench(Flask):
    """The workbench's Flask app: each view runs through ``committed_response``."""

    def dispatch_request(self) -> ResponseReturnValue:
        return committed_response(self, super().dispatch_request)
