"""Turning an uploaded or imported file into article text, with a clear message for what cannot be."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from html.parser import HTMLParser
from pathlib import PurePath

# Control characters that never appear in text (tab, newline and carriage return do).
_BINARY_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


OUTLET_MAX = 200
URL_MAX = 2000
# The most attributes one element of an uploaded page may have. libxml2, under trafilatura, checks each new
# attribute against those before it (quadratic: 40,000 on one element took 15 s); real pages stay far below
# (a few dozen at most). The count is taken by a linear scan before the page reaches libxml2.
MAX_ATTRIBUTES = 256
# What separates a page's headline from its site's name in <title>: "Headline | Site", "Headline - Site".
_TITLE_SEPARATOR = re.compile(r"\s+[|\-–—·]\s+")
# A site's name is a short name ("Springfield Gazette", "7News"), not a phrase or a sentence.
_SITE_NAME_WORDS = 6


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


@dataclass(slots=True)
class PageNames:
    """What a page says about its own name and headline: og:site_name, <title>, og:/twitter:title, its h1s."""

    site_name: str | None = None
    title: str | None = None
    headlines: list[str] = field(default_factory=list)
    most_attributes: int = 0  # the most attributes on one element
    crowded_tag: str | None = None  # that element's tag


class _PageNamesParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.names = PageNames()
        self._open: str | None = None  # "title" or "h1" while inside one
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if len(attrs) > self.names.most_attributes:
            self.names.most_attributes, self.names.crowded_tag = len(attrs), tag
        if tag == "meta":
            values = {key.lower(): (value or "").strip() for key, value in attrs}
            kind = (values.get("property") or values.get("name") or "").lower()
            content = values.get("content", "")
            if kind == "og:site_name" and content and self.names.site_name is None:
                self.names.site_name = content
            elif kind in ("og:title", "twitter:title") and content:
                self.names.headlines.append(content)
        elif tag in ("title", "h1") and self._open is None:
            self._open, self._text = tag, []

    def handle_data(self, data: str) -> None:
        if self._open is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag != self._open:
            return
        text = " ".join("".join(self._text).split())
        if text and tag == "title" and self.names.title is None:
            self.names.title = text
        elif text and tag == "h1":
            self.names.headlines.append(text)
        self._open = None


def page_names(html: str) -> PageNames:
    """The page's og:site_name, <title> and headlines (og:title, twitter:title, h1), read from its markup, and
    the most attributes any one element has. One pass of the standard library's parser: linear in the page."""
    parser = _PageNamesParser()
    parser.feed(html)
    parser.close()
    return parser.names


def _same_words(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).split()).casefold()


def site_name_in_title(names: PageNames) -> str | None:
    """The site's name a <title> carries after the headline ("Headline | Site", "Headline - Site"), or None.

    Only when the part before the last separator is the page's headline as the page gives it elsewhere (its
    og:title, twitter:title, an h1 or the article text's first line), so that a headline which merely holds a
    dash ("Budget - what it means for you") never becomes an outlet, and only when what follows reads as a name.
    """
    if not names.title:
        return None
    separators = list(_TITLE_SEPARATOR.finditer(names.title))
    if not separators:
        return None
    last = separators[-1]
    before, site = _same_words(names.title[: last.start()]), names.title[last.end() :].strip()
    headlines = {_same_words(headline) for headline in names.headlines}
    if not any(headline and before.endswith(headline) for headline in headlines):
        return None
    if not reads_as_name(site) or not (site[0].isupper() or site[0].isdigit()) or _same_words(site) in headlines:
        return None
    return site


def reads_as_name(text: str) -> bool:
    """Whether ``text`` can be a site's name: a few words ("Springfield Gazette", "example.org"), not a
    sentence, a phrase or a web address."""
    return bool(text) and len(text.split()) <= _SITE_NAME_WORDS and text[-1] not in ".!?:;," and "://" not in text


def reduce_html(html: str, filename: str = "the HTML") -> ArticleData:
    """The article text of an HTML page (navigation, scripts and footers dropped) and its metadata.

    A page with an element of more than MAX_ATTRIBUTES attributes is refused before it is parsed for its text.
    """
    import trafilatura  # imported here: it is slow to import and only HTML needs it

    names = page_names(html)
    if names.most_attributes > MAX_ATTRIBUTES:
        raise ArticleInputError(
            f"{filename} cannot be read: one <{names.crowded_tag}> element has {names.most_attributes:,} attributes"
            f" (a page may have at most {MAX_ATTRIBUTES} on one element). Save the article's own page again, or"
            " paste its text."
        )
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
    # The outlet: the page's og:site_name, else the site's name its <title> carries after the headline, else
    # what trafilatura found (a publisher tag, a Twitter handle, a domain name) when it reads as a name.
    names.headlines.append(paragraphs[0])
    found = (document.sitename or "").strip()
    outlet = names.site_name or site_name_in_title(names) or (found if reads_as_name(found) else "")
    return ArticleData(
        text="\n\n".join(paragraphs),
        title=document.title or None,
        outlet=outlet.strip()[:OUTLET_MAX] or None,
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
