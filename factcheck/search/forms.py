"""The search form (a GET form: no CSRF token needed)."""

from __future__ import annotations

from wtforms import DateField, SelectField, StringField
from wtforms.validators import Length, Optional, ValidationError

from factcheck.forms import WorkbenchForm, options
from factcheck.review.forms import FILTER_STATUS_CHOICES, STATE_CHOICES, coerce_optional_int
from factcheck.search.queries import KIND_NAMES, QUERY_MAX


class SearchForm(WorkbenchForm):
    """A query and the filters of the search page; the view fills in the rating and outlet choices."""

    class Meta:
        csrf = False

    q = StringField("Search", validators=[Length(max=QUERY_MAX)])
    kind = SelectField("In", choices=options([("", "everything"), *KIND_NAMES.items()]), validators=[Optional()])
    status = SelectField(
        "Sourcing", choices=options([("", "any sourcing"), *FILTER_STATUS_CHOICES]), validators=[Optional()]
    )
    state = SelectField("Review state", choices=options([("", "any state"), *STATE_CHOICES]), validators=[Optional()])
    rating = SelectField("Rating", coerce=coerce_optional_int, validators=[Optional()])
    outlet = SelectField("Outlet", validators=[Optional()])
    date_from = DateField("From", validators=[Optional()])
    date_to = DateField("To", validators=[Optional()])

    def validate_date_to(self, field) -> None:
        """The range must not end before it starts."""
        if field.data and self.date_from.data and field.data < self.date_from.data:
            raise ValidationError("The end date is before the start date.")
