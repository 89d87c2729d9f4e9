"""Web links: the one rule for which addresses the workbench stores and renders as links."""

from __future__ import annotations

from typing import TypeGuard
from urllib.parse import urlsplit

from flask import Flask


def is_http_url(value: str | None) -> TypeGuard[str]:
    """Whether ``value`` is an http:// or https:// address with a host (never ``javascript:``, ``data:``…)."""
    if not value:
        return False
    parts = urlsplit(value.strip())
    return parts.scheme.lower() in ("http", "https") and bool(parts.netloc)


def http_url(value: str | None) -> str:
    """Template filter: the address if it is an http(s) URL, else an empty string."""
    return value if is_http_url(value) else ""


def register(app: Flask) -> None:
    """Make ``|http_url`` available to every template (links stored by users pass through it)."""
    app.add_template_filter(http_url, "http_url")
