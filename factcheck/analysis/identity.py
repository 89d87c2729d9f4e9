"""What the words around a name say about who a person is, and whether that identifies them.

``descriptions_around(run_head, run)`` collects the phrases that describe a name's bearer (the modifiers
before it, an appositive, a relative clause, "of"/"at"/"for" phrases, a possessor), read both on the tree
and on the words; ``identity_of(descriptions, ...)`` decides by the rules of the shared GUIDELINES.md: an
office, or a role tied to a named organisation, place, person or work, identifies; a generic descriptor
alone ("defense analyst", "a former director of student services") does not; a pseudonym ("not his real
name") makes the person anonymous.
"""

from __future__ import annotations

from spacy.tokens import Token

from factcheck.analysis import lexicons as lx
from factcheck.analysis.names import is_propn, join_name, name_run, phrase_text

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


def names_something(tokens: list[Token]) -> str | None:
    """The proper noun in a description that ties a person to something checkable: a named organisation,
    place (not a whole country alone), person or work. None if there is none."""
    for t in tokens:
        if not (
            is_propn(t)
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
        if is_propn(t):
            lo, hi = name_run(t)
            return join_name([t.doc[k] for k in range(lo, hi)])  # the whole name: "University of Utah"
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


def descriptions_around(run_head: Token, run: tuple[int, int]) -> list[list[Token]]:
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
    if run_head.dep_ == "appos" and run_head.head.i < run[0] and role_of([run_head.head]) is not None:
        noun = run_head.head  # "the education secretary, Gareth Pryce"
        out.append([*left_words(doc, noun.i, sent.start), noun])
    # left: "defense analyst", "association executive director", "Rice University historian", "the ACLU's"
    left = left_words(doc, run[0], sent.start)
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


def left_words(doc, start: int, limit: int) -> list[Token]:
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
        text = phrase_text(tokens)
        low = text.lower()
        if not text:
            continue
        if any(marker in low for marker in PSEUDONYM_MARKERS):
            pseudonym = True
            continue
        named = names_something(tokens)
        role = role_of(tokens)
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


def role_of(tokens: list[Token]) -> str | None:
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
