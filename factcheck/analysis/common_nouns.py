"""Source phrases headed by a common noun, a pronoun or a number: ``describe_common``.

What such a phrase is: a pronoun to resolve, a person an appositive names, a document, outlet,
organisation or government body (tied to a named one by ``tie_of``: "a report by X"), a spokesperson for
a body, a statement of a named source, a definite description of someone named elsewhere ("the
director"), unnamed people ("officials"), or no possible speaker ("the coming weeks"). Proper names are
read by ``mentions.describe_name``; what a phrase refers to is decided later, by ``sources.Registry``.
"""

from __future__ import annotations

from spacy.tokens import Token

from factcheck.analysis import lexicons as lx
from factcheck.analysis.identity import HUMAN_SUFFIXES, PSEUDONYM_MARKERS, identity_of, names_something
from factcheck.analysis.mentions import Mention, describe_name
from factcheck.analysis.names import is_propn, phrase_text

PERSON_PRONOUNS = {"he": "m", "him": "m", "his": "m", "she": "f", "her": "f", "hers": "f"}
PLURAL_PRONOUNS = frozenset({"they", "them", "their", "we", "us"})
THING_PRONOUNS = frozenset({"it", "its"})
FIRST_PERSON = frozenset({"i", "me", "my", "we", "us", "our"})


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
    name = next((t for t in tokens if t.i > head.i and is_propn(t) and t.lower_ not in lx.TITLE_CATEGORY), None)
    if name is not None and (is_people_word(head) or head.pos_ == "PROPN"):
        named = describe_name(name, base)
        if named.kind == "person":
            before = [t for t in tokens if t.i < named.tokens[0]]
            identity, affiliation, generic, _ = identity_of(
                [before], lx.TITLE_CATEGORY.get(low), low if low in lx.TITLE_CATEGORY else None
            )
            named.descriptor = "; ".join(filter(None, [phrase_text(before), named.descriptor])) or None
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
            tie is not None or names_something(tokens) is not None or any(t.text in '“"' for t in tokens)
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
        if child.dep_ == "nmod:poss" and is_propn(child):
            return child
        if child.dep_ in ("nmod", "obl", "acl") and child.i > head.i:
            words = list(child.subtree)
            if any(t.lower_ in ("for", "of", "from", "at", "by", "with") for t in words[:2]):
                named = next((t for t in words if is_propn(t) and names_something([t]) is not None), None)
                if named is not None:
                    return named
        if child.dep_ == "compound" and child.i < head.i and is_propn(child) and names_something([child]) is not None:
            return child
    # the parser hung "for OpenAI" elsewhere: read it on the words right after the noun
    doc = head.doc
    k = head.i + 1
    if k + 1 < head.sent.end and doc[k].lower_ in ("for", "of", "at", "from", "with"):
        j = k + 1
        while j < head.sent.end and doc[j].lower_ in ("the",):
            j += 1
        if j < head.sent.end and is_propn(doc[j]) and names_something([doc[j]]) is not None:
            return doc[j]
    return None
