"""Read other fact-checkers' ClaimReviews from text: the pure parser (no Flask, no database).

The shapes real feeds come in: ClaimReview JSON-LD in an HTML page's ``<script type="application/ld+json">``
(alone, in an array or in ``@graph``), bare JSON-LD objects or arrays, schema.org ``DataFeed`` with
``dataFeedElement`` (each element a ClaimReview or a ``DataFeedItem`` whose ``item`` is one or a list), and the
Google Fact Check Tools ``claims:search`` response (``claims[]``, each with its ``claimReview[]``).

``parse_factchecks`` returns every ClaimReview it could read and a reason for every item it could not; one
bad item never fails the file. Only a file that is not JSON or HTML at all, or over the caps, raises
``FactCheckInputError`` with a clear message.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urlsplit

MAX_BYTES = 20 * 1024 * 1024
MAX_DEPTH = 64

PUBLISHER_MAX = 300
URL_MAX = 2000
LANGUAGE_MAX = 35
CLAIM_MAX = 10_000
CLAIMANT_MAX = 2_000
RATING_MAX = 2_000


class FactCheckInputError(ValueError):
    """The whole input cannot be read: not JSON or HTML, too large, or nested too deep."""


@dataclass(slots=True)
class FactCheckData:
    """One external fact-check, as read from a ClaimReview (or a claims:search claim review)."""

    publisher_name: str
    claim_text: str
    rating: str
    review_url: str | None = None
    publisher_url: str | None = None
    claimant: str | None = None
    claim_date: date | None = None
    score: float | None = None
    language: str | None = None
    reviewed_on: date | None = None

    @property
    def claim_key(self) -> str:
        """Who published it and what claim it reviewed, case and spacing folded, as a SHA-256 hex digest: what
        makes a fact-check without a review URL the same as another."""
        folded = f"{_fold(self.publisher_name)}\n{_fold(self.claim_text)}"
        return hashlib.sha256(folded.encode("utf-8")).hexdigest()


@dataclass(slots=True)
class Skipped:
    """An item that could not be read: where it is in the file, and why."""

    where: str
    reason: str


@dataclass(slots=True)
class ParseResult:
    """What a file holds: the fact-checks read, in file order, and the items skipped with their reasons."""

    items: list[FactCheckData] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)


class ItemError(ValueError):
    """This one item cannot be read (the message is the reason it is skipped)."""


def _fold(text: str) -> str:
    return " ".join(text.casefold().split())


def parse_factchecks(data: str | bytes) -> ParseResult:
    """Every ClaimReview in ``data`` (JSON, JSON-LD, or an HTML page with JSON-LD scripts), and a reason per
    item skipped; FactCheckInputError when the input as a whole cannot be read."""
    text = _decode(data)
    result = ParseResult()
    stripped = text.lstrip()
    if stripped.startswith(("{", "[")):
        try:
            value = _load_json(stripped)
        except FactCheckInputError as error:
            raise FactCheckInputError(f"The file is {error}") from None
        _collect(value, "", result, top=True)
    elif "<" in stripped:
        scripts = _json_ld_scripts(text)
        if not scripts:
            raise FactCheckInputError('The page has no <script type="application/ld+json"> with a ClaimReview.')
        for number, script in enumerate(scripts, start=1):
            where = f"script {number}"
            try:
                value = _load_json(script)
            except FactCheckInputError as error:
                result.skipped.append(Skipped(where, str(error)))
                continue
            _collect(value, where, result, top=False)
    else:
        raise FactCheckInputError("The file is neither JSON nor an HTML page.")
    return result


def _decode(data: str | bytes) -> str:
    size = len(data.encode("utf-8")) if isinstance(data, str) else len(data)
    if size > MAX_BYTES:
        raise FactCheckInputError(f"The file is {size:,} bytes, over the limit of {MAX_BYTES:,} bytes.")
    if isinstance(data, str):
        return data
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise FactCheckInputError(f"The file is not UTF-8 text (byte {error.start}).") from None


def _load_json(text: str) -> Any:
    """The JSON value of ``text``, refusing invalid JSON, NaN and Infinity, and nesting deeper than MAX_DEPTH."""
    # Nesting is counted before parsing, so a file of a million "[" cannot exhaust the parser's recursion.
    depth = deepest = 0
    in_string = escaped = False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > MAX_DEPTH:
                    raise FactCheckInputError(f"nested more than {MAX_DEPTH} levels deep.")
        elif char in "]}":
            depth -= 1

    def refuse_constant(name: str) -> None:
        raise ValueError(f"{name} is not a JSON number")

    try:
        return json.loads(text, parse_constant=refuse_constant)
    except json.JSONDecodeError as error:
        raise FactCheckInputError(
            f"not valid JSON: {error.msg} at line {error.lineno}, column {error.colno}."
        ) from None
    except ValueError as error:
        raise FactCheckInputError(f"not valid JSON: {error}.") from None


class _ScriptFinder(HTMLParser):
    """Collects the text of every ``<script type="application/ld+json">``."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.scripts: list[str] = []
        self._current: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "script":
            kind = (dict(attrs).get("type") or "").split(";")[0].strip().lower()
            self._current = [] if kind == "application/ld+json" else None

    def handle_data(self, data: str) -> None:
        if self._current is not None:
            self._current.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._current is not None:
            self.scripts.append("".join(self._current).strip())
            self._current = None


