"""Proper names on the parse: which words are proper nouns, and where the words of one name begin and end.

The lowest layer of the reading of source phrases (``identity``, ``mentions``, ``common_nouns``, ``cast``
and ``sources`` build on it): ``is_propn`` (a proper noun, also a capitalised word the tagger took for a
common one), ``name_run`` (the token range of one name with the words that join it: "Bank of America"),
and the text of a run of tokens as a name (``join_name``) or as a description (``phrase_text``).
"""

from __future__ import annotations

from spacy.tokens import Token

from factcheck.analysis import lexicons as lx
from factcheck.analysis.pipeline import SENTENCE_OPENERS

# A run of capitalised words longer than this (a list of names, a headline in capitals) is read in pieces:
# the work per name is bounded.
MAX_NAME_TOKENS = 12
NAME_JOINERS = frozenset({"of", "for", "the", "and", "&", "de", "van", "von", "al", "bin", "la", "le", "du", "da", "-"})


def is_propn(t: Token) -> bool:
    """Whether a word is a proper noun: tagged as one and capitalised, or capitalised inside a sentence."""
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
        (lo > sent.start and is_propn(doc[lo - 1]))
        or (lo - 2 >= sent.start and _joins(doc, lo - 1) and is_propn(doc[lo - 2]))
        or (lo - 2 >= sent.start and doc[lo - 1].text == "." and is_propn(doc[lo - 2]) and len(doc[lo - 2].text) == 1)
    ):
        lo -= 1
    while hi - lo < 2 * MAX_NAME_TOKENS and (
        (hi + 1 < sent.end and is_propn(doc[hi + 1]))
        or (hi + 2 < sent.end and _joins(doc, hi + 1) and is_propn(doc[hi + 2]))
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
        while j >= doc[k].sent.start and (is_propn(doc[j]) or doc[j].lower_ in ("of", "for")):
            if doc[j].lower_ in lx.ORG_ENDINGS:
                return True
            j -= 1
        return False
    return True


def phrase_text(tokens: list[Token]) -> str:
    """The words as written, without commas, colons, dashes, brackets or quotation marks at either end."""
    out = []
    for t in tokens:
        out.append(t.text + t.whitespace_)
    return "".join(out).strip(" ,;:—–-()\"“”'‘’")


def join_name(tokens: list[Token]) -> str:
    """The words of a name as written, without a possessive "'s" at its end."""
    name = "".join(t.text + t.whitespace_ for t in tokens).strip()
    return name[:-2] if name.endswith(("'s", "’s")) else name
