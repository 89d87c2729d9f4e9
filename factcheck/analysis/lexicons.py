"""Word lists of the attribution analysis, loaded once at import from ``analysis/lexicons/*.txt``.

Each file is UTF-8 package data: ``#`` lines are comments (the header says where the entries came from
and how to regenerate them), every other non-blank line is one entry whose fields are separated by
``" | "``. Entries are lowercase except in the files whose header says case matters (``outlets.txt``,
``places_governments.txt``, the name lists).

Pure Python: no Flask or SQLAlchemy. All public names are immutable (frozensets, read-only mappings).
"""

from __future__ import annotations

from collections.abc import Mapping
from importlib.resources import files
from types import MappingProxyType

LEXICON_FILES: tuple[str, ...] = (
    "reporting_verbs.txt",
    "cue_nouns.txt",
    "cue_phrases.txt",
    "hedges.txt",
    "anonymous_sources.txt",
    "titles_offices.txt",
    "generic_descriptors.txt",
    "government_bodies.txt",
    "organisations.txt",
    "outlets.txt",
    "document_nouns.txt",
    "places_governments.txt",
    "first_names.txt",
    "surnames.txt",
    "verb_frames.txt",
    "org_words.txt",
    "run_in_labels.txt",
    "stance_adjectives.txt",
    "document_settings.txt",
)
"""Names of the lexicon files in ``factcheck/analysis/lexicons/``."""

FIELD_SEP = " | "


def _text(name: str) -> str:
    return files("factcheck.analysis").joinpath("lexicons", name).read_text(encoding="utf-8")


def header(name: str) -> list[str]:
    """The leading ``#`` comment lines of lexicon file ``name`` (provenance and format), without ``#``."""
    lines = []
    for line in _text(name).splitlines():
        if not line.startswith("#"):
            break
        lines.append(line[1:].strip())
    return lines


def read_entries(name: str) -> list[tuple[str, ...]]:
    """The entries of lexicon file ``name``: one tuple of stripped ``" | "``-separated fields per line.

    Comment lines (``#``) and blank lines are skipped. Raises ``ValueError`` on an empty first field or a
    repeated first field, so that a bad edit of a list fails at import rather than silently.
    """
    entries: list[tuple[str, ...]] = []
    seen: set[str] = set()
    for lineno, raw in enumerate(_text(name).splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        fields = tuple(" ".join(f.split()) for f in line.split(FIELD_SEP))
        if not fields[0]:
            raise ValueError(f"{name}:{lineno}: empty entry")
        if fields[0] in seen:
            raise ValueError(f"{name}:{lineno}: duplicate entry {fields[0]!r}")
        seen.add(fields[0])
        entries.append(fields)
    return entries


def _category_map(name: str) -> Mapping[str, str]:
    return MappingProxyType({e[0]: (e[1] if len(e) > 1 else "") for e in read_entries(name)})


def _where(mapping: Mapping[str, str], *categories: str) -> frozenset[str]:
    return frozenset(k for k, v in mapping.items() if v in categories)


# --- reporting verbs ---------------------------------------------------------------------------------


def _load_verbs() -> tuple[dict[str, str], dict[str, str], dict[str, tuple[str, ...]]]:
    form_to_lemma: dict[str, str] = {}
    category: dict[str, str] = {}
    forms: dict[str, tuple[str, ...]] = {}
    for entry in read_entries("reporting_verbs.txt"):
        words = entry[0].split()
        lemma = words[0]
        category[lemma] = entry[1] if len(entry) > 1 else "speech"
        forms[lemma] = tuple(dict.fromkeys(words))
        for form in forms[lemma]:
            if form_to_lemma.setdefault(form, lemma) != lemma:
                raise ValueError(f"reporting_verbs.txt: form {form!r} of {lemma!r} and {form_to_lemma[form]!r}")
    return form_to_lemma, category, forms


_forms, _verb_cats, _verb_forms = _load_verbs()

REPORTING_VERBS: Mapping[str, str] = MappingProxyType(_forms)
"""Every inflected form of a reporting verb (lowercase) -> its lemma: ``"said" -> "say"``."""

REPORTING_VERB_CATEGORY: Mapping[str, str] = MappingProxyType(_verb_cats)
"""Lemma -> category: speech, written, belief, hedge, confirm_deny, factive, stance or intention."""

REPORTING_VERB_FORMS: Mapping[str, tuple[str, ...]] = MappingProxyType(_verb_forms)
"""Lemma -> all its forms, the lemma first: ``"say" -> ("say", "says", "said", "saying")``."""

_frames = read_entries("verb_frames.txt")
VERB_FRAMES: Mapping[str, frozenset[str]] = MappingProxyType({e[0]: frozenset(e[1].split()) for e in _frames})
"""Reporting-verb lemma -> its frames: parenthetical, addressee, object, infinitive, empty."""


def with_frame(frame: str) -> frozenset[str]:
    """The lemmas of reporting verbs that have ``frame`` (see verb_frames.txt)."""
    return frozenset(lemma for lemma, frames in VERB_FRAMES.items() if frame in frames)


# --- nominal and prepositional cues, hedges ------------------------------------------------------------

CUE_NOUN_CATEGORY: Mapping[str, str] = _category_map("cue_nouns.txt")
"""Nominal cue (lowercase, singular and plural) -> category (as for reporting verbs)."""

CUE_NOUNS: frozenset[str] = frozenset(CUE_NOUN_CATEGORY)
"""Nouns naming a speech act that serve as a cue: statement, claim, remarks, interview, tweet, ..."""

_source_after = sorted(_where(_category_map("cue_phrases.txt"), "source_after"), key=lambda p: -len(p.split()))
SOURCE_AFTER_PHRASES: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {first: tuple(p for p in _source_after if p.split()[0] == first) for first in {p.split()[0] for p in _source_after}}
)
"""First word -> the phrases after which the source follows, longest first: ``"according" -> ("according to",)``."""

