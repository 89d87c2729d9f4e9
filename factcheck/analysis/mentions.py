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
places, acronyms, and (in ``sources``) how the same name is used elsewhere in the article.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Token

from factcheck.analysis import lexicons as lx
from factcheck.analysis.pipeline import SENTENCE_OPENERS

# A run of capitalised words longer than this (a list of names, a headline in capitals) is read in pieces:
# the work per name is bounded.
MAX_NAME_TOKENS = 12
PERSON_PRONOUNS = {"he": "m", "him": "m", "his": "m", "she": "f", "her": "f", "hers": "f"}
PLURAL_PRONOUNS = frozenset({"they", "them", "their", "we", "us"})
THING_PRONOUNS = frozenset({"it", "its"})
FIRST_PERSON = frozenset({"i", "me", "my", "we", "us", "our"})
DETERMINERS = frozenset({"the", "a", "an", "this", "that", "these", "those", "its", "their", "his", "her"})
NAME_JOINERS = frozenset({"of", "for", "the", "and", "&", "de", "van", "von", "al", "bin", "la", "le", "du", "da", "-"})
# Title categories that identify a person by themselves (an office a reader can check); the others
# (corporate, organisation, media_office, campaign, military, academic_office, honorific) need a named
# organisation with them.
IDENTIFYING_TITLES = frozenset(
    {"political", "government", "diplomatic", "judicial", "law_enforcement", "royal", "religious"}
)
PSEUDONYM_MARKERS = (
    "not his real name",
    "not her real name",
    "not their real name",
    "not its real name",
    "a pseudonym",
    "not his actual name",
    "not her actual name",
    "name has been changed",
    "names have been changed",
    "name was changed",
    "not be named",
    "not be identified",
    "withheld",
    "asked to be identified only",
    "identified only by",
)
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
MONTHS_DAYS = frozenset(
    [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ]
)
RESIDENCE_VERBS = frozenset(
    {"live", "work", "reside", "teach", "study", "serve", "run", "own", "head", "lead", "chair"}
)
HUMAN_SUFFIXES = ("er", "or", "ist", "ian", "ant", "ent", "man", "woman", "person", "eer", "ee")


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


# ---------------------------------------------------------------------------------------------------


def _is_propn(t: Token) -> bool:
    if t.pos_ == "PROPN" or t.tag_ in ("NNP", "NNPS"):
        return t.text[:1].isupper()
    # capitalised word inside a sentence that the tagger took for a noun or adjective ("Weather")
    return (
        t.text[:1].isupper()
        and not t.is_sent_start
        and t.pos_ in ("NOUN", "ADJ", "X")
        and t.lower_ not in lx.TITLE_CATEGORY
        and not (t.i > 0 and t.nbor(-1).text in '“"‘:')
    )


def name_run(head: Token) -> tuple[int, int]:
    """Token range of the proper-noun run around ``head``, with the words that join one name ("Bank of
    America", "Procter & Gamble"); "and" joins only inside an organisation's name ("Centre for Disease
    Prevention and Control"), not two people ("Bill and Hillary Clinton"). The same run is found from
    any of its words."""
    doc = head.doc
    sent = head.sent
    lo = hi = head.i
    while head.i - lo < MAX_NAME_TOKENS and (
        (lo > sent.start and _is_propn(doc[lo - 1]))
        or (lo - 2 >= sent.start and _joins(doc, lo - 1) and _is_propn(doc[lo - 2]))
        or (lo - 2 >= sent.start and doc[lo - 1].text == "." and _is_propn(doc[lo - 2]) and len(doc[lo - 2].text) == 1)
    ):
        lo -= 1
    while hi - lo < 2 * MAX_NAME_TOKENS and (
        (hi + 1 < sent.end and _is_propn(doc[hi + 1]))
        or (hi + 2 < sent.end and _joins(doc, hi + 1) and _is_propn(doc[hi + 2]))
    ):
        hi += 1
    first = doc[lo - 1] if lo > sent.start else None
    if (
        first is not None
        and first.i == sent.start
        and first.text[:1].isupper()
        and first.pos_ in ("NOUN", "ADJ", "X")
        and (first.lower_ not in SENTENCE_OPENERS and first.lower_ not in lx.TITLE_CATEGORY)
    ):
        lo -= 1  # "Brightwater Mining opened ...": a capitalised word opening the sentence, in the name
    while lo < hi and doc[lo].lower_ in NAME_JOINERS:
        lo += 1
    while hi > lo and doc[hi].lower_ in NAME_JOINERS:
        hi -= 1
    return lo, hi + 1


