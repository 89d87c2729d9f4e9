"""Source phrases read on the parse: what a phrase names and what the article says about it.

``describe(head, span)`` reads one noun phrase of a parsed sentence (the source of an attribution, or any
proper name of the article) and returns a :class:`Mention`:

- its **name**: the run of proper nouns at its head, without a title before it ("Russian President
  Vladimir Putin" -> "Vladimir Putin", title "President"), or the person an appositive names ("the
  education secretary, Gareth Pryce");
- its **kind**: person, organisation, government, outlet, document, group (unnamed people), place, or a
  pronoun or definite description to resolve ("he", "the company", "the director");
- its **description**: the words around the name that say who the source is (a title or role before
  the name, an appositive, a relative clause, "of"/"at"/"for" phrases, a possessor: "the ACLU's"), and
  whether they **identify** it by the rules of the shared GUIDELINES.md: an office, or a role tied to a
  named organisation, place, person or work, identifies; a generic descriptor alone ("defense analyst",
  "a former director of student services") does not.

Person or organisation is decided from several signals, none of them final on its own: the entity label
of the statistical pipeline, titles and honorifics, given-name and surname lists, organisation words
("Inc", "University", "Ministry", "Service"), the lexicons of government bodies, organisations, outlets and
places, acronyms, and (in ``cast``) how the same name is used elsewhere in the article.

The reading is in four modules, each built only on the ones before it: ``names`` (proper nouns and the
run of one name), ``identity`` (the descriptions around a name and whether they identify), this one
(:class:`Mention`, and ``describe_name`` for a proper name with its person and organisation signals) and
``common_nouns`` (``describe_common``: a phrase headed by a common noun, a pronoun or a number).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Token

from factcheck.analysis import lexicons as lx
from factcheck.analysis.identity import (
    MONTHS_DAYS,
    descriptions_around,
    identity_of,
    left_words,
    names_something,
    role_of,
)
from factcheck.analysis.names import join_name, name_run, phrase_text

DETERMINERS = frozenset({"the", "a", "an", "this", "that", "these", "those", "its", "their", "his", "her"})
LANGUAGE_NAMES = frozenset(
    [
        "English",
        "French",
        "German",
        "Spanish",
        "Italian",
        "Portuguese",
        "Russian",
        "Chinese",
        "Mandarin",
        "Cantonese",
        "Japanese",
        "Korean",
        "Arabic",
        "Hebrew",
        "Hindi",
        "Urdu",
        "Bengali",
        "Punjabi",
        "Persian",
        "Farsi",
        "Turkish",
        "Greek",
        "Dutch",
        "Swedish",
        "Norwegian",
        "Danish",
        "Finnish",
        "Polish",
        "Czech",
        "Hungarian",
        "Romanian",
        "Ukrainian",
        "Swahili",
        "Latin",
    ]
)
# Words of the names of days that are not weekdays ("Election Day", "Christmas Eve", "Ramadan").
CALENDAR_WORDS = frozenset(
    [
        "day",
        "eve",
        "week",
        "year",
        "christmas",
        "easter",
        "thanksgiving",
        "halloween",
        "ramadan",
        "eid",
        "hanukkah",
        "passover",
        "diwali",
        "lent",
    ]
)


@dataclass(slots=True)
class Mention:
    """What one noun phrase says about the source it names."""

    kind: str  # person, organisation, government, outlet, document, group, place, pronoun, description
    name: str
    start: int  # character offsets of the phrase in the article
    end: int
    key: str = ""  # lowercase name, for linking mentions of one source
    surname: str = ""  # lowercase last word of a person's name
    descriptor: str | None = None  # who the source is, in the article's words
    affiliation: str | None = None  # the organisation or place the description ties it to
    identity: str | None = None  # the words that establish a person's identity, if any
    generic: str | None = None  # a generic descriptor that does not ("defense analyst")
    gender: str | None = None  # m / f, from a pronoun, an honorific or the given name
    plural: bool = False
    head: str = ""  # lowercase head noun of a description or group ("company", "officials")
    pseudonym: bool = False
    anonymous_marker: bool = False  # "who spoke on condition of anonymity"
    identified: bool = False  # a document or unnamed person tied to a named body ("a report by X")
    definite: bool = False  # "the affidavit": a document introduced before
    tie: Token | None = None  # the proper noun a common noun is tied to
    org_evidence: int = 0  # evidence that a name is an organisation rather than a person
    person_evidence: int = 0
    title: str | None = None  # the title before a person's name ("President")
    tokens: tuple[int, int] = (0, 0)  # token range in its Doc
    signals: list[str] = field(default_factory=list)


def _title_split(tokens: list[Token]) -> tuple[int, str | None]:
    """Index in ``tokens`` where a person's name starts after any titles, and the last title's category.

    "Acting U.S. Attorney Jonah Pell" -> 3 ("Attorney"), "Sen. Ellen Marsh" -> 1, "the PAHO
    Director" -> 2 (no name after the title). Multiword titles ("Prime Minister") match longest first."""
    lows = [t.lower_ for t in tokens]
    start, category = 0, None
    k = 0
    while k < len(tokens):
        matched = 0
        for width in (4, 3, 2, 1):
            if k + width <= len(tokens) and " ".join(lows[k : k + width]) in lx.TITLE_CATEGORY:
                matched = width
                break
        if matched:
            category = lx.TITLE_CATEGORY[" ".join(lows[k : k + matched])]
            k += matched
            start = k
        else:
            k += 1
    return start, category


