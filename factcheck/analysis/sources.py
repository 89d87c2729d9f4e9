"""Who a source span names, what kind of source it is, and whether a reader could check it.

``describe`` reads one source span ("defense analyst Robert Chambers", "The Russian Defense Ministry",
"Critics") with the lexicons: proper-name runs, titles and offices, generic descriptors, government
bodies, organisations, places, outlets, documents and anonymous-group nouns. ``Registry`` keeps the
distinct sources of one article and links re-mentions (surname only, pronouns, "the ministry").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from factcheck.analysis import words
from factcheck.analysis.model import Source, SourceType, Span
from factcheck.analysis.words import wordset as _words

_WORD = re.compile(r"\w+(?:[’'&.\-]\w+)*\.?|,")
PERSON_PRONOUNS = _words("he she him her his hers")
PLURAL_PRONOUNS = _words("they them their we")
THING_PRONOUNS = frozenset(["it", "its", "which"])
RELATIVE = frozenset(["who", "which", "that"])
_DETERMINERS = _words("the a an this that these those some many several most other another his her their its our my")
_NAME_JOINERS = _words("of for the and & de van von al bin la le du")
# Outlets and news agencies the lexicons may not list (names of widely-cited news organisations).
_OUTLET_HEADS = _words(
    "times post journal news tribune herald gazette magazine newspaper network daily telegraph "
    "guardian chronicle observer reuters ap afp cnn msnbc nbc abc cbs npr bbc pbs politico "
    "axios breitbart bloomberg fox newsweek economist atlantic hill huffpost politifact "
    "factcheck.org snopes tass ria interfax xinhua yonhap kyodo"
)
_RANKS = _words(
    "general gen. admiral adm. colonel col. major maj. captain capt. lieutenant lt. sergeant "
    "sgt. commander cmdr. brigadier"
)
_FORMER = _words("retired former ex- onetime one-time erstwhile")
_GROUP_HEADS_EXTRA = _words("some many others several few most people everyone")
# Spans that are a pronoun: describe() links them to an earlier source instead.
_PRONOUN_SPANS = PERSON_PRONOUNS | PLURAL_PRONOUNS | THING_PRONOUNS | frozenset(("who", "i", "you", "we", "one"))


@dataclass(slots=True, init=False)  # init spelled out: native when compiled (see model)
class Described:
    """What one source span says about its source."""

    name: str
    type: SourceType
    descriptor: str | None
    affiliation: str | None
    identifiable: bool
    kind: str  # person, pronoun, anonymous, body, document, outlet, unknown
    why: str  # the reason behind ``identifiable``, for the claim's reason
    surname: str | None

    def __init__(
        self,
        name: str,
        type: SourceType,
        descriptor: str | None,
        affiliation: str | None,
        identifiable: bool,
        kind: str,
        why: str = "",
        surname: str | None = None,
    ) -> None:
        self.name = name
        self.type = type
        self.descriptor = descriptor
        self.affiliation = affiliation
        self.identifiable = identifiable
        self.kind = kind
        self.why = why
        self.surname = surname


_POSSESSIVE = ("’s", "'s")


def _strip_possessive(w: str) -> str:
    return w[:-2] if w.endswith(_POSSESSIVE) else w


@lru_cache(maxsize=4096)
def describe(span_text: str, sentence_initial: bool = False) -> Described:
    """Describe the source named by ``span_text`` (the text of a source span); results are cached.

    Callers must not mutate the returned value (the registry copies what it keeps).
    """
    head_text, _, appositive = span_text.partition(",")
    appositive = appositive.strip().strip(",").strip()
    toks = [t[:-2] if t.endswith(_POSSESSIVE) else t for t in _WORD.findall(head_text) if t != ","]
    low = list(map(str.lower, toks))
    if not toks:
        return Described(span_text.strip(), SourceType.GROUP, None, None, False, "unknown", "no name")
    joined = " ".join(low)
    if joined in _PRONOUN_SPANS:
        return Described(head_text.strip(), SourceType.PERSON, None, None, False, "pronoun")
    anon, gov, orgs, titles, generic, places, docs, outlets = _lexicons()

    # Proper-name tokens: capitalised, and not a capitalised common word at the sentence start.
    proper = [t[:1].isupper() for t in toks]
    if proper[0] and (low[0] in _DETERMINERS or low[0] in anon or low[0] in _GROUP_HEADS_EXTRA):
        proper[0] = False
    # Last run of proper tokens (with joiners inside): the name, tokens run_start to run_end - 1.
    run_start = run_end = 0
    if True in proper:
        e = len(proper) - 1 - proper[::-1].index(True)
        s = e
        while s - 1 >= 0 and (proper[s - 1] or (low[s - 1] in _NAME_JOINERS and s - 2 >= 0 and proper[s - 2])):
            s -= 1
        run_start, run_end = s, e + 1
    run = range(run_start, run_end)
    run_low = low[run_start:run_end]
    run_text = " ".join(toks[run_start:run_end])

    place_hit = [w for w in toks[run_start:run_end] if w in places and places[w][0] != "demonym"]
    title_cats = list(map(titles.get, low))  # None: not a title or office

    # A person: a proper-name run after any title ("Russian President Vladimir Putin"), unless the span
    # names a body.
    last_title = next((i for i in reversed(run) if title_cats[i] is not None), -1)
    person_name = range(max(last_title + 1, run_start), run_end)
    titled = last_title >= 0 and bool(person_name)
    # Body words before a title describe the person ("retired Army Colonel Jane Doyle"); without a title
    # they make the span a body ("the Russian Defense Ministry").
    person_like = (
        bool(person_name)
        and not (place_hit and len(person_name) == len(place_hit))
        and len(person_name) <= 4
        and not any(low[i] in gov or low[i] in orgs for i in person_name)
        and not all(toks[i] in places for i in person_name if low[i] not in _NAME_JOINERS)
        and (titled or not _names_a_body(low, run_low))
    )

    if person_like:
        name = " ".join(toks[i] for i in person_name)
        desc_tokens = toks[: person_name[0]]
        while desc_tokens and titles.get(desc_tokens[-1].lower()) == "honorific":
            desc_tokens = desc_tokens[:-1]  # "scholar Dr. Elena Kovalenko": "Dr." only marks the name
        descriptor = " ".join(t for t in desc_tokens if t.lower() not in ("the", "a", "an")) or None
        if descriptor and descriptor.lower() in ("mr.", "mrs.", "ms.", "dr.", "mr", "mrs", "ms", "dr"):
            descriptor = None
        first = appositive.split()[0].lower() if appositive else ""
        if first.endswith(("ing", "ed")) or first in ("in", "at", "on", "during", "after", "before", "while"):
            appositive = ""  # "Trump, speaking to a veterans group, said": a setting, not a description
        if appositive:
            descriptor = appositive if descriptor is None else f"{descriptor}; {appositive}"
        affiliation = _affiliation(descriptor or "")
        ok, why = _person_identifiable(descriptor, affiliation)
        return Described(
            name, SourceType.PERSON, descriptor, affiliation, ok, "person", why, surname=toks[person_name[-1]]
        )

    # Government, organisation and outlet by lexicon: the first 1-3 word sequence of the span found in each
    # table, longest first (an outlet also by a news-organisation word in the name).
    grams = _lexicon_grams(low)
    gov_hit = next((key for key in grams if key in gov), None)
    org_hit = next((key for key in grams if key in orgs), None)
    outlet_hit = next((key for key in grams if key in outlets), None) if outlets else None
    if outlet_hit is None and run and any(w in _OUTLET_HEADS for w in run_low):
        outlet_hit = run_text
    if gov_hit or place_hit:
        name = _clean_name(head_text)
        if not run and not place_hit:
            # "the ministry", "the government": a definite body; resolvable to an earlier mention.
            return Described(name, SourceType.GOVERNMENT, None, None, True, "body", "a government body")
        return Described(name, SourceType.GOVERNMENT, None, None, True, "body", "a named government body")
    if outlet_hit:
        return Described(_clean_name(head_text), SourceType.OUTLET, None, None, True, "outlet", "a news outlet")
    if org_hit and (run or joined.startswith("the ")):
        return Described(
            _clean_name(head_text), SourceType.ORGANISATION, None, None, True, "body", "a named organisation"
        )
    if any(w in docs for w in low) and not any(w in anon for w in low):
        return Described(_clean_name(head_text), SourceType.DOCUMENT, None, None, True, "document", "a document")
    # Other capitalised names (a country's adjective + group is handled below).
    if (run and not any(w in anon for w in run_low)) and (
        len(run) == len(toks) or (toks and low[0] in ("the",) and len(run) == len(toks) - 1)
    ):
        name = _clean_name(head_text)
        single = len(run) == 1 and name.lower() not in gov
        if single:
            return Described(
                name,
                SourceType.PERSON,
                None,
                None,
                True,
                "person",
                "a public figure known by name",
                surname=name,
            )
        return Described(name, SourceType.ORGANISATION, None, None, True, "body", "a named body")
    # Anonymous people or groups: "critics", "a senior official", "sources familiar with ...".
    if any(w in anon for w in low) or any(w in _GROUP_HEADS_EXTRA for w in low) or any(w in generic for w in low):
        name = _clean_name(head_text)
        t = SourceType.GROUP
        affiliation = " ".join(toks[i] for i in run) or None
        return Described(name, t, appositive or None, affiliation, False, "anonymous", "an unnamed source")
    if any(cat is not None and cat != "honorific" for cat in title_cats):
        # "the president", "the mayor": an office-holder a reader can identify.
        return Described(_clean_name(head_text), SourceType.PERSON, None, None, True, "office", "an office-holder")
    return Described(_clean_name(head_text), SourceType.GROUP, None, None, False, "anonymous", "an unnamed source")


@cache
def _lexicons() -> tuple[
    dict[str, str],
    dict[str, str],
    dict[str, str],
    dict[str, str],
    dict[str, str],
    dict[str, tuple[str, bool]],
    dict[str, str],
    dict[str, str],
]:
    """The tables describe() reads: anonymous words, government bodies, organisations, titles, generic
    descriptors, places, document nouns, outlets."""
    return (
        words.anonymous_words(),
        words.government_bodies(),
        words.organisations(),
        words.titles(),
        words.generic_descriptors(),
        words.places(),
        words.document_nouns(),
        words.outlets(),
    )


@cache
def _body_names() -> frozenset[str]:
    """Every name of a government body, organisation or outlet (lowercase)."""
    return frozenset(words.government_bodies()) | frozenset(words.organisations()) | frozenset(words.outlets())


def _names_a_body(low: list[str], run_low: list[str]) -> bool:
    """Whether any of describe()'s government, organisation and outlet hits would be found for the span."""
    names = _body_names()
    return any(gram in names for gram in _lexicon_grams(low)) or any(w in _OUTLET_HEADS for w in run_low)