def _joins(doc, k: int) -> bool:
    """Whether the word at ``k`` joins the proper nouns around it into one name."""
    low = doc[k].lower_
    if low not in NAME_JOINERS or low == "the":
        return False
    if low == "and":
        # inside an organisation's name: an organisation word before it in the same run of capitals
        j = k - 1
        while j >= doc[k].sent.start and (_is_propn(doc[j]) or doc[j].lower_ in ("of", "for")):
            if doc[j].lower_ in lx.ORG_ENDINGS:
                return True
            j -= 1
        return False
    return True


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


def _text(tokens: list[Token]) -> str:
    out = []
    for t in tokens:
        out.append(t.text + t.whitespace_)
    return "".join(out).strip(" ,;:—–-()\"“”'‘’")


def _names_something(tokens: list[Token]) -> str | None:
    """The proper noun in a description that ties a person to something checkable: a named organisation,
    place (not a whole country alone), person or work. None if there is none."""
    for t in tokens:
        if not (
            _is_propn(t)
            or (
                t.is_sent_start
                and t.text[:1].isupper()
                and t.tag_ in ("NNP", "NNPS", "NN")
                and t.lower_ not in lx.TITLE_CATEGORY
                and t.lower_ not in lx.GENERIC_DESCRIPTORS
            )
        ):
            continue  # (a capitalised noun opening the sentence may be a name: "Millbrook resident Peter Lang")
        if t.is_sent_start and t.pos_ not in ("PROPN", "NOUN", "ADJ"):
            continue
        if (
            t.text in lx.COUNTRIES
            or t.text in lx.DEMONYMS
            or t.text.rstrip(".") in ("U.S", "US", "UK", "U.K", "EU", "UN")
        ):
            continue
        if t.lower_ in MONTHS_DAYS or t.lower_ in lx.TITLE_CATEGORY or t.lower_ in lx.GENERIC_DESCRIPTORS:
            continue
        if _is_propn(t):
            lo, hi = name_run(t)
            return _join([t.doc[k] for k in range(lo, hi)])  # the whole name: "University of Utah"
        return t.text
    return None


def _definite_org(tokens: list[Token]) -> str | None:
    """A definite organisation noun in a description ("for the school system", "association director")."""
    for t in tokens:
        if t.pos_ != "NOUN":
            continue
        low = t.lower_
        if (low in lx.ORG_HEADS or low in ("system", "district", "firm", "company", "newspaper", "station")) and (
            t.dep_ == "compound"
            or any(c.lower_ in ("the", "this", "that") for c in t.children)
            or any(c.dep_ == "nmod:poss" for c in t.children)
        ):
            return low
    return None