def _given_name_split(tokens: list[Token]) -> int:
    """Where a person's name starts inside a run that begins with the body they belong to: "District of
    Massachusetts Jonah Pell" -> 3, "Finance Brent Mallory" -> 1; 0 when it does not."""
    for k in range(1, len(tokens) - 1):
        if (
            tokens[k].lower_ in lx.FIRST_NAMES
            and tokens[k].text[:1].isupper()
            and (
                tokens[k - 1].lower_ in lx.ORG_ENDINGS
                or tokens[k - 1].text in lx.PLACES
                or tokens[k - 1].text.isupper()
                or tokens[k - 1].lower_ in lx.TITLE_CATEGORY
                or any(t.lower_ == "of" for t in tokens[:k])
            )
        ):
            return k
    return 0


def _org_signals(run_tokens: list[Token], mention: Mention) -> None:
    words = [t.text for t in run_tokens]
    lows = [t.lower_ for t in run_tokens]
    name = " ".join(words)
    last = lows[-1]
    if name in lx.OUTLETS or ("The " + name) in lx.OUTLETS or ("the " + name) in lx.OUTLETS:
        mention.org_evidence += 1 if name in lx.AMBIGUOUS_OUTLETS else 4
        mention.signals.append("outlet")
    if name.lower() in lx.ORGANISATIONS or name.lower() in lx.GOVERNMENT_BODIES:
        mention.org_evidence += 4
        mention.signals.append("lexicon")
    if name in lx.PLACES:
        mention.org_evidence += 4
        mention.signals.append("place")
    if last.endswith("s") and last[:-1] in lx.ORG_ENDINGS:
        last = last[:-1]  # "Public Schools", "Massy Stores"
    inner = any(lows[k] in lx.ORG_ENDINGS and lows[k + 1] in ("for", "of", "on", "in") for k in range(len(lows) - 1))
    if (
        inner
        or (last in lx.ORG_ENDINGS and len(run_tokens) >= 2)
        or (last in lx.ORG_ENDINGS and run_tokens[-1].text[:1].isupper() and last not in lx.SURNAMES)
    ):  # "European Centre for Disease Prevention and Control", "University of Utah"
        mention.org_evidence += 3
        mention.signals.append("org-word")
    if any(t.ent_type_ in ("ORG",) for t in run_tokens):
        mention.org_evidence += 1
        mention.signals.append("ner-org")
    if any(t.ent_type_ in ("GPE", "LOC") for t in run_tokens):
        mention.org_evidence += 1
        mention.signals.append("ner-place")
    if len(run_tokens) == 1 and words[0].isupper() and 2 <= len(words[0].strip(".")) <= 6 and words[0] not in ("I",):
        mention.org_evidence += 2
        mention.signals.append("acronym")
    if len(run_tokens) == 1 and lows[0] not in lx.FIRST_NAMES and lows[0] not in lx.SURNAMES:
        mention.org_evidence += 1
        mention.signals.append("unknown-word")
    head = run_tokens[-1]
    if any(c.lower_ == "the" and c.dep_ == "det" for c in head.children) or (
        run_tokens[0].i > 0 and run_tokens[0].nbor(-1).lower_ == "the"
    ):
        mention.org_evidence += 2
        mention.signals.append("the")


def _person_signals(run_tokens: list[Token], mention: Mention, title_category: str | None) -> None:
    lows = [t.lower_ for t in run_tokens]
    if title_category is not None:
        mention.person_evidence += 3
        mention.signals.append("title")
    if len(run_tokens) >= 2 and lows[0] in lx.FIRST_NAMES:
        mention.person_evidence += 3
        mention.signals.append("given-name")
    elif (
        len(run_tokens) >= 2
        and lows[1][:1].isalpha()
        and (len(lows[1]) == 1 or (lows[1].endswith(".") and len(lows[1]) == 2))
    ):
        mention.person_evidence += 1  # "Clara F. Benoit", "J. Smith"
    if len(run_tokens) == 1 and lows[0] in lx.SURNAMES:
        mention.person_evidence += 1
        mention.signals.append("surname")
    if any(t.ent_type_ == "PERSON" for t in run_tokens):
        mention.person_evidence += 2 if len(run_tokens) >= 2 else 1
        mention.signals.append("ner-person")
    if 2 <= len(run_tokens) <= 4 and lows[-1] in lx.SURNAMES and lows[-1] not in lx.ORG_ENDINGS:
        mention.person_evidence += 1
        mention.signals.append("surname")


