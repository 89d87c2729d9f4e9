"""Page furniture: the lines of an extracted web page that are not part of the article's assertions.

Bylines, datelines standing alone, share and navigation lines, related-article links, embedded-media
labels, photo credits, copyright notices, contact lines, view counters and metadata lists. Each pattern
is about the shape news pages give such lines everywhere, not about any one site; the reason says which
kind of furniture a line is. Works on one line or one sentence of a paragraph.
"""

from __future__ import annotations

import re

from factcheck.analysis.lexicons import REPORTING_VERBS

# (kind, pattern); patterns match the whole (stripped) line, case-insensitively unless marked.
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    (
        "a byline",
        re.compile(
            r"(?:by|written by|reporting by|words by|story by|report by)\s+[\w.’'\- ]{2,60}"
            r"(?:\s*(?:and|&|,)\s*[\w.’'\- ]{2,60})*:?(?:\s*[|,–—-]\s*.{0,60})?",
            re.I,
        ),
    ),
    ("a byline", re.compile(r"-?\s*author:?\s+[\w.’'\- ,]{2,80}", re.I)),
    (
        "a dateline or timestamp",
        re.compile(
            r"-?\s*(?:posted|published|updated|last updated|last modified|modified|date|created|first published)"
            r"(?:\s*:|\s+(?:on|at)\b)?\s*(?:\d|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|mon|tue|wed|thu|fri|sat|sun)"
            r"[a-z]*\.?\b|today\b|yesterday\b).{0,70}",
            re.I,
        ),
    ),
    ("a dateline standing alone", re.compile(r"[A-Z][A-Z .,'’\-]{1,40}\s*(?:\([A-Za-z0-9 .]+\))?\s*[—–-]+")),
    ("a view counter", re.compile(r"(?:views?|reads?|comments?|shares?)\s*:?\s*[\d,.]+[kKmM]?", re.I)),
    ("a view counter", re.compile(r"[\d,.]+[kKmM]?\s+(?:views?|reads?|comments?|shares?|likes?)", re.I)),
    (
        "a share or navigation line",
        re.compile(
            r"-?\s*(?:share(?: this| on \w+| the story| the article| via \w+)?|tweet|email|e-mail|"
            r"print(?: this (?:page|article))?(?: print this page)?|"
            r"pin(?: it)?|whatsapp|linkedin|facebook|twitter|reddit|copy link|permalink\b.*|feedback:?.*|"
            r"send us your feedback\.?|submit (?:news|a tip|a story)|skip to (?:main )?content|back to top|"
            r"(?:main )?menu|search|home|news|sport|sports|business|opinion|politics|world|local|weather|"
            r"subscribe.*|sign up.*|log ?in|sign in|register|newsletter.*|advertisement|advertise(?: with us.*)?|"
            r"sponsored(?: content)?|listen(?: to this article)?.*|close|next|previous|more|loading.*|"
            r"click here.*|download (?:the|our) .{0,40}app.*|follow us.*|keywords?\b.*|tags?:.*|topics?:.*|"
            r"related (?:subjects?|topics|articles?|stories|content|coverage|links?)\b.*|recommended.*|"
            r"most (?:read|popular|viewed).*|trending.*|watch(?: now| live| video)?\b[\d: ]*|video\s*[\d:]*)[.!:]?",
            re.I,
        ),
    ),
    (
        "a related-article or media link",
        re.compile(
            r"(?:read more|more|also read|see also|related|watch|video|gallery|photos?|podcast|listen|recommended|"
            r"read|see|latest|breaking|opinion|analysis|explainer)\s*[:|>»]\s*.+",
            re.I,
        ),
    ),
    ("a related-article link", re.compile(r".{8,160}\((?:[A-Z][\w.&'’ -]{1,40})\)", re.U)),
    (
        "a copyright notice",
        re.compile(
            r".*(?:©|\(c\)\s*\d{4}|copyright\b|all rights reserved|without (?:written )?permission|reprint|"
            r"copyrighted property).*",
            re.I,
        ),
    ),
    (
        "a photo or media credit",
        re.compile(
            r"\(?(?:photo|image|picture|video|graphic|illustration|footage|credit|source|file photo)s?(?: credit)?"
            r"\s*[:/|]\s*.{1,80}",
            re.I,
        ),
    ),
    ("a label", re.compile(r"[\w'’ ]{1,30}:")),
    (
        "a link or button for the reader",
        re.compile(r".*\b(?:click here|tap here|sign up for|subscribe to|download (?:the|our)|follow us)\b.*", re.I),
    ),
    (
        "a republication note",
        re.compile(
            r"(?:this (?:article|story|piece|post) )?(?:was )?(?:originally|first) "
            r"(?:appeared|published|ran|posted)\b.*",
            re.I,
        ),
    ),
    ("a list entry that is a link", re.compile(r"[-•*]\s+[^.!?]{3,}[^.!?\"”’:]")),
    (
        "a photo or media credit",
        re.compile(r".{1,80}/\s*(?:getty images|reuters|ap|afp|shutterstock|epa|alamy|file)\.?", re.I),
    ),
    (
        "contact details",
        re.compile(
            r"-?\s*(?:(?:e-?mail|tel|phone|call|contact|fax)\s*:?\s*)?"
            r"(?:[\w.+-]+@[\w-]+(?:\.[\w-]+)+|\+?[\d][\d ()./-]{6,}\d)\.?",
            re.I,
        ),
    ),
    ("a web address", re.compile(r"-?\s*(?:https?://|www\.)\S+", re.I)),
    ("a separator line", re.compile(r"[\s\-–—_=*~.·•|#]{3,}")),
]
# A line in capitals with no more than five words and no verb-like ending: a byline or credit name.
_CAPS_NAME = re.compile(r"[A-Z][A-Z.'’\- ]{2,50}")
_LATIN = re.compile(r"[A-Za-z]")
_CYRILLIC_GREEK = re.compile(r"[\u0370-\u03ff\u0400-\u04ff]")


