"""The identity-check form."""

from __future__ import annotations

from wtforms import RadioField, SubmitField, TextAreaField, URLField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from factcheck.forms import WorkbenchForm, options
from factcheck.links import is_http_url


class IdentityCheckForm(WorkbenchForm):
    """What a reviewer found out about who a source is."""

    result = RadioField(
        "Result",
        choices=options(
            [
                ("verified", "Verified: the person or body exists and is who the text says"),
                ("unverifiable", "Could not be verified"),
                ("nonexistent", "Does not appear to exist"),
            ]
        ),
        validators=[DataRequired(message="Choose the result of the check.")],
    )
    evidence_url = URLField(
        "Evidence link",
        validators=[Optional(), Length(max=2000)],
        description="Required for a verified identity: a staff page, a register entry…",
    )
    note = TextAreaField("Note", validators=[DataRequired(message="Say how you checked."), Length(max=5000)])
    submit = SubmitField("Record check")

    def validate_evidence_url(self, field) -> None:
        """http(s) only; and a verified identity needs it."""
        value = (field.data or "").strip()
        if value and not is_http_url(value):
            raise ValidationError("The evidence link must be an http:// or https:// address.")
        if self.result.data == "verified" and not value:
            raise ValidationError("A verified identity needs a link to the evidence.")