def _json_ld_scripts(html: str) -> list[str]:
    finder = _ScriptFinder()
    finder.feed(html)
    finder.close()
    return [script for script in finder.scripts if script]


def _types(node: dict) -> set[str]:
    """The node's @type names without their vocabulary ("http://schema.org/ClaimReview" → "ClaimReview")."""
    value = node.get("@type", node.get("type"))
    values = value if isinstance(value, list) else [value]
    return {re.split(r"[/:#]", item)[-1] for item in values if isinstance(item, str)}


def _collect(value: Any, where: str, result: ParseResult, *, top: bool) -> None:
    """Add the ClaimReviews in ``value`` to ``result``. ``top``: ``value`` is a whole JSON file, where anything
    that is not a fact-check is skipped with a reason (in a page, other JSON-LD such as the site's
    Organization is expected and left alone)."""
    for path, node, strict in _nodes(value, where, top):
        if isinstance(node, dict) and "ClaimReview" in _types(node):
            _read(lambda node=node: claim_review(node), path, result)
        elif isinstance(node, dict) and isinstance(node.get("claims"), list) and not _types(node):
            for number, claim in enumerate(node["claims"], start=1):
                _collect_search_claim(claim, _join(path, f"claims[{number}]"), result)
        elif strict:
            if isinstance(node, dict):
                reason = f"not a ClaimReview ({', '.join(sorted(_types(node))) or 'no @type'})"
            else:
                reason = "not a ClaimReview (not a JSON object)"
            result.skipped.append(Skipped(path or "the file", reason))


def _join(where: str, step: str) -> str:
    return f"{where} {step}" if where else step


def _nodes(value: Any, where: str, strict: bool) -> Iterator[tuple[str, Any, bool]]:
    """The candidate nodes in ``value``, through arrays, ``@graph``, DataFeeds and DataFeedItems, each with
    where it is and whether a node that is not a fact-check there deserves a skip reason."""
    if isinstance(value, list):
        for number, element in enumerate(value, start=1):
            yield from _nodes(element, _join(where, f"[{number}]"), strict)
        return
    if not isinstance(value, dict):
        yield where, value, strict
        return
    types = _types(value)
    if "@graph" in value and "ClaimReview" not in types:
        yield from _nodes(value["@graph"], _join(where, "@graph"), False)
    elif "DataFeed" in types or ("dataFeedElement" in value and "ClaimReview" not in types):
        yield from _nodes(value.get("dataFeedElement", []), _join(where, "dataFeedElement"), True)
    elif "DataFeedItem" in types or ("item" in value and "ClaimReview" not in types and not types):
        yield from _nodes(value.get("item"), _join(where, "item"), True)
    elif "ItemList" in types:
        yield from _nodes(value.get("itemListElement", []), _join(where, "itemListElement"), True)
    elif "ListItem" in types:
        yield from _nodes(value.get("item"), _join(where, "item"), True)
    else:
        yield where, value, strict