@cache
def _multiword_firsts() -> frozenset[str]:
    """First words of the multiword names of government bodies, organisations and outlets."""
    names = [*words.government_bodies(), *words.organisations(), *words.outlets()]
    return frozenset(name.split(" ")[0] for name in names if " " in name)


def _lexicon_grams(low: list[str]) -> list[str]:
    """The 3-, 2- and 1-word sequences of ``low`` that could name a government body, organisation or outlet
    (see :func:`_grams`)."""
    return _grams(low, _multiword_firsts())


def _grams(low: list[str], firsts: frozenset[str]) -> list[str]:
    """The 3-, 2- and 1-word sequences of ``low`` (joined by spaces), longest first, left to right, that can
    be a key of a table whose multiword keys start with one of ``firsts``: a sequence of two or three words
    only where its first word is one of them (no other can be a key)."""
    starts = [i for i, w in enumerate(low) if w in firsts]
    return [
        *[" ".join(low[i : i + 3]) for i in starts if i + 3 <= len(low)],
        *[" ".join(low[i : i + 2]) for i in starts if i + 2 <= len(low)],
        *low,
    ]


@cache
def _multiword_title_firsts() -> frozenset[str]:
    """First words of the multiword titles and offices ("press secretary", "secretary of state")."""
    return frozenset(title.split(" ")[0] for title in words.titles() if " " in title)