def furniture(line: str, *, standalone: bool) -> str | None:
    """What kind of page furniture ``line`` is, or None if it may be part of the article.

    ``standalone`` says the line is a whole paragraph or line of its own (a byline, a credit, a
    dateline can only be one of those); a sentence inside a paragraph is tested only for patterns that
    cannot be a sentence of an article.
    """
    text = line.strip()
    if not text:
        return None
    if _mixed_scripts(text):
        return "spam or an advertisement (letters of other scripts disguised as Latin)"
    for kind, pattern in _PATTERNS:
        if not standalone and kind in (
            "a byline",
            "a dateline standing alone",
            "a photo or media credit",
            "a related-article link",
            "a share or navigation line",
            "a view counter",
            "a dateline or timestamp",
            "a related-article or media link",
            "a label",
            "a link or button for the reader",
            "a list entry that is a link",
        ):
            continue
        if pattern.fullmatch(text):
            if kind == "a related-article link" and (text[-1:] != ")" or _ends_sentence_before_bracket(text)):
                continue
            if kind == "a copyright notice" and len(text) > 200:
                continue
            if kind == "a dateline or timestamp" and not _has_date(text):
                continue
            if kind == "a label" and len(text.split()) >= 2 and text.split()[-1].lower().strip(":") in REPORTING_VERBS:
                continue  # "Limbaugh added:" introduces a quotation
            if kind == "a byline" and (
                len(text.split()) > 12
                or (text.rstrip().endswith((".", "!", "?")) and " " in text[3:].strip() and len(text.split()) > 6)
            ):
                continue
            return kind
    if standalone and _CAPS_NAME.fullmatch(text) and 1 <= len(text.split()) <= 5 and not text.endswith((".", "!", "?")):
        return "a byline or credit (a name in capitals)"
    return None


def _ends_sentence_before_bracket(text: str) -> bool:
    head = text[: text.rfind("(")].rstrip()
    return head.endswith((".", "!", "?", ":", ";", ",", "”", '"'))


def _has_date(text: str) -> bool:
    return bool(
        re.search(
            r"\d|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|mon|tue|wed|thu|fri|sat|sun)[a-z]*\b|"
            r"\b(?:today|yesterday|ago)\b",
            text,
            re.I,
        )
    )


def _mixed_scripts(text: str) -> bool:
    """Words that mix Latin letters with Cyrillic or Greek look-alikes: spam disguised from filters."""
    mixed = 0
    for word in text.split():
        if _LATIN.search(word) and _CYRILLIC_GREEK.search(word):
            mixed += 1
            if mixed >= 2:
                return True
    return False
