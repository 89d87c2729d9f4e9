"""The report filter: which articles, which dates, and (for editors) whether to include unpublished work."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, Field, SelectField, ValidationError
from wtforms.validators import Optional
from wtforms.widgets import TextInput

from factcheck.db import MAX_ID
from factcheck.reports.published import PublishedFilter
from factcheck.reports.queries import ReportScope

MAX_ARTICLES = 200


class ArticleIdsField(Field):
    """Article ids from repeated ``article=`` parameters or one comma-separated list."""

    widget = TextInput()

    def _value(self) -> str:
        return ", ".join(str(value) for value in self.data or [])

    def process_formdata(self, valuelist: list[str]) -> None:
        """Every number from every value, duplicates dropped; anything else is a field error."""
        ids: list[int] = []
        for value in valuelist:
            for part in value.replace(",", " ").split():
                # ASCII digits within the id range only: "²" or a 20-digit number would fail later, as a 500.
                if not (part.isascii() and part.isdigit() and 0 < int(part) <= MAX_ID):
                    self.data = []
                    raise ValueError(f"“{part}” is not an article number.")
                ids.append(int(part))
        self.data = list(dict.fromkeys(ids))  # unique, in the order given


class ReportFilterForm(FlaskForm):
    """A GET form (no CSRF token: it changes nothing) read from the query string."""

    class Meta:
        csrf = False

    article = ArticleIdsField("Articles (numbers)", description="Leave empty for every article.", default=list)
    date_from = DateField("From", name="from", validators=[Optional()])
    date_to = DateField("To", name="to", validators=[Optional()])
    internal = BooleanField("Include unpublished work (editors' internal report)")

    def validate_article(self, field) -> None:
        """A bounded number of articles."""
        if len(field.data or []) > MAX_ARTICLES:
            raise ValidationError(f"Choose at most {MAX_ARTICLES} articles.")

    def validate_date_to(self, field) -> None:
        """The range runs forwards."""
        if field.data and self.date_from.data and field.data < self.date_from.data:
            raise ValidationError("“To” is before “From”.")

    def scope(self, internal_allowed: bool) -> ReportScope:
        """The validated filter as a report scope (internal only where the user may see it)."""
        return ReportScope(
            article_ids=tuple(self.article.data or ()),
            date_from=self.date_from.data,
            date_to=self.date_to.data,
            internal=bool(self.internal.data) and internal_allowed,
        )


def _rating_id(value: object) -> int | None:
    return int(value) if value not in (None, "") else None  # type: ignore[call-overload]


class ArchiveFilterForm(FlaskForm):
    """The public archive's filter (a GET form, no CSRF token): a rating and a range of days on which a
    fact-check was published or corrected.

    The view sets ``rating.choices`` from the rating scale; a rating not on it is a field error.
    """

    class Meta:
        csrf = False

    rating = SelectField("Rating", coerce=_rating_id, validators=[Optional()])
    date_from = DateField("Published from", name="from", validators=[Optional()])
    date_to = DateField("to", name="to", validators=[Optional()])

    def validate_date_to(self, field) -> None:
        """The range runs forwards."""
        if field.data and self.date_from.data and field.data < self.date_from.data:
            raise ValidationError("“to” is before “Published from”.")

    def chosen(self) -> PublishedFilter:
        """The validated filter."""
        return PublishedFilter(rating_id=self.rating.data, date_from=self.date_from.data, date_to=self.date_to.data)