def _descriptions(run_head: Token, run: tuple[int, int]) -> list[list[Token]]:
    """Phrases around a name that describe its bearer.

    Read both on the tree (modifiers inside the name's noun phrase, an appositive, a relative clause,
    "of/at/for" phrases, a possessor, the noun phrase the name is an appositive of) and on the words
    around the name (the modifiers right before it, a comma-delimited appositive or a "who" clause right
    after it, a bracket), so that a parse error does not lose a description."""
    doc = run_head.doc
    sent = run_head.sent
    out: list[list[Token]] = []
    for child in run_head.children:
        if child.i >= run[1] and child.dep_ in ("appos", "acl:relcl", "acl", "nmod", "amod"):
            out.append(list(child.subtree))
    if run_head.dep_ == "nsubj" and run_head.head.lemma_.lower() in RESIDENCE_VERBS:
        verb = run_head.head  # "Lang lives in Millbrook", "Smith works at the Institute"
        out.append([t for t in verb.subtree if t.i >= run[1]])
    if run_head.dep_ == "appos" and run_head.head.i < run[0] and _role([run_head.head]) is not None:
        noun = run_head.head  # "the education secretary, Gareth Pryce"
        out.append([*_left_words(doc, noun.i, sent.start), noun])
    # left: "defense analyst", "association executive director", "Rice University historian", "the ACLU's"
    left = _left_words(doc, run[0], sent.start)
    if left:
        out.append(left)
    # right: ", managing director of X, a cyber security firm," / " who is the ... manager" / " (not his real name)"
    k = run[1]
    if k < sent.end and doc[k].text in ",(":
        bracket = doc[k].text == "("
        k += 1
        j = k
        clause = False
        while j < sent.end and j - k < 30:
            t = doc[j]
            if bracket and t.text == ")":
                break
            if not bracket and (
                t.text in '“”";:'
                or (
                    t.tag_ in ("VBD", "VBZ", "VBP", "MD")
                    and t.dep_ not in ("acl:relcl",)
                    and not any(doc[x].lower_ in ("who", "which", "that") for x in range(k, j))
                )
            ):
                # "According to Reuters, the talks collapsed": what follows the comma is a clause's subject
                clause = t.tag_ in ("VBD", "VBZ", "VBP", "MD") and not any(doc[x].text == "," for x in range(k, j))
                break
            j += 1
        if j > k and not clause:
            out.append([doc[x] for x in range(k, j)])
    elif k < sent.end and doc[k].lower_ in ("who", "whose"):
        j = k
        while j < sent.end and j - k < 30 and doc[j].text not in ',;:“”"':
            j += 1
        out.append([doc[x] for x in range(k, j)])
    return out


def _left_words(doc, start: int, limit: int) -> list[Token]:
    """The modifiers right before a name inside its noun phrase: nouns, adjectives, proper nouns, titles
    and possessives, up to a determiner, a verb or punctuation (at most eight words; a bracketed acronym
    does not stop them: "Pan American Health Organization (PAHO) Director")."""
    k = start - 1
    while k >= limit and start - k <= 12:
        t = doc[k]
        if t.text == ")" and k - 2 >= limit and doc[k - 2].text == "(" and doc[k - 1].text.isupper():
            k -= 3
            continue
        if (
            t.pos_ in ("NOUN", "PROPN", "ADJ", "NUM")
            or t.tag_ == "POS"
            or t.lower_ in ("-", "of", "'s", "’s", "&", "for")
            or (t.lower_ in lx.TITLE_CATEGORY or t.lower_ in lx.DESCRIPTOR_CATEGORY)
            or (t.tag_ in ("VBN", "VBD") and t.lower_.endswith("ed") and k + 1 < start)
        ):  # "retired", "embattled"
            k -= 1
            continue
        break
    while k + 1 < start and doc[k + 1].lower_ in ("of", "for", "-", "&"):
        k += 1
    return [doc[j] for j in range(k + 1, start)]


