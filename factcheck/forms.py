"""Small helpers shared by every feature's forms."""

from __future__ import annotations

import re
from collections.abc import Iterable

from flask_wtf import FlaskForm
from wtforms import IntegerField, StringField
from wtforms.fields.choices import SelectChoice  # type: ignore[attr-defined]  # new in WTForms 3.3, stubs are 3.2
from wtforms.validators import Optional, ValidationError
from wtforms.widgets import HiddenInput

# C0 controls but tab, newline and carriage return, and DEL: no text a person types holds them, and
# PostgreSQL refuses NUL in text outright.
CONTROL_CHARACTER = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def options(pairs: Iterable[tuple[object, str]]) -> list[SelectChoice]:
    """SelectField/RadioField choices from (value, label) pairs; None becomes the empty value."""
    return [SelectChoice("" if value is None else value, label) for value, label in pairs]


# Far beyond any real list, and far below the bigint PostgreSQL's OFFSET overflows on (a 500, not a page).
MAX_PAGE = 1_000_000


def page_number(value: str) -> int:
    """A ``?page=`` argument as a page number from 1 to MAX_PAGE (use as ``request.args.get(..., type=)``)."""
    return min(max(int(value), 1), MAX_PAGE)


STALE_FORM_MESSAGE = "This form is damaged or out of date: reload the page and submit it again."


class VersionField(IntegerField):
    """The version of the row the form was loaded from (optimistic locking), as a hidden input.

    Anything but a whole number is refused as a damaged form instead of reaching ``int()`` in a view; the
    message goes to the form's own errors because an error on a hidden field would never be seen.
    """

    widget = HiddenInput()

    def __init__(self, label=None, validators=None, **kwargs):
        super().__init__(label, validators if validators is not None else [Optional()], **kwargs)

    def _value(self) -> str:
        # The stored version, even after a refused submission: a re-rendered form must carry the current one.
        return "" if self.data is None else str(self.data)

    def post_validate(self, form, validation_stopped) -> None:
        """Show a refusal of this hidden field where the form's errors are shown."""
        if self.errors:
            self.errors = [STALE_FORM_MESSAGE]
            if STALE_FORM_MESSAGE not in form.form_errors:
                form.form_errors.append(STALE_FORM_MESSAGE)


def no_control_characters(_form, field) -> None:
    """Refuse a text value holding NUL or another control character, saying which and where."""
    found = CONTROL_CHARACTER.search(field.data) if isinstance(field.data, str) else None
    if found:
        raise ValidationError(
            f"This contains a control character (U+{ord(found.group()):04X}) at position {found.start() + 1}; "
            "remove it and submit again."
        )


class WorkbenchForm(FlaskForm):
    """Base of the workbench's forms: every text field also refuses control characters."""

    def validate(self, extra_validators=None) -> bool:
        """Validate as usual, with ``no_control_characters`` added to every text field."""
        extra = {name: list(validators) for name, validators in (extra_validators or {}).items()}
        for field in self:
            if isinstance(field, StringField):
                extra.setdefault(field.name, []).append(no_control_characters)
        return super().validate(extra_validators=extra)