def _clean_name(s: str) -> str:
    s = s.strip().strip(",").strip()
    if s.startswith("The "):
        s = s[4:]
    return _strip_possessive(s)


_EMPLOYER = re.compile(
    r"\b(?:of|at|for|with|from)\s+((?:the\s+)?[A-Z][\w.&'’-]*(?:\s+(?:of\s+|the\s+|for\s+|and\s+)?[A-Z][\w.&'’-]*)*)"
)
_CAPITALISED_RUN = re.compile(r"\b[A-Z][\w.&'’-]*(?:\s+[A-Z][\w.&'’-]*)*")
_DESCRIPTOR_TOKEN = re.compile(r"[\w.’'-]+")


@lru_cache(maxsize=4096)
def _affiliation(descriptor: str) -> str | None:
    """An employer or organisation in a descriptor: 'spokesman for the Kremlin', 'White House ...'."""
    m = _EMPLOYER.search(descriptor)
    if m:
        return m.group(1)
    caps = _CAPITALISED_RUN.findall(descriptor)
    for c in caps:
        if c.lower() in words.government_bodies() or c.lower() in words.organisations():
            return c
        if any(part.lower() in _OUTLET_HEADS for part in c.split()):
            return c
    return None


@lru_cache(maxsize=4096)
def _person_identifiable(descriptor: str | None, affiliation: str | None) -> tuple[bool, str]:
    """Whether a descriptor ties a named person to an office, employer or organisation."""
    if not descriptor:
        return False, "no descriptor"
    d = descriptor.lower()
    tokens = _DESCRIPTOR_TOKEN.findall(d)
    titles = words.titles()
    generic = words.generic_descriptors()
    former = any(t in _FORMER for t in tokens)
    if affiliation and not former:
        return True, f"tied to '{affiliation}'"
    # The first 1-3 word sequence, longest first, that is an office (not an honorific, not a generic word).
    office = next(
        (
            key
            for key in _grams(tokens, _multiword_title_firsts())
            if titles.get(key, "honorific") != "honorific" and key not in generic
        ),
        None,
    )
    if office and former and (office in _RANKS or office.rstrip(".") in _RANKS):
        return False, f"'{office}' is a retired rank, not a current office"
    if office and not former:
        return True, f"holds the office '{office}'"
    if affiliation:
        return True, f"tied to '{affiliation}'"
    return False, "generic descriptor"


