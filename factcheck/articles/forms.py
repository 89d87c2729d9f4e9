"""The new-article form: metadata and either pasted text or an uploaded file."""

from __future__ import annotations

import os
from typing import IO

from flask import current_app
from flask_wtf.file import FileField
from wtforms import DateField, StringField, SubmitField, TextAreaField, URLField
from wtforms.validators import URL, Length, Optional, ValidationError

from factcheck.articles.extract import extension_of
from factcheck.forms import WorkbenchForm
from factcheck.links import is_http_url
from factcheck.vocabulary import size_in_words


class ArticleForm(WorkbenchForm):
    """Add an article to the workbench."""

    title = StringField(
        "Title",
        validators=[Optional(), Length(max=300)],
        description="Leave empty to take it from the HTML page or the first line of the text.",
    )
    outlet = StringField("Outlet", validators=[Optional(), Length(max=200)])
    url = URLField(
        "URL",
        validators=[
            Optional(),
            Length(max=2000),
            URL(require_tld=False, message="Enter the article's full http:// or https:// address."),
        ],
    )
    published_on = DateField("Publication date", validators=[Optional()])
    text = TextAreaField("Article text", description="Paste the article here, or upload a file below.")
    upload = FileField("…or upload a file", description="A .txt, .md or .html file, UTF-8.")
    submit = SubmitField("Add article")

    def validate_url(self, field) -> None:
        """Only web addresses: a javascript: or file: link is refused."""
        if field.data and not is_http_url(field.data):
            raise ValidationError("Only http:// and https:// addresses are accepted.")

    def validate_text(self, field) -> None:
        """Pasted text within the size limit (``MAX_CONTENT_LENGTH``, as for a file)."""
        limit = current_app.config["MAX_CONTENT_LENGTH"]
        size = len((field.data or "").encode("utf-8"))
        if size > limit:
            raise ValidationError(
                f"The pasted text is {size_in_words(size)}; articles up to {size_in_words(limit)} can be added. "
                "Trim it or split the article."
            )

    def validate_upload(self, field) -> None:
        """Exactly one of pasted text and file; the file must have a supported extension and be within the size
        limit (the request may be larger: see ``ARTICLE_FORM_MAX_REQUEST_BYTES``)."""
        has_file = bool(field.data and getattr(field.data, "filename", ""))
        has_text = bool(self.text.data and self.text.data.strip())
        if has_file and has_text:
            raise ValidationError("Give either pasted text or a file, not both.")
        if not has_file and not has_text:
            raise ValidationError("Paste the article text or choose a file to upload.")
        if has_file:
            allowed = current_app.config["ALLOWED_UPLOAD_EXTENSIONS"]
            if extension_of(field.data.filename) not in allowed:
                raise ValidationError(f"{field.data.filename} is not a supported file: use {', '.join(allowed)}.")
            limit, size = current_app.config["MAX_CONTENT_LENGTH"], stream_size(field.data.stream)
            if size > limit:
                raise ValidationError(
                    f"{field.data.filename} is {size_in_words(size)}; files up to {size_in_words(limit)} can be "
                    "added. What you typed is kept: choose a smaller file, or trim or split the article."
                )


def stream_size(stream: IO[bytes]) -> int:
    """The size of an uploaded file's stream (Werkzeug keeps it in memory or in a temporary file), read from
    its end; the position is left where it was."""
    position = stream.tell()
    size = stream.seek(0, os.SEEK_END)
    stream.seek(position)
    return size
