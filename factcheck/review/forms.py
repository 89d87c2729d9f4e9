"""Verdict, decision, sourcing-correction, assignment and queue-filter forms."""

from __future__ import annotations

from wtforms import IntegerField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError

from factcheck.db import MAX_ID
from factcheck.forms import VersionField, WorkbenchForm, options
from factcheck.review.models import SUMMARY_MAX
from factcheck.vocabulary import (
    CORRECTABLE_STATUSES,
    REVIEW_STATE_NAMES,
    STATUS_NAMES,
    ReviewState,
    Status,
    choices,
)

# The statuses a reviewer can give a claim by hand, a claim the analysis did not read included.
STATUS_CHOICES = choices(CORRECTABLE_STATUSES, STATUS_NAMES)
# The statuses a queue can be filtered by: every effective status, including not_analysed (an article in a
# language the analysis does not support), which no reviewer sets.
FILTER_STATUS_CHOICES = choices(Status, STATUS_NAMES)
STATE_CHOICES = choices(ReviewState, REVIEW_STATE_NAMES)


def coerce_optional_int(value):
    """'' and None become None; anything else an int (WTForms then validates the choice)."""
    if value in (None, "", "None"):
        return None
    return int(value)


class VerdictForm(WorkbenchForm):
    """A rating, a short claim summary and the rationale. Proposing needs all three."""

    rating_id = SelectField("Rating", coerce=coerce_optional_int, validators=[Optional()])
    summary = StringField(
        "Claim summary",
        validators=[Length(max=SUMMARY_MAX)],
        description=f"The claim in at most {SUMMARY_MAX} characters, for reports (ClaimReview's claimReviewed).",
    )
    rationale = TextAreaField(
        "Rationale", validators=[Length(max=20_000)], description="Why this rating: what the evidence shows."
    )
    version = VersionField()
    save = SubmitField("Save draft")
    propose = SubmitField("Propose for approval")

    def validate_rationale(self, field) -> None:
        """Proposing needs a rationale (a draft may be saved without one)."""
        if self.propose.data and not (field.data or "").strip():
            raise ValidationError("The rationale is required to propose a verdict.")


class DecisionForm(WorkbenchForm):
    """An editor approves or returns a proposed verdict."""

    comment = TextAreaField("Comment for the reviewer", validators=[Length(max=5000)])
    version = VersionField(validators=[InputRequired()])
    approve = SubmitField("Approve and publish")
    send_back = SubmitField("Return to reviewer")


class DiscardForm(WorkbenchForm):
    """An editor rejects a correction, or its assignee gives it up; the published verdict stays."""

    reason = TextAreaField(
        "Why the correction is given up",
        validators=[DataRequired(message="Say why the correction is given up."), Length(max=5000)],
    )
    version = VersionField(validators=[InputRequired()])
    discard = SubmitField("Discard this correction")


class SourcingForm(WorkbenchForm):
    """A reviewer's correction of the automatic sourcing status or source."""

    status = SelectField("Corrected status", choices=options([("", "(keep the automatic status)"), *STATUS_CHOICES]))
    source_id = SelectField("Corrected source", coerce=coerce_optional_int, validators=[Optional()])
    reason = TextAreaField(
        "Reason", validators=[DataRequired(message="Say why the automatic result is wrong."), Length(max=5000)]
    )
    version = VersionField()
    submit = SubmitField("Save correction")


class AssignForm(WorkbenchForm):
    """Editors reassign a claim."""

    assignee_id = SelectField("Assign to", coerce=coerce_optional_int, validators=[Optional()])
    submit = SubmitField("Reassign")


class ActionForm(WorkbenchForm):
    """A button that only needs CSRF protection (take, claim next, open revision)."""

    submit = SubmitField("Go")


class QueueFilterForm(WorkbenchForm):
    """Filters of the queue pages (a GET form: no CSRF token needed)."""

    class Meta:
        csrf = False

    article = IntegerField("Article", validators=[Optional()])  # an article's id: the links from its page
    article_text = StringField("Article", validators=[Optional(), Length(max=200)])  # words of a title or outlet
    state = SelectField("State", choices=options([("", "any state"), *STATE_CHOICES]), validators=[Optional()])
    status = SelectField(
        "Sourcing", choices=options([("", "any sourcing"), *FILTER_STATUS_CHOICES]), validators=[Optional()]
    )
    rating = SelectField("Rating", coerce=coerce_optional_int, validators=[Optional()])
    assignee = SelectField("Assignee", coerce=coerce_optional_int, validators=[Optional()])

    def validate_article(self, field) -> None:
        """An article number within the id range (WTForms' NumberRange overflows on a 300-digit number)."""
        if field.data is not None and not 1 <= field.data <= MAX_ID:
            raise ValidationError("There is no article with that number.")
