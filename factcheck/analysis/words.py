"""Lookup tables for the rule engine, built once from the shared lexicons.

The vocabulary lives in the lexicon data files (``lexicons/*.txt``, each with a provenance comment),
loaded by :mod:`factcheck.analysis.lexicons`. This module only reshapes those lists into what the engine
looks up (form -> (lemma, category), phrase -> category, ...), and adds the entries of the analysis core's
own ``lexicons/extra_*.txt`` files (same format as the shared file they extend, with their own
provenance comment).
"""

from __future__ import annotations

from functools import cache
from importlib import resources

from factcheck.analysis import lexicons


def wordset(words: str) -> frozenset[str]:
    """A frozenset of the whitespace-separated words of ``words`` (compact in-code word lists)."""
    return frozenset(words.split())


def _extra(name: str) -> list[list[str]]:
    """The ``|``-separated fields of each entry of ``lexicons/extra_NAME`` (none if there is no such file)."""
    try:
        raw = resources.files("factcheck.analysis").joinpath("lexicons", "extra_" + name).read_text(encoding="utf-8")
    except (FileNotFoundError, OSError):
        return []
    rows = []
    for line in raw.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            rows.append([f.strip() for f in line.split("|")])
    return rows


def _with_extra(name: str, base: dict[str, str]) -> dict[str, str]:
    out = dict(base)
    for row in _extra(name):
        out.setdefault(row[0].lower(), row[1] if len(row) > 1 else "")
    return out


@cache
def verb_forms() -> dict[str, tuple[str, str]]:
    """Reporting-verb form -> (lemma, category), from reporting_verbs.txt and extra_reporting_verbs.txt."""
    out = {
        form: (lemma, lexicons.REPORTING_VERB_CATEGORY.get(lemma, "speech"))
        for form, lemma in lexicons.REPORTING_VERBS.items()
    }
    for row in _extra("reporting_verbs.txt"):
        forms = row[0].lower().split()
        category = row[1] if len(row) > 1 else "speech"
        for form in forms:
            out.setdefault(form, (forms[0], category))
    return out


@cache
def cue_phrases() -> dict[str, str]:
    """Multiword cue phrase (lowercase, single spaces) -> category (source_after, setting, verb:..., ...)."""
    return _with_extra("cue_phrases.txt", dict(lexicons.CUE_PHRASE_CATEGORY))


@cache
def cue_nouns() -> dict[str, str]:
    """Nominal cue (statement, claim, view, ...) -> category."""
    return _with_extra("cue_nouns.txt", dict(lexicons.CUE_NOUN_CATEGORY))


@cache
def hedges() -> dict[str, str]:
    """Hedge phrase (reportedly, it is said, were reported to, ...) -> category."""
    return _with_extra("hedges.txt", dict(lexicons.HEDGE_CATEGORY))


@cache
def anonymous_words() -> dict[str, str]:
    """Anonymous-source entry (officials, critics, a senior official, ...) -> category."""
    return _with_extra("anonymous_sources.txt", dict(lexicons.ANONYMOUS_CATEGORY))


@cache
def titles() -> dict[str, str]:
    """Title or office (president, sen., spokesman, ...) -> category (honorific, political, ...)."""
    return _with_extra("titles_offices.txt", dict(lexicons.TITLE_CATEGORY))


@cache
def generic_descriptors() -> dict[str, str]:
    """Descriptor that does not identify a person (analyst, scholar, retired general, ...) -> category."""
    return _with_extra("generic_descriptors.txt", dict(lexicons.DESCRIPTOR_CATEGORY))


@cache
def government_bodies() -> dict[str, str]:
    """Government body (ministry, white house, kremlin, ...) -> category (head or named), lowercase."""
    base = {e[0].lower(): (e[1] if len(e) > 1 else "") for e in lexicons.read_entries("government_bodies.txt")}
    return _with_extra("government_bodies.txt", base)


@cache
def organisations() -> dict[str, str]:
    """Organisation (campaign, party, nra, ...) -> category (head or named), lowercase."""
    base = {e[0].lower(): (e[1] if len(e) > 1 else "") for e in lexicons.read_entries("organisations.txt")}
    return _with_extra("organisations.txt", base)


@cache
def places() -> dict[str, tuple[str, bool]]:
    """Country, capital or demonym as written (case-sensitive) -> (kind, ambiguous)."""
    return {name: (kind, name in lexicons.AMBIGUOUS_PLACES) for name, kind in lexicons.PLACE_KIND.items()}


@cache
def outlets() -> dict[str, str]:
    """News outlet names (lowercase) -> category; ambiguous names ("Time", "The Hill") are left out."""
    return {
        name.lower(): cat
        for name, cat in lexicons.OUTLET_CATEGORY.items()
        if cat != "head" and name not in lexicons.AMBIGUOUS_OUTLETS
    }


@cache
def document_nouns() -> dict[str, str]:
    """Nouns of documents that can be sources in their own right (report, poll, study)."""
    return _with_extra("document_nouns.txt", dict(lexicons.DOCUMENT_CATEGORY))
