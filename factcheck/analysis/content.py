"""What is reported: the content span of a reporting verb whose source is known.

``content_of(view, verb, lemma, category, source)`` reads, in turn: the verb's clausal complement, the
quotation or clause it follows ("'...,' he said"), a that-clause or clause the parser hung from the wrong
word, an object or to-infinitive where the verb's frame allows it (``verb_frames.txt``), a prepositional
object ("called for", "pointed to"), "X called Y Z", or what follows its colon ("said: ..."). A
complement that says nothing ("declined to comment") is no content. ``act_object`` is what a verb with no
reported content acts on ("promoting her plans"); ``stands_alone`` tells a reporting clause that is a
whole sentence ("Mr. Rosenthal said.").
"""

from __future__ import annotations

from spacy.tokens import Token

from factcheck.analysis import lexicons as lx
from factcheck.analysis.sentence_view import (
    ACTS,
    ADDRESSEE,
    EMPTY,
    FINITE,
    INFINITIVE,
    NAMING,
    NOT_SOURCES,
    OBJECT,
    OBJECT_CATEGORIES,
    PARENTHETICAL,
    PREPOSITIONS,
    QUOTE_CHARS,
    SUBJECTS,
    SentenceView,
    child_with,
    infinitive_of,
    is_negated,
    says_not,
    that_clause,
    verb_lemma,
)


