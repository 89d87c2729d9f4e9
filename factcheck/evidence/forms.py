"""The evidence form and the withdrawal form."""

from __future__ import annotations

from wtforms import DateField, RadioField, StringField, SubmitField, TextAreaField, URLField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from factcheck.forms import VersionField, WorkbenchForm, options
from factcheck.links import is_http_url


class EvidenceForm(WorkbenchForm):
    """A link with what it says and how it bears on the claim."""

    url = URLField("Link", validators=[DataRequired(), Length(max=2000)])
    title = StringField("Title", validators=[DataRequired(), Length(max=300)])
    publisher = StringField("Publisher", validators=[Optional(), Length(max=200)])
    published_on = DateField("Date published", validators=[Optional()])
    accessed_on = DateField("Date accessed", validators=[Optional()])
    excerpt = TextAreaField("Quoted excerpt", validators=[Optional(), Length(max=10_000)])
    stance = RadioField(
        "Stance",
        choices=options(
            [("supports", "Supports the claim"), ("refutes", "Refutes the claim"), ("context", "Adds context")]
        ),
        validators=[DataRequired(message="Choose whether it supports, refutes or adds context.")],
    )
    kind = RadioField(
        "Kind",
        choices=options([("primary", "Primary source"), ("secondary", "Secondary source")]),
        validators=[DataRequired(message="Choose primary or secondary.")],
    )
    note = TextAreaField("Note", validators=[Optional(), Length(max=10_000)])
    version = VersionField()
    submit = SubmitField("Save evidence")

    def validate_url(self, field) -> None:
        """Only http and https: a javascript: or data: link is refused."""
        if not is_http_url(field.data):
            raise ValidationError("Evidence links must be http:// or https:// addresses.")


class WithdrawForm(WorkbenchForm):
    """Withdraw an evidence item, saying why."""

    reason = TextAreaField("Why withdraw it?", validators=[DataRequired(message="Say why."), Length(max=5000)])
    version = VersionField()
    submit = SubmitField("Withdraw")