def describe_name(head: Token, base: int) -> Mention:
    """A mention for the proper-noun run at ``head``."""
    lo, hi = name_run(head)
    doc = head.doc
    run = [doc[k] for k in range(lo, hi)]
    split, category = _title_split(run)
    if split == 0:
        split = _given_name_split(run)
    title_tokens = run[:split]
    name_tokens = run[split:]
    # "Ellen Marsh of Massachusetts", "James Lee of Torrance": a person's name ends before "of"
    after_name: list[Token] = []
    for k, t in enumerate(name_tokens):
        if (
            k >= 1
            and t.lower_ in ("of", "from", "for")
            and (name_tokens[0].lower_ in lx.FIRST_NAMES or title_tokens)
            and name_tokens[k - 1].lower_ not in lx.ORG_ENDINGS
        ):
            after_name = name_tokens[k:]
            name_tokens = name_tokens[:k]
            break
    if not name_tokens:
        # "the PAHO Director", "Senate President": a title with no name, said of someone named elsewhere
        mention = Mention(
            kind="description",
            name=" ".join(t.text for t in run),
            start=base + doc[lo].idx,
            end=base + doc[hi - 1].idx + len(doc[hi - 1].text),
            tokens=(lo, hi),
        )
        mention.head = run[-1].lower_
        mention.title = mention.name
        return mention
    title = " ".join(t.text for t in title_tokens) or None
    in_title = _in_quoted_title(doc, lo, hi)  # "The Wit and Wisdom of Martin Ashby": a work's title
    prefix_org = (
        None
        if in_title or not title_tokens
        else names_something([t for t in title_tokens if t.lower_ not in lx.TITLE_CATEGORY])
    )
    # Words right before the run ("association executive director Tom Reilly", "Dr Benoit", "Sen. Marsh");
    # "director of X", "at X": what follows a preposition is a body, not a person.
    outer_tokens = left_words(doc, lo, head.sent.start)
    before = doc[lo - 1] if lo > head.sent.start else None
    after_preposition = before is not None and before.lower_ in ("of", "at", "for", "from", "with", "by")
    if outer_tokens and category is None and not after_preposition:
        o_split, o_cat = _title_split(outer_tokens)
        if o_cat is not None and o_split == len(outer_tokens):
            category = o_cat
            title = " ".join(t.text for t in outer_tokens if t.lower_ not in DETERMINERS) or None
    elif outer_tokens and title_tokens and not after_preposition:
        title = phrase_text(outer_tokens + title_tokens)  # "Finance" + "Minister"
    start_char = base + doc[lo].idx
    end_char = base + doc[name_tokens[-1].i].idx + len(name_tokens[-1].text)
    mention = Mention(
        kind="person", name=join_name(name_tokens), start=start_char, end=end_char, tokens=(lo, name_tokens[-1].i + 1)
    )
    mention.title = title
    _org_signals(name_tokens, mention)
    _person_signals(name_tokens, mention, category)
    if after_preposition:
        mention.org_evidence += 2
        mention.signals.append("after-preposition")
    following = doc[name_tokens[-1].i + 1] if name_tokens[-1].i + 1 < head.sent.end else None
    if (
        following is not None
        and following.pos_ == "NOUN"
        and (following.lower_ in lx.TITLE_CATEGORY or following.lower_ in lx.GENERIC_DESCRIPTORS)
    ):
        # "New York mayor", "Rice University historian", "ACLU lawyer": the name modifies a role
        mention.org_evidence += 3
        mention.signals.append("before-role")
    if (
        any(t.lower_ in MONTHS_DAYS for t in name_tokens)
        or (
            all(t.ent_type_ == "DATE" for t in name_tokens)
            and any(t.lower_ in CALENDAR_WORDS or t.like_num for t in name_tokens)
        )  # the entity label alone is no judge: "Super Value revealed" tagged as a date
        or (len(name_tokens) == 1 and (name_tokens[0].text in LANGUAGE_NAMES or name_tokens[0].text in lx.DEMONYMS))
    ):
        mention.kind = "none"  # "Super Tuesday", "March", "in German"
        return mention
    if len(name_tokens) == 1 and name_tokens[0].tag_ in ("NNPS", "NNS") and name_tokens[0].lower_ in lx.ANONYMOUS_HEADS:
        mention.kind = "group"  # "Democrats argue": a named group no one in which can be asked
        mention.plural = True
        mention.head = name_tokens[0].lower_
        return mention
    if (
        len(name_tokens) >= 2
        and all(t.text.isupper() for t in name_tokens)
        and name_tokens[0].lower_ not in lx.FIRST_NAMES
    ):
        mention.person_evidence -= 2  # a line in capitals: a dateline or a heading, not a name
    descriptions = descriptions_around(_run_root(name_tokens), (lo, name_tokens[-1].i + 1))
    if after_preposition:
        # "managing director of Precision Cybertechnologies": the words before describe someone else
        descriptions = [d for d in descriptions if not (d and d[-1].i == lo - 1)]
    if after_name:
        descriptions.append(after_name)
    if title_tokens:
        # the words before the run and the title inside it are one description ("retired" + "U.S. General")
        left = next((d for d in descriptions if d and d[-1].i == lo - 1), None)
        if left is not None:
            left.extend(title_tokens)
        else:
            descriptions.append(title_tokens)
    for tokens in descriptions:
        # human appositives and "who" clauses make a person; "which" clauses an organisation
        role = role_of(tokens)
        if role is not None and role not in lx.ORG_HEADS:
            mention.person_evidence += 2
            mention.signals.append("role")
        if any(t.lower_ == "who" for t in tokens[:2]):
            mention.person_evidence += 2
        if any(t.lower_ == "which" for t in tokens[:2]):
            mention.org_evidence += 1
    identity, affiliation, generic, pseudonym = identity_of(descriptions, category, title)
    if prefix_org is not None and identity is None:
        identity, affiliation = " ".join(t.text for t in title_tokens), prefix_org
    mention.identity, mention.affiliation, mention.generic, mention.pseudonym = (
        identity,
        affiliation,
        generic,
        pseudonym,
    )
    mention.descriptor = "; ".join(dict.fromkeys(d.rstrip(" .") for d in map(phrase_text, descriptions) if d)) or None
    lows = [t.lower_ for t in name_tokens]
    mention.key = " ".join(lows).replace("’s", "").replace("'s", "").strip()
    mention.surname = mention.key.split()[-1] if mention.key else ""
    if len(name_tokens) >= 2 and lx.FIRST_NAMES.get(lows[0]) in ("m", "f"):
        mention.gender = lx.FIRST_NAMES[lows[0]]
    for t in title_tokens + outer_tokens:
        mention.gender = GENDERED.get(t.lower_, mention.gender)
    if mention.org_evidence > mention.person_evidence or (
        mention.org_evidence == mention.person_evidence and (len(name_tokens) == 1 or mention.person_evidence == 0)
    ):  # no sign of a person: "Brightwater Mining"
        mention.kind = _org_kind(name_tokens, mention)
        mention.identity = None
    return mention