def content_of(
    view: SentenceView, verb: Token, lemma: str, category: str, source: Token | None
) -> tuple[tuple[int, int] | None, bool]:
    """What the verb reports, in article offsets (None if nothing), and whether that is what follows the colon
    ending the sentence (the offsets then the colon's: "He said:" before a quotation)."""
    skip = set() if source is None else set(range(*view.source_span(source, verb)))
    if source is not None and source.i > verb.i:
        skip.update(range(verb.i + 1, source.i + 1))  # an inverted subject: "said retired General X"
    # of two clauses, the one after the verb ("Ann Roy, an aide who joined in May, said the plan ..." with
    # the relative clause parsed as a second complement)
    clauses = sorted((c for c in verb.children if c.dep_ == "ccomp" and c.i not in skip), key=lambda c: c.i < verb.i)
    clause = clauses[0] if clauses else None
    if clause is None:
        clause = next((c for c in verb.children if c.dep_ == "parataxis" and c.i < verb.i), None)
    if clause is None and verb.pos_ == "NOUN" and verb.dep_ in SUBJECTS and verb.head.i > verb.i:
        # "A city poll shows that residents have ...": the reported clause is the one the verb was taken
        # to be the subject of
        return view.span(view.doc[verb.i + 1 : min(verb.head.right_edge.i + 1, view.sent.end)]), False
    if clause is None and verb.pos_ == "NOUN":
        # a verb the tagger took for a noun: its that-clause parsed as a relative clause
        clause = next(
            (
                c
                for c in verb.children
                if c.dep_ in ("acl", "acl:relcl")
                and verb.i + 1 < view.sent.end
                and view.doc[verb.i + 1].lower_ == "that"
                and view.doc[verb.i + 1].head.i == c.i
            ),
            None,
        )
    if clause is None:
        # a that-clause the parser attached by another relation ("warned on Monday that ...": dep), or
        # hung from the setting ("said in an email that ...", "urged countries to keep ...")
        clause = that_clause(verb, skip)
    if clause is None and lemma in INFINITIVE:
        obj: Token | None  # here each object in turn; below, what child_with() finds or None
        for obj in (c for c in verb.children if c.dep_ in ("obj", "iobj") and c.i > verb.i):
            clause = (
                next(
                    (
                        g
                        for g in obj.children
                        if g.dep_ in ("acl", "xcomp") and any(m.lower_ == "to" for m in g.children)
                    ),
                    None,
                )
                or clause
            )
    if clause is None and (lemma in INFINITIVE or category == "intention"):
        clause = infinitive_of(verb)  # "urged Trump to make ..."
    if clause is None and lemma in PARENTHETICAL:
        # "officials said the two raised $350 million": a clause with its own subject parsed as xcomp
        clause = next(
            (
                c
                for c in verb.children
                if c.dep_ == "xcomp"
                and c.i > verb.i
                and c.tag_ in ("VBD", "VBN", "VBZ", "VBP")
                and any(g.dep_ in SUBJECTS for g in c.children)
            ),
            None,
        )
    if clause is None:
        # "He points out that universities ...", the "that" parsed as a subject: what follows it
        k = verb.i + 1
        while k < view.sent.end and view.doc[k].dep_ == "compound:prt":
            k += 1
        rest = view.doc[k + 1 : view.sent.end]
        if (
            k < view.sent.end
            and view.doc[k].lower_ == "that"
            and view.doc[k].head.i != verb.i
            and any(t.tag_ in FINITE | {"MD"} for t in rest)
        ):
            return view.span(view.doc[k : view.sent.end]), False
    if clause is None and lemma in PARENTHETICAL:
        # "officials said the two raised $350 million": the clause's subject parsed as the verb's object
        obj = child_with(verb, ("obj",))
        after = view.doc[obj.right_edge.i + 1] if obj is not None and obj.right_edge.i + 1 < view.sent.end else None
        if (
            obj is not None
            and obj.i > verb.i
            and after is not None
            and after.head.i == verb.i
            and after.dep_ in ("xcomp", "ccomp", "dep")
            and after.tag_ in ("VBD", "VBN", "VBZ", "VBP", "MD")
        ):
            return view.span(view.doc[obj.left_edge.i : after.right_edge.i + 1]), False
    if clause is not None:
        if _says_nothing(clause):
            return None, False
        return view.span([t for t in clause.subtree if t.i not in skip]), False
    # "As many tax experts have pointed out, Mr. Trump is free to ...": the clause the "as" clause modifies
    if (
        verb.dep_ == "advcl"
        and any(m.lower_ == "as" and m.dep_ == "mark" for m in verb.children)
        and verb.head.i > verb.i
    ):
        own = {t.i for t in verb.subtree}
        tokens = [t for t in verb.head.subtree if t.i not in own and t.i > verb.i]
        if tokens:
            return view.span(tokens), False
    # "'...,' he said": the verb hangs from the quotation or clause it follows
    if (
        verb.dep_ in ("parataxis", "ccomp")
        and verb.head.i < verb.i
        and lemma in PARENTHETICAL
        and not any(c.dep_ in ("obj", "ccomp", "xcomp") and c.i > verb.i for c in verb.children)
    ):  # not "..., and lawmakers will continue their attacks": a verb with its own object
        own = {t.i for t in verb.subtree}
        tokens = [t for t in verb.head.subtree if t.i not in own and t.i not in skip]
        if tokens:
            return view.span(tokens), False
    if (
        lemma in PARENTHETICAL
        and view.follows_content(verb)
        and (verb.dep_ == "ROOT" or (source is not None and source.i > verb.i))
        and not says_not(verb)
    ):
        # the parser made the reporting verb the root: what stands before it is the content (its own
        # auxiliaries are not: "Ann Roy, a spokeswoman, did not respond")
        left = [
            t
            for t in view.doc[view.sent.start : verb.i]
            if t.i not in skip and not (t.head.i == verb.i and t.dep_ in ("aux", "aux:pass", "advmod"))
        ]
        if len([t for t in left if not t.is_punct]) >= 2:
            return view.span(left), False
    colon = _after_colon(view, verb)
    if colon is not None:
        return colon
    frames = lx.VERB_FRAMES.get(lemma, frozenset())
    for child in verb.children:
        # "called for a ban", "pointed to the record", "warned against it": a prepositional object, also
        # a gerund's clause ("called for eliminating the tax break", its "for" parsed as the mark)
        if child.dep_ in ("obl", "obj", "nmod", "advcl") and child.i > verb.i and child.i not in skip:
            case = next(
                (
                    g
                    for g in child.children
                    if (g.dep_ == "case" or (g.dep_ == "mark" and child.tag_ == "VBG")) and g.lower_ in PREPOSITIONS
                ),
                None,
            )
            if (
                case is not None
                and case.lower_ in frames
                and case.i
                == verb.i + 1 + (1 if verb.i + 1 < view.sent.end and view.doc[verb.i + 1].dep_ == "compound:prt" else 0)
            ):
                return view.span([t for t in child.subtree if t.i >= case.i]), False
        # "told reporters that ...": the that-clause hanging from the addressee
        if lemma in ADDRESSEE and child.dep_ in ("obj", "iobj") and child.i > verb.i:
            clause = next(
                (
                    g
                    for g in child.children
                    if g.dep_ in ("acl", "ccomp", "acl:relcl")
                    and any(m.lower_ == "that" and m.dep_ == "mark" for m in g.children)
                ),
                None,
            )
            if clause is not None:
                return view.span(clause.subtree), False
    if (
        (lemma in OBJECT or category in OBJECT_CATEGORIES or category in ("stance", "factive", "written", "belief"))
        and lemma not in ADDRESSEE
        and lemma not in ACTS
        and not is_negated(verb)
    ):
        xcomp = child_with(verb, ("xcomp",))
        if xcomp is not None and xcomp.i > verb.i and xcomp.tag_ == "VBG" and child_with(verb, ("obj",)) is None:
            return view.span(xcomp.subtree), False  # "has often cited improving mental health services"
        obj = child_with(verb, ("obj",))
        if (
            obj is not None
            and obj.i > verb.i
            and obj.i not in skip
            and (
                obj.pos_ in ("NOUN", "PROPN", "NUM")
                or (
                    obj.pos_ == "PRON"
                    and (obj.lower_ not in NOT_SOURCES or obj.lower_ == "what")
                    and obj.i < verb.right_edge.i
                )
            )
            and (obj.lemma_.lower() not in EMPTY)
        ):
            # the object and what completes it: "compares him to Trump", "confirmed the breach"
            end = verb.right_edge.i if obj.pos_ == "PRON" else obj.right_edge.i
            return view.span(view.doc[obj.left_edge.i : end + 1]), False
    if lemma in NAMING:
        # "called the charges unsubstantiated", "called half of Trump's supporters “deplorables”": an object
        # and what it is called (a word after it, or a quotation in it)
        objects = [c for c in verb.children if c.dep_ in ("obj", "xcomp") and c.i > verb.i and c.i not in skip]
        obj = child_with(verb, ("obj",))
        if obj is not None and obj.i > verb.i and obj.i not in skip:
            rest = view.doc[obj.right_edge.i + 1 : view.sent.end]
            after = next((t for t in rest if not t.is_punct or t.text in QUOTE_CHARS), None)
            quoted = any(t.text in QUOTE_CHARS for t in obj.subtree) or (
                after is not None and after.text in QUOTE_CHARS
            )
            if (
                quoted
                or len(objects) >= 2  # "called the merger a disaster": two objects
                or (after is not None and after.pos_ in ("ADJ", "NOUN", "PROPN") and after.head.i in (verb.i, obj.i))
            ):
                return view.span(view.doc[obj.left_edge.i : verb.right_edge.i + 1]), False
            if verb.dep_ == "acl:relcl" and verb.head.lower_ == "what" and verb.head.i < verb.i:
                return view.span(obj.subtree), False  # "after what she called a rapid decline"
    # "Investigators said a patrol unit turned ...": a clause after a saying verb the parser did not
    # attach as its complement
    # ("Sanders said the tax breaks used by Trump “do nothing to boost the economy”": a clause parsed as
    # an object and a parataxis)
    if (
        lemma in PARENTHETICAL
        and category in ("speech", "belief", "hedge")
        and not any(c.i > verb.i and c.dep_ in ("xcomp", "ccomp", "mark") for c in verb.children)
    ):
        tail = [view.doc[k] for k in range(verb.i + 1, view.sent.end) if k not in skip]
        obj = child_with(verb, ("obj",))
        clause_like = any(t.tag_ in ("VBD", "VBZ", "VBP", "MD") and t.dep_ not in ("acl:relcl",) for t in tail) or (
            lemma == "say" and obj is not None and obj.pos_ in ("NOUN", "PROPN")
        )  # "say X's advantage obscures ..."
        if len([t for t in tail if not t.is_punct]) >= 4 and clause_like and lemma not in ADDRESSEE:
            return view.span(tail), False
    # "said “...": a quotation right after the verb
    k = verb.i + 1
    while k < view.sent.end and view.doc[k].text in ",:":
        k += 1
    if k < view.sent.end and view.doc[k].text in QUOTE_CHARS and lemma in PARENTHETICAL:
        return view.span(view.doc[k : view.sent.end]), False
    return None, False


