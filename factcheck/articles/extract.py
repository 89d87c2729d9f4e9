"""Turning an uploaded or imported file into article text, with a clear message for what cannot be."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import PurePath

# Control characters that never appear in text (tab, newline and carriage return do).
_BINARY_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


OUTLET_MAX = 200
URL_MAX = 2000


class ArticleInputError(ValueError):
    """The input cannot become an article; the message tells the user why and what to do."""


@dataclass(slots=True)
class ArticleData:
    """An article's text and metadata: what a user gives, or what a file carried (metadata from HTML only)."""

    text: str
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    published_on: date | None = None

    def or_else(self, found: ArticleData) -> ArticleData:
        """The text found (a file's), with each metadata field given here, else the one found: the one merge
        of what the user gave (form fields, command options) with what the file carried."""
        return ArticleData(
            text=found.text,
            title=self.title or found.title,
            outlet=self.outlet or found.outlet,
            url=self.url or found.url,
            published_on=self.published_on or found.published_on,
        )


def extension_of(filename: str) -> str:
    """The lower-cased extension of ``filename`` including the dot ('' when there is none)."""
    return PurePath(filename).suffix.lower()


def decode_text(data: bytes, filename: str) -> str:
    """Decode UTF-8 bytes (a BOM is dropped), refusing binary and non-UTF-8 content."""
    if b"\x00" in data:
        raise ArticleInputError(f"{filename} looks like a binary file, not text.")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ArticleInputError(
            f"{filename} is not UTF-8 text (undecodable byte at position {error.start}). "
            "Save it as UTF-8 and try again."
        ) from None
    if _BINARY_CONTROL.search(text):
        raise ArticleInputError(f"{filename} contains control characters: it looks like a binary file.")
    return text


def article_text(text: str) -> str:
    """The text as stored: LF line ends only (browsers send pasted text with CRLF), refused if it cannot be
    an article (empty, or holding control characters). Every path into the database goes through it once."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise ArticleInputError("The article text is empty.")
    found = _BINARY_CONTROL.search(text)
    if found:
        raise ArticleInputError(
            f"The text contains a control character (U+{ord(found.group()):04X}) at position "
            f"{found.start()}: paste plain text."
        )
    return text


def reduce_html(html: str, filename: str = "the HTML") -> ArticleData:
    """The article text of an HTML page (navigation, scripts and footers dropped) and its metadata."""
    import trafilatura  # imported here: it is slow to import and only HTML needs it

    document = trafilatura.bare_extraction(
        html,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        favor_recall=True,
    )
    assert not isinstance(document, dict)  # a dict only with as_dict=True (one return type covers both)
    body = (document.text or "").strip() if document is not None else ""
    if document is None or not body:
        raise ArticleInputError(f"No article text could be found in {filename}.")
    # One extracted line is one paragraph or heading; a blank line keeps them apart in the stored text.
    paragraphs = [line.strip() for line in body.split("\n") if line.strip()]
    published_on = None
    if document.date:
        try:
            published_on = date.fromisoformat(document.date[:10])
        except ValueError:
            published_on = None
    # A page's own metadata can be anything: keep it within the article columns (outlet String(200),
    # url String(2000); PostgreSQL refuses longer values, a 500) and keep only web addresses.
    url = (document.url or "").strip()
    if len(url) > URL_MAX or not url.lower().startswith(("http://", "https://")):
        url = ""
    return ArticleData(
        text="\n\n".join(paragraphs),
        title=document.title or None,
        outlet=(document.sitename or "").strip()[:OUTLET_MAX] or None,
        url=url or None,
        published_on=published_on,
    )


def extract_file(filename: str, data: bytes, allowed_extensions: tuple[str, ...]) -> ArticleData:
    """Article text from an uploaded or imported file, or an ArticleInputError saying why not."""
    extension = extension_of(filename)
    if extension not in allowed_extensions:
        allowed = ", ".join(allowed_extensions)
        shown = extension or "no extension"
        raise ArticleInputError(f"{filename} cannot be imported: {shown} files are not supported (use {allowed}).")
    text = decode_text(data, filename)  # line ends: normalised once, by article_text (libxml2 reads CR as LF)
    if extension in (".html", ".htm"):
        return reduce_html(text, filename)
    return ArticleData(text=text)
