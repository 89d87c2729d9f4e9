"""The API's query parameters, validated like every form: a page, a page size, and ``since``."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import current_app
from flask_wtf import FlaskForm
from wtforms import Field, IntegerField, ValidationError
from wtforms.validators import NumberRange, Optional

from factcheck.forms import MAX_PAGE


class InstantField(Field):
    """An ISO 8601 date or date and time (``2026-12-01``, ``2026-12-01T09:30:00+01:00``); without an offset
    it is UTC, and a date alone is its first instant."""

    def process_formdata(self, valuelist: list[str]) -> None:
        """The instant, in UTC; anything else is a field error."""
        if not valuelist or not valuelist[0].strip():
            self.data = None
            return
        text = valuelist[0].strip()
        try:
            value = datetime.fromisoformat(text)
        except ValueError:
            self.data = None
            raise ValueError(
                f"“{text[:40]}” is not an ISO 8601 date or date and time (e.g. 2026-12-01 or 2026-12-01T09:30:00Z)."
            ) from None
        self.data = value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class FactCheckListForm(FlaskForm):
    """``/api/v1/fact-checks?page=&per_page=&since=`` (a GET form: no CSRF token)."""

    class Meta:
        csrf = False

    page = IntegerField(validators=[Optional(), NumberRange(min=1, max=MAX_PAGE)])
    per_page = IntegerField(validators=[Optional()])
    since = InstantField()

    def validate_per_page(self, field) -> None:
        """From 1 to ``API_MAX_PER_PAGE``."""
        most = current_app.config["API_MAX_PER_PAGE"]
        if field.data is not None and not 1 <= field.data <= most:
            raise ValidationError(f"Must be between 1 and {most}.")
