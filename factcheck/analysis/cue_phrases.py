"""Cues that are not reporting verbs: "according to X", the settings of a finding, and speech nouns.

``source_after``: "according to X" and the other phrases after which the source follows
(``cue_phrases.txt``: "per", "citing", "quoting", ...). ``document_setting``: a finding set in a document
by a preposition ("In the latest Gallup poll, ...", "by one estimate": ``document_settings.txt``).
``cue_noun``: a speech noun with its possessor or by-phrase and a that-clause ("his claim that ...", "a
statement by the ministry that ...").
"""

from __future__ import annotations

from spacy.tokens import Token

from factcheck.analysis import lexicons as lx
from factcheck.analysis.model import AttributionKind
from factcheck.analysis.sentence_view import NOT_SOURCES, Found, SentenceView, verb_lemma


def _names_a_source(noun: str) -> bool:
    """Whether a common noun names something a claim can rest on: a document, an unnamed person or group,
    an office or a role, an organisation."""
    return (
        noun in lx.DOCUMENT_NOUNS
        or noun in lx.ANONYMOUS_HEADS
        or noun in lx.TITLES_OFFICES
        or noun in lx.GENERIC_DESCRIPTORS
        or noun in lx.ORG_HEADS
    )


def _fronted(view: SentenceView, phrase: Token) -> bool:
    """Whether the phrase at the sentence's start is set off by a comma after it."""
    k = max(t.i for t in phrase.subtree if not t.is_punct) + 1
    return k < view.sent.end and view.doc[k].text == ","


def document_setting(view: SentenceView, case: Token) -> bool:
    """'In the latest Gallup poll, the mayor leads by 5 points', 'by one estimate': a figure or finding
    set in a document that the preposition names; the document is the source, the rest what it says."""
    noun = case.head
    if (
        case.dep_ != "case"
        or noun.i < case.i
        or noun.pos_ != "NOUN"
        or noun.lower_ not in lx.DOCUMENT_SETTINGS[case.lower_]
        or view.quoted(case)
        or not any(c.dep_ in ("det", "amod", "nummod", "compound", "nmod:poss") for c in noun.children)
        # of a clause, also fronted ("By one estimate, ..."); not "his rise in the polls": a standing
        or not (noun.dep_ == "obl" or (case.i == view.sent.start and _fronted(view, noun)))
        or verb_lemma(noun.head) is not None  # "noted in its annual report": where a source said it
    ):
        return False
    phrase = {t.i for t in noun.subtree} | {case.i}
    rest = [t for t in view.sent if t.i not in phrase]
    content = view.span(rest)
    if content is None or sum(1 for t in rest if t.pos_ in ("VERB", "AUX")) == 0:
        return False
    words = [t.i for t in noun.subtree if not t.is_punct and t.i != case.i]
    lo, hi = min(words), max(words) + 1
    cue = view.cue([case])
    view.found.append(Found(AttributionKind.ACCORDING_TO, cue, noun, (lo, hi), content, case.lower_, "speech"))
    return True