@dataclass(slots=True, init=False)  # init spelled out: native when compiled (see model)
class Entry:
    """A registry source with the facts used to link later mentions."""

    source: Source
    described: Described
    last_seen: int
    surnames: set[str]

    def __init__(
        self, source: Source, described: Described, last_seen: int = 0, surnames: set[str] | None = None
    ) -> None:
        self.source = source
        self.described = described
        self.last_seen = last_seen
        self.surnames = set() if surnames is None else surnames


class Registry:
    """The distinct sources of one text; links surname-only, pronoun and definite re-mentions."""

    def __init__(self) -> None:
        self.entries: list[Entry] = []
        self.clock = 0

    def _touch(self, entry: Entry, span: Span | None) -> int:
        self.clock += 1
        entry.last_seen = self.clock
        if span is not None and span not in entry.source.mentions:
            entry.source.mentions.append(span)
        return entry.source.id

    def resolve_pronoun(self, word: str) -> Entry | None:
        """The nearest earlier source that fits a pronoun (he/she: person; they: group/body; it: body)."""
        w = word.lower()
        if w in PERSON_PRONOUNS:
            fits = {SourceType.PERSON}
        elif w in PLURAL_PRONOUNS:
            fits = {SourceType.GROUP, SourceType.GOVERNMENT, SourceType.ORGANISATION, SourceType.PERSON}
        elif w in THING_PRONOUNS:
            fits = {SourceType.GOVERNMENT, SourceType.ORGANISATION, SourceType.OUTLET, SourceType.DOCUMENT}
        else:
            fits = set(SourceType)
        best = None
        for e in self.entries:
            if e.source.type not in fits:
                continue
            if w in PLURAL_PRONOUNS and e.source.type == SourceType.PERSON and " and " not in e.source.name:
                continue
            if best is None or e.last_seen > best.last_seen:
                best = e
        return best

    def add(self, d: Described, span: Span | None) -> Entry:
        """Register (or link) a described source; returns its entry."""
        key = d.name.lower().removeprefix("the ")
        for e in self.entries:
            ekey = e.source.name.lower().removeprefix("the ")
            same = ekey == key
            if not same and d.kind == "person" and e.described.kind == "person":
                # Surname-only re-mention ("Chambers added") or full name after a surname.
                parts, eparts = key.split(), ekey.split()
                same = (len(parts) == 1 and bool(eparts) and parts[0] == eparts[-1]) or (
                    len(eparts) == 1 and bool(parts) and eparts[0] == parts[-1]
                )
            if not same and d.kind == "body" and not d.name[:1].isupper():
                # "the ministry" -> the latest source whose name contains "ministry".
                head = key.split()[-1] if key else ""
                same = bool(head) and head in ekey.split()
            if same:
                self._merge(e, d)
                self._touch(e, span)
                return e
        src = Source(
            id=len(self.entries),
            name=d.name,
            type=d.type,
            descriptor=d.descriptor,
            affiliation=d.affiliation,
            identifiable=d.identifiable,
        )
        entry = Entry(src, d)
        self.entries.append(entry)
        self._touch(entry, span)
        return entry

    def touch(self, entry: Entry, span: Span | None) -> None:
        """Record a further mention (a pronoun) of a known source."""
        self._touch(entry, span)

    def _merge(self, e: Entry, d: Described) -> None:
        s = e.source
        if len(d.name) > len(s.name) and d.kind == e.described.kind:
            s.name = d.name
        if d.descriptor and not s.descriptor:
            s.descriptor = d.descriptor
        if d.affiliation and not s.affiliation:
            s.affiliation = d.affiliation
        if d.identifiable and not s.identifiable and d.kind == "person" and d.descriptor:
            s.identifiable = True
            e.described = d