def identity_of(
    descriptions: list[list[Token]], title_category: str | None, title: str | None
) -> tuple[str | None, str | None, str | None, bool]:
    """(identity words, affiliation, generic descriptor, pseudonym) from a person's descriptions."""
    identity = affiliation = generic = None
    pseudonym = False
    if title is not None and title_category in IDENTIFYING_TITLES:
        identity = title
    retired = title_category == "military" and any(
        t.lower_ in ("retired", "former", "ex") for tokens in descriptions for t in tokens
    )
    for tokens in descriptions:
        text = _text(tokens)
        low = text.lower()
        if not text:
            continue
        if any(marker in low for marker in PSEUDONYM_MARKERS):
            pseudonym = True
            continue
        named = _names_something(tokens)
        role = _role(tokens)
        if retired and lx.TITLE_CATEGORY.get(role or "") == "military":
            named = None  # "retired Army Colonel Jane Doyle": a former rank and its branch identify no one
        if named is not None and (
            role is not None
            or any(t.lower_ in ("of", "at", "for", "with", "from", "to", "in", "'s", "’s") for t in tokens)
            or any(t.dep_ == "nmod:poss" for t in tokens)
            or title is not None
            or len(tokens) <= 6
        ):
            identity = identity or text
            affiliation = affiliation or named
            continue
        if role is not None and lx.TITLE_CATEGORY.get(role) in IDENTIFYING_TITLES:
            identity = identity or text
            continue
        org = _definite_org(tokens)
        if org is not None and (role is not None or title is not None):
            identity = identity or text
            continue
        if role is not None or any(t.lower_ in lx.GENERIC_DESCRIPTORS for t in tokens):
            generic = generic or text
    if title is not None and identity is None and generic is None:
        generic = title
    return identity, affiliation, generic, pseudonym


def _role(tokens: list[Token]) -> str | None:
    """The role noun of a description ("astronomer", "managing director", "spokesperson"), if any."""
    lows = [t.lower_ for t in tokens]
    for width in (3, 2, 1):
        for k in range(len(tokens) - width + 1):
            phrase = " ".join(lows[k : k + width])
            if phrase in lx.TITLE_CATEGORY or phrase in lx.GENERIC_DESCRIPTORS:
                return phrase
    for t in tokens:
        if t.pos_ in ("NOUN", "PROPN") and (
            t.lower_ in lx.TITLE_CATEGORY or t.lower_ in lx.GENERIC_DESCRIPTORS or t.lower_ in lx.ANONYMOUS_HEADS
        ):
            return t.lower_
    for t in tokens:
        if t.pos_ == "NOUN" and len(t.text) > 4 and t.lower_.endswith(HUMAN_SUFFIXES):
            return t.lower_
    return None