def _read(read, where: str, result: ParseResult) -> None:
    try:
        result.items.append(read())
    except ItemError as error:
        result.skipped.append(Skipped(where or "the file", str(error)))


def _collect_search_claim(claim: Any, where: str, result: ParseResult) -> None:
    """A claims:search claim: one fact-check per claim review."""
    if not isinstance(claim, dict):
        result.skipped.append(Skipped(where, "a claim is not an object"))
        return
    reviews = claim.get("claimReview")
    if not isinstance(reviews, list) or not reviews:
        result.skipped.append(Skipped(where, "the claim has no claimReview"))
        return
    for number, review in enumerate(reviews, start=1):
        _read(lambda review=review: search_claim_review(claim, review), f"{where} claimReview[{number}]", result)


# Reading the fields.


def _text(value: Any) -> str | None:
    """A string field's text with its spacing collapsed (numbers as their digits); None when empty or absent."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float):
        return None if isinstance(value, float) and not math.isfinite(value) else f"{value:g}"
    if isinstance(value, str):
        return " ".join(value.split()) or None
    if isinstance(value, dict):
        return _text(value.get("@value"))
    return None


def _capped(value: str | None, limit: int, name: str) -> str | None:
    if value is not None and len(value) > limit:
        raise ItemError(f"{name} is {len(value):,} characters long, over the limit of {limit:,}")
    return value


def _within_limits(found: FactCheckData, claim_field: str) -> FactCheckData:
    """``found`` when its texts fit the table's columns (ItemError naming the one that does not, the claim as
    ``claim_field``); a publisher URL too long to store is dropped, not the fact-check."""
    _capped(found.publisher_name, PUBLISHER_MAX, "the publisher's name")
    _capped(found.claim_text, CLAIM_MAX, claim_field)
    _capped(found.rating, RATING_MAX, "the rating")
    if not found.publisher_url or len(found.publisher_url) > URL_MAX:
        found.publisher_url = None
    return found


def _name(value: Any) -> str | None:
    """The name of a thing given as a string, an object with a name, or a list of those (the first named)."""
    if isinstance(value, list):
        for element in value:
            name = _name(element)
            if name:
                return name
        return None
    if isinstance(value, dict):
        return _text(value.get("name")) or _text(value.get("alternateName"))
    return _text(value)


def _web_address(value: Any) -> str | None:
    """``value`` when it is an http(s) address with a host, else None."""
    text = _text(value)
    if not text:
        return None
    try:
        parts = urlsplit(text)
    except ValueError:
        return None
    return text if parts.scheme in ("http", "https") and parts.hostname else None


def _review_url(value: Any) -> str | None:
    """The review's address; an item whose address is given but unusable is skipped (it is its identity)."""
    text = _text(value)
    if text is None:
        return None
    url = _web_address(text)
    if url is None:
        raise ItemError(f"the review URL {text[:100]!r} is not an http(s) address")
    return _capped(url, URL_MAX, "the review URL")


def _date(value: Any) -> date | None:
    """An ISO 8601 date or date-time as a date; None when absent or unreadable (a date is never worth the item)."""
    text = _text(value)
    if not text:
        return None
    try:
        return datetime.fromisoformat(text).date()
    except ValueError:
        pass
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        return None


def _number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        number = float(value)
    elif isinstance(value, str):
        try:
            number = float(value.strip())
        except ValueError:
            return None
    else:
        return None
    return number if math.isfinite(number) else None


def normalised_score(value: Any, worst: Any, best: Any) -> float | None:
    """``value`` on the scale from ``worst`` to ``best`` as 0..1 (1 = best); None unless all three are numbers
    (or numeric strings), the scale is not empty and the value is on it."""
    numbers = _number(value), _number(worst), _number(best)
    if None in numbers:
        return None
    rating, low, high = (float(number) for number in numbers if number is not None)
    if low == high or not min(low, high) <= rating <= max(low, high):
        return None
    return (rating - low) / (high - low)