def source_after(view: SentenceView, first: Token) -> bool:
    """'according to X' from its first word: the source after the phrase, and the larger side of the
    sentence as what it says, added to ``view.found``; whether one was."""
    phrase_end = None
    for candidate in lx.SOURCE_AFTER_PHRASES.get(first.lower_, ()):
        words = candidate.split()
        end = first.i + len(words)
        if end <= view.sent.end and [view.doc[k].lower_ for k in range(first.i, end)] == words:
            phrase_end = end
            break
    if phrase_end is None or phrase_end >= view.sent.end:
        return False
    nxt = view.doc[phrase_end]
    if first.lower_ == "per" and not (nxt.pos_ == "PROPN" or nxt.lower_ == "the"):
        return False  # "$5 per hour"
    if first.lower_ in ("citing", "quoting") and first.dep_ not in ("advcl", "acl", "xcomp", "case"):
        return False
    source = None
    for k in range(phrase_end, min(view.sent.end, phrase_end + 12)):
        t = view.doc[k]
        if t.pos_ in ("NOUN", "PROPN", "PRON", "NUM"):
            source = t
            while (
                source.head is not source
                and phrase_end <= source.head.i < view.sent.end
                and source.dep_ in ("compound", "flat", "amod", "nmod:poss", "det", "nummod")
            ):
                source = source.head
            break
    if source is None:
        return False
    if (
        first.lower_ in ("citing", "quoting")
        and source.pos_ == "NOUN"
        and not _names_a_source(source.lower_)
        and not any(c.dep_ in ("nmod", "nmod:poss") and c.pos_ in ("PROPN", "PRON") for c in source.children)
    ):
        # "blocked the sale, citing a threat to public health": a reason the subject gives, not a source
        # it relies on (as "citing federal data", "citing officials", "citing a report by ...")
        return False
    tokens = [t for t in source.subtree if phrase_end <= t.i < view.sent.end]
    lo = min(t.i for t in tokens) if tokens else source.i
    hi = max(t.i for t in tokens) + 1 if tokens else source.i + 1
    while hi > lo + 1 and view.doc[hi - 1].is_punct:
        hi -= 1  # "according to Reuters,": not the comma
    # the content: the rest of the sentence, the larger side of the phrase
    before = [t for t in view.sent if t.i < first.i]
    after = [t for t in view.sent if t.i >= hi]
    content_words = [t for t in before if not t.is_punct], [t for t in after if not t.is_punct]
    content = view.span(before if len(content_words[0]) >= len(content_words[1]) else after)
    if content is None:
        return False
    cue = view.cue([view.doc[k] for k in range(first.i, phrase_end)])
    lemma = " ".join(view.doc[k].lower_ for k in range(first.i, phrase_end))
    view.found.append(Found(AttributionKind.ACCORDING_TO, cue, source, (lo, hi), content, lemma, "speech"))
    return True


def cue_noun(view: SentenceView, noun: Token) -> None:
    """'his claim that ...', 'a statement by the ministry that ...', "Trump's tweet that ..."."""
    source = next((c for c in noun.children if c.dep_ == "nmod:poss"), None) or next(
        (
            c
            for c in noun.children
            if c.dep_ == "nmod"
            and c.i > noun.i
            and c.pos_ in ("PROPN", "NOUN")
            and any(g.lower_ in ("by", "from") and g.dep_ == "case" for g in c.children)
        ),
        None,
    )
    if source is None:
        # "a Daily Ledger report that ...": the name before the noun
        source = max(
            (c for c in noun.children if c.dep_ == "compound" and c.pos_ == "PROPN" and c.i < noun.i),
            key=lambda c: c.i,
            default=None,
        )
    clause = next(
        (
            c
            for c in noun.children
            if c.dep_ in ("acl", "ccomp")
            and c.i > noun.i
            and any(g.lower_ == "that" and g.dep_ == "mark" for g in c.children)
        ),
        None,
    )
    if source is None or source.lower_ in NOT_SOURCES:
        return
    if clause is not None:
        content = view.span(clause.subtree)
    elif noun.i + 1 < view.end and view.doc[noun.i + 1].lower_ == "that" and view.doc[noun.i + 1].dep_ == "mark":
        # "the mayor's claim that there have been ...", the clause misattached: what follows, to the end
        # of the sentence or a semicolon
        k = noun.i + 1
        while k < view.end and view.doc[k].text != ";":
            k += 1
        content = view.span([t for t in view.doc[noun.i + 1 : k] if not (t.is_punct and t.i == k - 1)])
    else:
        return
    if content is not None:
        view.found.append(
            Found(
                AttributionKind.INDIRECT,
                view.cue([noun]),
                source,
                view.source_span(source, noun),
                content,
                noun.lower_,
                lx.CUE_NOUN_CATEGORY.get(noun.lower_, "speech"),
            )
        )