SOURCE_AFTER_FIRST_WORDS: frozenset[str] = frozenset(SOURCE_AFTER_PHRASES)

_settings = read_entries("document_settings.txt")
DOCUMENT_SETTINGS: Mapping[str, frozenset[str]] = MappingProxyType(
    {p: frozenset(e[0] for e in _settings if e[1] == p) for p in sorted({e[1] for e in _settings})}
)
"""Preposition -> the document nouns it sets a finding in ("in this poll", "by one estimate")."""

HEDGE_CATEGORY: Mapping[str, str] = _category_map("hedges.txt")
"""Hedge -> category: adverb or passive."""

HEDGE_ADVERBS: frozenset[str] = _where(HEDGE_CATEGORY, "adverb")
"""Adverbs that relay an unspecified report: reportedly, allegedly, purportedly, ..."""

HEDGE_PASSIVE_LEMMAS: frozenset[str] = _where(HEDGE_CATEGORY, "passive")
"""Lemmas whose agentless passive is a hedge: say (is said to), believe (it is believed that), ..."""

# --- sources -------------------------------------------------------------------------------------------

ANONYMOUS_CATEGORY: Mapping[str, str] = _category_map("anonymous_sources.txt")
"""Entry of anonymous_sources.txt -> category: group, person, quantifier, phrase or marker."""

ANONYMOUS_HEADS: frozenset[str] = _where(ANONYMOUS_CATEGORY, "group", "person")
"""Head nouns of unnamed people or groups: officials, critics, experts, source, aide, ..."""

ANONYMOUS_QUANTIFIERS: frozenset[str] = frozenset(k for k in _where(ANONYMOUS_CATEGORY, "quantifier") if " " not in k)
"""One-word vague quantifiers used as a source: some, many, others, several, ..."""

ANONYMITY_MARKERS: frozenset[str] = _where(ANONYMOUS_CATEGORY, "marker")
"""Anonymity markers: "on condition of anonymity", "who declined to be named", "unnamed", ..."""

TITLE_CATEGORY: Mapping[str, str] = _category_map("titles_offices.txt")
"""Title or office (lowercase, abbreviations with their period) -> category (political, military, ...)."""

TITLES_OFFICES: frozenset[str] = frozenset(TITLE_CATEGORY)
"""Titles and offices that tie a person to a checkable office: president, sen., secretary, spokesman."""

DESCRIPTOR_CATEGORY: Mapping[str, str] = _category_map("generic_descriptors.txt")
"""Generic descriptor -> category: descriptor (role noun) or label (modifier)."""

GENERIC_DESCRIPTORS: frozenset[str] = frozenset(DESCRIPTOR_CATEGORY)
"""Descriptors that do NOT identify a person: analyst, expert, commentator, strategist, activist, ..."""