def _claimant(value: Any) -> str | None:
    """Who made the claim: a name, a person or organisation (with a job title when given), or a list of them."""
    values = value if isinstance(value, list) else [value]
    names: list[str] = []
    for element in values:
        if isinstance(element, dict):
            name = _text(element.get("name"))
            title = _text(element.get("jobTitle"))
            if name and title:
                name = f"{name} ({title})"
            elif title:
                name = title
        else:
            name = _text(element)
        if name and name not in names:
            names.append(name)
    return _capped(", ".join(names) or None, CLAIMANT_MAX, "the claimant")


def _language(value: Any) -> str | None:
    if isinstance(value, dict):
        value = value.get("alternateName") or value.get("name")
    text = _text(value)
    return text if text and len(text) <= LANGUAGE_MAX else None


def claim_review(node: dict) -> FactCheckData:
    """One schema.org ClaimReview; ItemError when it has no claim, no publisher or no rating."""
    item = node.get("itemReviewed")
    if isinstance(item, list):
        item = next((element for element in item if isinstance(element, dict)), None)
    if not isinstance(item, dict):
        item = {}
    claim = _text(node.get("claimReviewed")) or _text(item.get("text")) or _text(item.get("name"))
    if not claim:
        raise ItemError("no claim: neither claimReviewed nor itemReviewed has its text")
    review_url = _review_url(node.get("url"))

    author = node.get("author") or node.get("publisher")
    publisher = _name(author)
    author_node = author[0] if isinstance(author, list) and author else author
    publisher_url = _web_address(author_node.get("url")) if isinstance(author_node, dict) else None
    if not publisher and review_url:
        publisher = urlsplit(review_url).hostname
    if not publisher:
        raise ItemError("no publisher: the ClaimReview has no author and no URL")

    rating = node.get("reviewRating")
    if isinstance(rating, list):
        rating = next((element for element in rating if isinstance(element, dict)), None)
    score = None
    if isinstance(rating, dict):
        value = rating.get("ratingValue")
        score = normalised_score(value, rating.get("worstRating"), rating.get("bestRating"))
        textual = _text(rating.get("alternateName")) or _text(rating.get("name"))
        if not textual and _text(value):
            scale = (_text(rating.get("worstRating")), _text(rating.get("bestRating")))
            textual = f"{_text(value)} on a scale of {scale[0]} to {scale[1]}" if None not in scale else _text(value)
    else:
        textual = _text(rating)
    if not textual:
        raise ItemError("no rating: reviewRating has no ratingValue, alternateName or name")

    found = FactCheckData(
        publisher_name=publisher,
        publisher_url=publisher_url,
        review_url=review_url,
        claim_text=claim,
        claimant=_claimant(item.get("author")),
        claim_date=_date(item.get("datePublished")) or _date(item.get("dateCreated")),
        rating=textual,
        score=score,
        language=_language(node.get("inLanguage")),
        reviewed_on=_date(node.get("datePublished")) or _date(node.get("dateModified")),
    )
    return _within_limits(found, "claimReviewed")


def search_claim_review(claim: dict, review: Any) -> FactCheckData:
    """One claim review of a Fact Check Tools ``claims:search`` claim; ItemError when it cannot be read."""
    if not isinstance(review, dict):
        raise ItemError("the claim review is not an object")
    text = _text(claim.get("text"))
    if not text:
        raise ItemError("no claim: the claim has no text")
    review_url = _review_url(review.get("url"))
    publisher_node = review.get("publisher")
    publisher = _name(publisher_node)
    site = _text(publisher_node.get("site")) if isinstance(publisher_node, dict) else None
    publisher = publisher or site or (urlsplit(review_url).hostname if review_url else None)
    if not publisher:
        raise ItemError("no publisher: the claim review has no publisher and no URL")
    publisher_url = _web_address(site if site and "://" in site else f"https://{site}") if site else None
    rating = _text(review.get("textualRating"))
    if not rating:
        raise ItemError("no rating: the claim review has no textualRating")
    found = FactCheckData(
        publisher_name=publisher,
        publisher_url=publisher_url,
        review_url=review_url,
        claim_text=text,
        claimant=_claimant(claim.get("claimant")),
        claim_date=_date(claim.get("claimDate")),
        rating=rating,
        language=_language(review.get("languageCode")),
        reviewed_on=_date(review.get("reviewDate")),
    )
    return _within_limits(found, "the claim text")