def _after_colon(view: SentenceView, verb: Token) -> tuple[tuple[int, int] | None, bool] | None:
    """'He said:' -- what follows in the sentence, or, at its end, the next sentence (marked)."""
    k = verb.i + 1
    while k < view.sent.end and k <= verb.i + 4 and view.doc[k].text != ":":
        if view.doc[k].text in ".;!?" or view.doc[k].pos_ == "VERB":
            return None
        k += 1
    if k >= view.sent.end or view.doc[k].text != ":":
        return None
    rest = view.span(view.doc[k + 1 : view.sent.end])
    if rest is not None:
        return rest, False
    colon = view.base + view.doc[k].idx
    return (colon, colon + 1), True


def _says_nothing(clause: Token) -> bool:
    """A complement that says nothing: "declined to comment", "would not say"."""
    words = [t for t in clause.subtree if not t.is_punct and t.dep_ not in ("mark", "aux", "advmod", "cop")]
    if not words:
        return True
    return (len(words) <= 2 and clause.lemma_.lower() in EMPTY | {"do", "so"}) or all(
        t.pos_ in ("PRON", "ADP", "PART", "DET") for t in words
    )


def act_object(view: SentenceView, verb: Token, source: Token) -> tuple[int, int] | None:
    """What a reporting verb with no reported content acts on: its noun object ("promoting her plans",
    "did not address the tweets") or the object of a preposition right after it ("responded to
    requests", "spoke out about the death")."""
    skip = set(range(*view.source_span(source, verb)))
    lemma = verb_lemma(verb)
    # a verb that reports only what it stands beside ("..., he added") acts on a plain object as any verb
    # does: "continue their attacks", "added a rule", "maintain the roads"
    frames = lx.VERB_FRAMES.get(lemma, frozenset()) if lemma is not None else frozenset()
    framed = not frames or not frames <= {"parenthetical", "empty"}
    for child in verb.children:
        if child.i <= verb.i or child.i in skip:
            continue
        if child.dep_ == "obj" and child.pos_ in ("NOUN", "PROPN", "NUM") and not view.quoted(child) and framed:
            return view.span(child.subtree)
        if child.dep_ in ("obl", "nmod"):
            # through the prepositions the verb's frame names, if it names any ("spoke about the
            # deaths", not "spoke to reporters", "spoke at a rally"), else any ("responded to requests")
            allowed = frames.intersection(PREPOSITIONS) or PREPOSITIONS
            case = next((g for g in child.children if g.dep_ == "case" and g.lower_ in allowed), None)
            if case is not None:
                gap = [view.doc[k] for k in range(verb.i + 1, case.i)]
                if all(t.dep_ in ("compound:prt", "advmod", "obl:tmod") for t in gap):
                    return view.span([t for t in child.subtree if t.i >= case.i])
    return None


def stands_alone(view: SentenceView, verb: Token, source: Token) -> bool:
    """Whether the sentence is only its reporting clause ("Mr. Rosenthal said.", "Skaik said then.")."""
    words = [t for t in view.sent if not t.is_punct and not t.is_space]
    # a participle set off after it is the speaker's act, not more content: "Roy said, looking at the crowd."
    aside = {
        t.i
        for c in verb.children
        if c.dep_ == "advcl" and c.tag_ == "VBG" and c.i > verb.i and view.doc[c.i - 1].text == ","
        for t in c.subtree
    }
    return (
        not says_not(verb)  # "Roy would not say.": no statement
        and len([t for t in words if t.i not in aside]) <= 8
        and not any(c.dep_ in ("obj", "ccomp", "xcomp") and c.i > verb.i for c in verb.children)
        and view.sent[0].i >= source.left_edge.i - 1
        and not any(
            t.pos_ in ("VERB", "AUX") and t.i != verb.i and t.head.i != verb.i and t.i not in aside
            for t in words
            if t.i > verb.i
        )
    )