_gov = _category_map("government_bodies.txt")
_org = _category_map("organisations.txt")

GOVERNMENT_BODIES: frozenset[str] = frozenset(_gov)
"""Government bodies, lowercase: generic heads (ministry, agency) and named ones (kremlin, pentagon)."""

GOVERNMENT_HEADS: frozenset[str] = _where(_gov, "head")
"""Generic heads of government bodies: ministry, department, agency, police, court, ..."""

ORGANISATIONS: frozenset[str] = frozenset(_org)
"""Non-government organisations, lowercase: generic heads (campaign, company) and named ones (nra)."""

ORG_HEADS: frozenset[str] = _where(_gov, "head") | _where(_org, "head")
"""Generic heads of government bodies and organisations: ministry, department, campaign, group, ..."""

_outlets = _category_map("outlets.txt")

OUTLETS: frozenset[str] = frozenset(k for k, v in _outlets.items() if v != "head")
"""News outlet names as capitalised in text (match case-sensitively): "The New York Times", "CNN"."""

AMBIGUOUS_OUTLETS: frozenset[str] = frozenset(
    e[0] for e in read_entries("outlets.txt") if len(e) > 2 and e[2] == "ambiguous"
)
"""Outlet names that are also ordinary words or other entities (Time, Reason, Fox, Bloomberg)."""

OUTLET_HEADS: frozenset[str] = _where(_outlets, "head")
"""Generic outlet nouns, lowercase: newspaper, network, news agency, ..."""

DOCUMENT_CATEGORY: Mapping[str, str] = _category_map("document_nouns.txt")
"""Document noun -> category: study, legal, official or media."""

DOCUMENT_NOUNS: frozenset[str] = frozenset(DOCUMENT_CATEGORY)
"""Documents that can be the source of a claim, lowercase: report, study, poll, filing, memo, ..."""

# --- places and names ----------------------------------------------------------------------------------

_places = read_entries("places_governments.txt")

PLACE_KIND: Mapping[str, str] = MappingProxyType({e[0]: e[1] for e in _places})
"""Place or demonym -> kind: country, alias, capital, capital_variant, seat or demonym."""

PLACES: Mapping[str, str] = MappingProxyType({e[0]: e[2] for e in _places if e[1] != "demonym"})
"""Country, alias, capital or seat of government (case-sensitive) -> the country it stands for."""

COUNTRIES: frozenset[str] = frozenset(e[0] for e in _places if e[1] in ("country", "alias"))
"""Country names and their aliases (case-sensitive): a tie to a country alone identifies nobody."""

DEMONYMS: Mapping[str, str] = MappingProxyType({e[0]: e[2] for e in _places if e[1] == "demonym"})
"""Demonym (case-sensitive) -> country: "Russian" -> "Russia"."""

_org_words = _category_map("org_words.txt")
ORG_ENDINGS: frozenset[str] = frozenset(_org_words)
"""Last words of organisation names (lowercase): inc, university, ministry, service, stores, ..."""

GOVERNMENT_ENDINGS: frozenset[str] = _where(_org_words, "government")
"""Last words of government bodies' names: ministry, department, agency, police, court, ..."""

OUTLET_ENDINGS: frozenset[str] = _where(_org_words, "outlet")
"""Last words of news outlets' names: times, post, gazette, herald, news, ..."""

STANCE_ADJECTIVES: frozenset[str] = frozenset(e[0] for e in read_entries("stance_adjectives.txt"))
"""Adjectives of opinion that make their subject the holder of a view: concerned, worried, convinced, ..."""

RUN_IN_LABELS: frozenset[str] = frozenset(e[0] for e in read_entries("run_in_labels.txt"))
"""Labels that open a paragraph with a colon without naming a speaker: background, update, why it matters."""

FIRST_NAMES: Mapping[str, str] = MappingProxyType({e[0].lower(): e[1] for e in read_entries("first_names.txt")})
"""Given name (lowercase) -> m, f or mf (the sex of most of its bearers)."""

SURNAMES: frozenset[str] = frozenset(e[0].lower() for e in read_entries("surnames.txt"))
"""Frequent family names (lowercase)."""

del _forms, _verb_cats, _verb_forms, _gov, _org, _outlets, _places, _source_after, _frames, _org_words, _settings
