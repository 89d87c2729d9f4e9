"""The upload form for other fact-checkers' ClaimReviews."""

from __future__ import annotations

from flask_wtf.file import FileField, FileRequired
from wtforms import SubmitField

from factcheck.forms import WorkbenchForm


class ImportForm(WorkbenchForm):
    """Import the fact-checks of one file: an HTML page, JSON-LD, a DataFeed or a claims:search response."""

    upload = FileField(
        "File",
        validators=[FileRequired("Choose a file to import.")],
        description="An HTML page with ClaimReview JSON-LD, a JSON-LD file, a DataFeed or a claims:search response.",
    )
    submit = SubmitField("Import")