GENDERED = {
    "mr.": "m",
    "mr": "m",
    "sir": "m",
    "lord": "m",
    "congressman": "m",
    "assemblyman": "m",
    "councilman": "m",
    "spokesman": "m",
    "chairman": "m",
    "king": "m",
    "prince": "m",
    "mrs.": "f",
    "mrs": "f",
    "ms.": "f",
    "ms": "f",
    "miss": "f",
    "dame": "f",
    "lady": "f",
    "queen": "f",
    "princess": "f",
    "congresswoman": "f",
    "spokeswoman": "f",
    "chairwoman": "f",
}


def _in_quoted_title(doc, lo: int, hi: int) -> bool:
    """Whether the run stands in a quoted, capitalised title ("“The Wit and Wisdom of Martin Ashby”")."""
    k = lo - 1
    while (k >= 0 and lo - k <= 8 and doc[k].text[:1].isupper()) or (
        k >= 0 and doc[k].lower_ in ("of", "and", "the", "a", "for")
    ):
        k -= 1
    return k >= 0 and doc[k].text in '“"‘' and any(doc[j].text in '”"’' for j in range(hi, min(len(doc), hi + 3)))


def _run_root(run: list[Token]) -> Token:
    ids = {t.i for t in run}
    for t in run:
        if t.head.i not in ids or t.head is t:
            return t
    return run[-1]


def _org_kind(name_tokens: list[Token], mention: Mention) -> str:
    name = " ".join(t.text for t in name_tokens)
    last = name_tokens[-1].lower_
    if "outlet" in mention.signals or (last in lx.OUTLET_ENDINGS and len(name_tokens) >= 2):
        return "outlet"
    if name in lx.PLACES or "place" in mention.signals:
        return "government"
    if name.lower() in lx.GOVERNMENT_BODIES or last in lx.GOVERNMENT_ENDINGS:
        return "government"
    if "ner-place" in mention.signals and "org-word" not in mention.signals and "acronym" not in mention.signals:
        return "government"
    return "organisation"
