"""Word lists used by the rule engine, read once from the package's lexicon files.

The lexicon data files (``lexicons/*.txt``, each with a provenance comment) are the single source of the
vocabulary; this module turns them into the lookup tables the engine needs (form -> lemma/category,
phrases by first word, ...). Each table has a tiny built-in fallback so that the engine still runs if a
file is missing from an installation; the fallback is not what we evaluate.

``extra_*.txt`` files of our own (same ``entry | category`` format) add entries the engine needs and
the shared lists do not have; they carry their own provenance comment.
"""

from __future__ import annotations

from functools import cache
from importlib import resources


def wordset(words: str) -> frozenset[str]:
    """A frozenset of the whitespace-separated words of ``words`` (compact in-code word lists)."""
    return frozenset(words.split())


def _rows(name: str) -> list[list[str]]:
    """The ``|``-separated fields of each non-comment line of ``lexicons/NAME``, stripped."""
    try:
        raw = resources.files("factcheck.analysis").joinpath("lexicons", name).read_text(encoding="utf-8")
    except (FileNotFoundError, OSError):
        return []
    rows = []
    for line in raw.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        rows.append([f.strip() for f in line.split("|")])
    return rows


def _rows_with_extra(name: str) -> list[list[str]]:
    return _rows(name) + _rows("extra_" + name)


@cache
def verb_forms() -> dict[str, tuple[str, str]]:
    """Reporting-verb form -> (lemma, category) from reporting_verbs.txt (+ extra_reporting_verbs.txt)."""
    out: dict[str, tuple[str, str]] = {}
    for row in _rows_with_extra("reporting_verbs.txt"):
        forms = row[0].split()
        category = row[1] if len(row) > 1 else "speech"
        if forms:
            for form in forms:
                out.setdefault(form.lower(), (forms[0].lower(), category))
    if not out:
        for lemma, forms in (("say", "say says said saying"), ("tell", "tell tells told telling")):
            for form in forms.split():
                out[form] = (lemma, "speech")
    return out


@cache
def cue_phrases() -> dict[str, str]:
    """Multiword cue phrase (lowercase, single spaces) -> category (source_after, setting, verb:..., ...)."""
    out = {row[0].lower(): (row[1] if len(row) > 1 else "") for row in _rows_with_extra("cue_phrases.txt")}
    return out or {"according to": "source_after"}


@cache
def cue_nouns() -> dict[str, str]:
    """Nominal cue (statement, claim, view, ...) -> category."""
    out = {row[0].lower(): (row[1] if len(row) > 1 else "speech") for row in _rows_with_extra("cue_nouns.txt")}
    return out or {"statement": "speech", "claim": "hedge"}


@cache
def hedges() -> dict[str, str]:
    """Hedge phrase (reportedly, it is said, were reported to, ...) -> category."""
    out = {row[0].lower(): (row[1] if len(row) > 1 else "") for row in _rows_with_extra("hedges.txt")}
    return out or {"reportedly": "adverb", "allegedly": "adverb"}


@cache
def anonymous_words() -> dict[str, str]:
    """Anonymous-source entry (officials, critics, a senior official, ...) -> category."""
    out = {row[0].lower(): (row[1] if len(row) > 1 else "") for row in _rows_with_extra("anonymous_sources.txt")}
    return out or {w: "group" for w in ("officials", "critics", "experts", "sources", "supporters")}


@cache
def titles() -> dict[str, str]:
    """Title or office (president, sen., spokesman, ...) -> category (honorific, political, ...)."""
    out = {row[0].lower(): (row[1] if len(row) > 1 else "") for row in _rows_with_extra("titles_offices.txt")}
    return out or {"mr.": "honorific", "dr.": "honorific", "president": "political", "sen.": "political"}


@cache
def generic_descriptors() -> dict[str, str]:
    """Descriptor that does not identify a person (analyst, scholar, retired general, ...) -> category."""
    out = {row[0].lower(): (row[1] if len(row) > 1 else "") for row in _rows_with_extra("generic_descriptors.txt")}
    return out or {"analyst": "descriptor", "scholar": "descriptor", "expert": "descriptor"}


@cache
def government_bodies() -> dict[str, str]:
    """Government body (ministry, white house, kremlin, ...) -> category (head or named), lowercase."""
    out = {row[0].lower(): (row[1] if len(row) > 1 else "") for row in _rows_with_extra("government_bodies.txt")}
    return out or {"ministry": "head", "government": "head", "kremlin": "named"}


@cache
def organisations() -> dict[str, str]:
    """Organisation (campaign, party, nra, ...) -> category (head or named), lowercase."""
    out = {row[0].lower(): (row[1] if len(row) > 1 else "") for row in _rows_with_extra("organisations.txt")}
    return out or {"campaign": "head", "party": "head"}


@cache
def places() -> dict[str, tuple[str, bool]]:
    """Country, capital or demonym as written (case-sensitive) -> (kind, ambiguous)."""
    out: dict[str, tuple[str, bool]] = {}
    for row in _rows_with_extra("places_governments.txt"):
        if len(row) >= 2:
            out[row[0]] = (row[1], len(row) > 3 and row[3] == "ambiguous")
    return out or {"Ukraine": ("country", False), "Russia": ("country", False)}


@cache
def outlets() -> dict[str, str]:
    """News outlets and agencies (lowercase) -> category, when a lexicon lists them."""
    return {row[0].lower(): (row[1] if len(row) > 1 else "") for row in _rows_with_extra("outlets.txt")}


@cache
def document_nouns() -> dict[str, str]:
    """Nouns of documents that can be sources in their own right (report, poll, study)."""
    out = {row[0].lower(): (row[1] if len(row) > 1 else "") for row in _rows_with_extra("document_nouns.txt")}
    return out or {
        w: "document"
        for w in wordset(
            "report reports study studies poll polls survey surveys analysis data documents records "
            "filing filings memo letter review audit investigation"
        )
    }