# ---------------------------------------------------------------------------------------------------


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
        else _names_something([t for t in title_tokens if t.lower_ not in lx.TITLE_CATEGORY])
    )
    # Words right before the run ("association executive director Tom Reilly", "Dr Benoit", "Sen. Marsh");
    # "director of X", "at X": what follows a preposition is a body, not a person.
    outer_tokens = _left_words(doc, lo, head.sent.start)
    before = doc[lo - 1] if lo > head.sent.start else None
    after_preposition = before is not None and before.lower_ in ("of", "at", "for", "from", "with", "by")
    if outer_tokens and category is None and not after_preposition:
        o_split, o_cat = _title_split(outer_tokens)
        if o_cat is not None and o_split == len(outer_tokens):
            category = o_cat
            title = " ".join(t.text for t in outer_tokens if t.lower_ not in DETERMINERS) or None
    elif outer_tokens and title_tokens and not after_preposition:
        title = _text(outer_tokens + title_tokens)  # "Finance" + "Minister"
    start_char = base + doc[lo].idx
    end_char = base + doc[name_tokens[-1].i].idx + len(name_tokens[-1].text)
    mention = Mention(
        kind="person", name=_join(name_tokens), start=start_char, end=end_char, tokens=(lo, name_tokens[-1].i + 1)
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
    descriptions = _descriptions(_run_root(name_tokens), (lo, name_tokens[-1].i + 1))
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
        role = _role(tokens)
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
    mention.descriptor = "; ".join(dict.fromkeys(d.rstrip(" .") for d in map(_text, descriptions) if d)) or None
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


def _join(tokens: list[Token]) -> str:
    name = "".join(t.text + t.whitespace_ for t in tokens).strip()
    return name[:-2] if name.endswith(("'s", "’s")) else name


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


def is_people_word(token: Token) -> bool:
    """Whether a common noun can name people who speak: officials, critics, a spokesperson, residents,
    an astronomer ("the coming weeks", "the need", "modelling" cannot)."""
    for word in (token.lower_, token.lemma_.lower()):
        if (
            word in lx.ANONYMOUS_HEADS
            or word in lx.TITLE_CATEGORY
            or word in lx.GENERIC_DESCRIPTORS
            or word in lx.ANONYMOUS_QUANTIFIERS
        ):
            return True
    return len(token.text) > 4 and token.lower_.endswith(
        (*HUMAN_SUFFIXES, "ers", "ors", "ists", "ians", "men", "people")
    )


def describe_common(head: Token, span: tuple[int, int], base: int) -> Mention:
    """A mention for a source phrase headed by a common noun, a pronoun or a number.

    Its kind: a pronoun; a person an appositive names ("the education secretary, Gareth Pryce");
    a document, outlet, organisation or government body (tied to a named one when a possessor or a
    for/of/from/by phrase names it: "a report by X", "Bloomberg's campaign"); a spokesperson (speaking
    for the body named with them); "tied" (a statement or remarks of a named source: "statements from the
    Kremlin"); a definite description of a person or organisation named elsewhere ("the director", "the
    grocery giant"); unnamed people ("officials", "a senior official": kind group); or "none" for a
    phrase that names no possible speaker ("the coming weeks")."""
    doc = head.doc
    if head.pos_ in ("NUM", "PRON", "DET", "ADJ"):
        # "one of the mayor's advisers", "some of the residents": a member of the group named after "of"
        group = next(
            (
                c
                for c in head.children
                if c.dep_ == "nmod" and c.i > head.i and c.pos_ == "NOUN" and any(g.lower_ == "of" for g in c.children)
            ),
            None,
        )
        if group is not None:
            head = group
    tokens = [doc[k] for k in range(*span)]
    low = head.lower_
    lemma = head.lemma_.lower() or low
    start_char = base + doc[span[0]].idx
    end_char = base + doc[span[1] - 1].idx + len(doc[span[1] - 1].text)
    text = doc[span[0] : span[1]].text
    mention = Mention(kind="group", name=text, start=start_char, end=end_char, tokens=span, head=lemma)
    phrase_low = " ".join(t.lower_ for t in tokens)
    mention.anonymous_marker = any(marker in phrase_low for marker in lx.ANONYMITY_MARKERS) or "anonym" in phrase_low
    mention.pseudonym = any(marker in phrase_low for marker in PSEUDONYM_MARKERS)
    mention.plural = head.tag_ in ("NNS", "NNPS") or "Number=Plur" in str(head.morph)
    if head.pos_ == "PRON" or low in PERSON_PRONOUNS or low in PLURAL_PRONOUNS or low in THING_PRONOUNS:
        mention.kind = "pronoun"
        mention.head = low
        mention.gender = PERSON_PRONOUNS.get(low)
        mention.plural = low in PLURAL_PRONOUNS
        return mention
    # "the education secretary, Gareth Pryce", "international relations scholar Dr. Elena Kovalenko"
    name = next((t for t in tokens if t.i > head.i and _is_propn(t) and t.lower_ not in lx.TITLE_CATEGORY), None)
    if name is not None and (is_people_word(head) or head.pos_ == "PROPN"):
        named = describe_name(name, base)
        if named.kind == "person":
            before = [t for t in tokens if t.i < named.tokens[0]]
            identity, affiliation, generic, _ = identity_of(
                [before], lx.TITLE_CATEGORY.get(low), low if low in lx.TITLE_CATEGORY else None
            )
            named.descriptor = "; ".join(filter(None, [_text(before), named.descriptor])) or None
            named.identity = named.identity or identity
            named.affiliation = named.affiliation or affiliation
            named.generic = named.generic or generic
            named.start, named.end, named.tokens = start_char, end_char, span
            return named
    tie = tie_of(head)
    mention.tie = tie
    mention.affiliation = tie.text if tie is not None else None
    if lemma in lx.DOCUMENT_NOUNS or low in lx.DOCUMENT_NOUNS:
        mention.kind = "document"
        mention.identified = (
            tie is not None or _names_something(tokens) is not None or any(t.text in '“"' for t in tokens)
        )
        mention.definite = any(c.lower_ in ("the", "this", "that") and c.dep_ == "det" for c in head.children)
        return mention
    if (lemma in lx.CUE_NOUNS or low in lx.CUE_NOUNS) and tie is not None:
        mention.kind = "tied"  # "statements from the Kremlin", "remarks by the minister"
        return mention
    if lemma in lx.OUTLET_HEADS or low in lx.OUTLET_HEADS:
        mention.kind = "outlet" if tie is not None else "description"
        mention.identified = tie is not None
        return mention
    quantified = any(c.lower_ in lx.ANONYMOUS_QUANTIFIERS for c in head.children)
    if low in INSTITUTIONAL and not quantified:
        mention.kind = "government" if low != "authorities" else "description"
        mention.head = low
        mention.identified = True
        return mention
    if lemma in lx.ORG_HEADS or low in lx.ORG_HEADS:
        mention.kind = _org_head_kind(head)
        mention.identified = tie is not None
        return mention
    if lemma in SPOKESPEOPLE or low in SPOKESPEOPLE:
        mention.kind = "spokesperson"  # speaks for the organisation named with them
        mention.identified = tie is not None
        return mention
    definite = any(t.lower_ in ("the", "this", "that") and t.dep_ == "det" for t in head.children)
    if definite and not mention.plural and not mention.anonymous_marker:
        # "the director", "the former mayor", "the billionaire", "the grocery giant": named elsewhere
        mention.kind = "description"
        return mention
    if not is_people_word(head) and not quantified:
        mention.kind = "none"
        return mention
    mention.kind = "group"
    return mention


INSTITUTIONAL = frozenset(
    {"police", "authorities", "government", "administration", "feds", "court", "jury", "tribunal"}
)
SPOKESPEOPLE = frozenset(
    {
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "spokespeople",
        "spokesmen",
        "spokeswomen",
        "representative",
        "press officer",
        "press secretary",
    }
)


def _org_head_kind(head: Token) -> str:
    low = head.lemma_.lower()
    if (
        low in lx.GOVERNMENT_HEADS and low not in ("board", "committee", "council")
    ) or head.lower_ in lx.GOVERNMENT_HEADS:
        return "government" if low not in ("group",) else "organisation"
    return "organisation"


def tie_of(head: Token) -> Token | None:
    """The proper noun that ties a common noun to a named body: its possessor ("Bloomberg's campaign"), a
    for/of/from/at/by/with phrase ("a spokesperson for Sheffield University"), or a name before it
    ("the PAHO Director")."""
    for child in head.children:
        if child.dep_ == "nmod:poss" and _is_propn(child):
            return child
        if child.dep_ in ("nmod", "obl", "acl") and child.i > head.i:
            words = list(child.subtree)
            if any(t.lower_ in ("for", "of", "from", "at", "by", "with") for t in words[:2]):
                named = next((t for t in words if _is_propn(t) and _names_something([t]) is not None), None)
                if named is not None:
                    return named
        if child.dep_ == "compound" and child.i < head.i and _is_propn(child) and _names_something([child]) is not None:
            return child
    # the parser hung "for OpenAI" elsewhere: read it on the words right after the noun
    doc = head.doc
    k = head.i + 1
    if k + 1 < head.sent.end and doc[k].lower_ in ("for", "of", "at", "from", "with"):
        j = k + 1
        while j < head.sent.end and doc[j].lower_ in ("the",):
            j += 1
        if j < head.sent.end and _is_propn(doc[j]) and _names_something([doc[j]]) is not None:
            return doc[j]
    return None
