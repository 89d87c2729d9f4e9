"""Passives and hedges: reports whose source is an agent, or that the text gives no source for.

``passive(view, verb, lemma)``: a passive with an agent ("was announced by the ministry") is an ordinary
attribution; an agentless passive of a report or belief verb ("it is believed that", "is said to", "was
assumed to be", ``hedges.txt``) is a hedge; of any other reporting verb ("was accused of") a report kept
without a source, deciding nothing. ``hedge_adverb``: "reportedly", "allegedly".
"""

from __future__ import annotations

from spacy.tokens import Token

from factcheck.analysis import lexicons as lx
from factcheck.analysis.model import AttributionKind
from factcheck.analysis.sentence_view import PASSIVE_SUBJECTS, SUBJECTS, Found, SentenceView, child_with, infinitive_of


def passive(view: SentenceView, verb: Token, lemma: str) -> None:
    """The attribution of a passive reporting verb (or adjective), if it has one, added to ``view.found``."""
    agent = next(
        (
            c
            for c in verb.children
            if c.dep_ == "obl:agent"
            or (c.dep_ == "obl" and any(g.lower_ == "by" and g.dep_ == "case" for g in c.children))
        ),
        None,
    )
    expletive = any(
        c.dep_ in ("expl", "expl:pass") or (c.dep_ in PASSIVE_SUBJECTS and c.lower_ == "it") for c in verb.children
    )
    clause = child_with(verb, ("ccomp",)) or infinitive_of(verb)
    subject = child_with(verb, PASSIVE_SUBJECTS) or (child_with(verb, SUBJECTS) if verb.pos_ == "ADJ" else None)
    if agent is not None and agent.pos_ in ("NOUN", "PROPN", "PRON"):
        # "was announced by the ministry", "it was reported by Reuters that ..."
        if clause is not None:
            content = view.span(clause.subtree)
        elif subject is not None and not expletive:
            content = view.span(subject.subtree)
        else:
            return
        if content is not None:
            category = lx.REPORTING_VERB_CATEGORY.get(lemma, "speech")
            view.found.append(
                Found(
                    AttributionKind.INDIRECT,
                    view.cue([verb]),
                    agent,
                    view.source_span(agent, verb),
                    content,
                    lemma,
                    category,
                )
            )
        return
    if lemma not in lx.HEDGE_PASSIVE_LEMMAS:
        subject = subject or child_with(verb, SUBJECTS)  # the parser sometimes gives a passive a plain subject
        if subject is not None and not expletive and verb.pos_ == "VERB":
            # "He has been criticized for policies that ...", "was accused of using ...": a report whose
            # source the text does not give; kept, not deciding the status (it is no hedge either)
            after = [c for c in verb.children if c.i > verb.i and c.dep_ in ("obl", "xcomp", "advcl", "ccomp")]
            tokens = [t for c in after for t in c.subtree] or list(subject.subtree)
            content = view.span(sorted(tokens, key=lambda t: t.i))
            if content is not None:
                category = lx.REPORTING_VERB_CATEGORY.get(lemma, "speech")
                view.found.append(
                    Found(
                        AttributionKind.INDIRECT,
                        view.cue([verb]),
                        None,
                        None,
                        content,
                        lemma,
                        category,
                        counts=False,
                    )
                )
        return
    # "it is believed that ...", "X is said to ...", "X was assumed to be beyond repair"
    if clause is not None:
        tokens = list(clause.subtree)
        if clause.dep_ != "ccomp" and subject is not None and not expletive:
            tokens = sorted([*subject.subtree, *tokens], key=lambda t: t.i)
    elif subject is not None and subject.dep_ == "csubj:pass":
        tokens = list(subject.subtree)
    else:
        return
    content = view.span(tokens)
    if content is None:
        return
    aux = [c for c in verb.children if c.dep_ in ("aux:pass", "aux") and c.i < verb.i]
    cue = view.cue([verb])
    if aux:
        cue = (view.base + aux[-1].idx, cue[1])
    view.found.append(Found(AttributionKind.HEDGE, cue, None, None, content, lemma, "hedge"))


def hedge_adverb(view: SentenceView, adverb: Token) -> None:
    """A hedge over what the adverb modifies ("reportedly"), added to ``view.found``."""
    head = adverb.head if adverb.head is not adverb else adverb
    own = {t.i for t in adverb.subtree}
    tokens = [t for t in head.subtree if t.i not in own] if head is not adverb else list(view.sent)
    content = view.span(tokens)
    if content is not None:
        view.found.append(Found(AttributionKind.HEDGE, view.cue([adverb]), None, None, content, adverb.lower_, "hedge"))
