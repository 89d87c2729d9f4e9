"""The shared reading of one parsed sentence that every attribution finder works on.

``SentenceView`` is one sentence of a parsed paragraph as the finders see it: its tokens (the first
``limit`` of them searched), which stand inside double quotation marks, whether it is a headline, the
attributions found so far (:class:`Found`) and the tokens their cues hold; it turns tokens into article
offsets (``span``, ``cue``) and finds a source phrase's extent (``source_span``) and the adjuncts after a
reporting verb (``adjuncts_end``). Around it: the word sets of the patterns (relations, quotation
marks, time words, the verb frames of ``verb_frames.txt``) and the word-level helpers the finders share
(``verb_lemma``: whether a token is a reporting verb, also one the tagger took for a noun; negation; a
verb's to-infinitive or that-clause).

The lowest layer of the attribution finders: ``subjects``, ``content``, ``hedges``, ``cue_phrases``,
``reporting`` and ``attribution`` build on it, and it imports none of them.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from factcheck.analysis import lexicons as lx
from factcheck.analysis.model import AttributionKind

# Quotation marks as tokens; two apostrophes and two backticks are the typewriter double marks.
QUOTE_CHARS = frozenset(["“", "”", "‘", "’", "«", "»", "„", "‹", "›", '"', "''", "``"])
SUBJECTS = frozenset({"nsubj"})
PASSIVE_SUBJECTS = frozenset({"nsubj:pass", "csubj:pass"})
RELATIVE = frozenset({"who", "which", "that", "whom"})
# Relations inside a noun phrase: what a source phrase is made of.
NP_RELATIONS = frozenset(
    {
        "det",
        "amod",
        "compound",
        "flat",
        "flat:name",
        "nmod:poss",
        "nummod",
        "nmod",
        "appos",
        "case",
        "cc",
        "conj",
        "acl",
        "acl:relcl",
        "punct",
        "fixed",
        "advmod",
        "nmod:desc",
        "nmod:unmarked",
        "det:poss",
        "dep",
        "obl",
        "obj",
        "nsubj",
        "cop",
        "aux",
        "mark",
    }
)
NOT_SOURCES = frozenset({"that", "this", "which", "what", "there", "something", "anything", "nothing", "so"})
FINITE = frozenset({"VBD", "VBZ", "VBP"})
TIME_WORDS = frozenset(
    [
        "yesterday",
        "today",
        "tonight",
        "tomorrow",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "morning",
        "afternoon",
        "evening",
        "night",
        "week",
        "month",
        "year",
    ]
)
PARENTHETICAL = lx.with_frame("parenthetical")
ADDRESSEE = lx.with_frame("addressee")
OBJECT = lx.with_frame("object")
INFINITIVE = lx.with_frame("infinitive")
EMPTY = lx.with_frame("empty")
ACTS = lx.with_frame("act")
NAMING = lx.with_frame("naming")
PREPOSITIONS = ("about", "for", "on", "to", "against", "of", "over", "at")
FIRST_PERSON = frozenset({"i", "we", "you"})
OBJECT_CATEGORIES = frozenset({"confirm_deny", "hedge"})


@dataclass(slots=True)
class Found:
    """One attribution in a sentence, in character offsets of the article and tokens of its Doc."""

    kind: AttributionKind
    cue: tuple[int, int] | None
    source: Token | None  # head token of the source phrase
    source_span: tuple[int, int] | None  # token range [start, end) of the source phrase in its Doc
    content: tuple[int, int] | None
    lemma: str  # the cue's lemma ("say", "according to", "reportedly")
    category: str  # the cue's category (speech, belief, ...; "hedge" for a sourceless hedge)
    content_after_colon: bool = False  # "He said:" with the quotation in what follows
    content_before: bool = False  # "Mr. Rosenthal said." after the quotation it reports
    counts: bool = True  # whether it attributes a claim (an intention, "plans to", does not)
    # the words that stand for the source in the cue's own clause when they are not the source phrase: the
    # relative pronoun of "Smith, who said ..." (the source phrase, Smith's, is the one resolved)
    shown: tuple[int, int] | None = None


def chars(tokens, base: int) -> tuple[int, int] | None:
    """Character offsets of a run of tokens, without punctuation and spaces at either end."""
    items = list(tokens)
    lo, hi = 0, len(items)
    while lo < hi and (items[lo].is_punct or items[lo].is_space):
        lo += 1
    while hi > lo and (items[hi - 1].is_punct or items[hi - 1].is_space):
        hi -= 1
    if lo >= hi:
        return None
    return base + items[lo].idx, base + items[hi - 1].idx + len(items[hi - 1].text)


def is_time(token: Token) -> bool:
    """A time word or a date ("Tuesday", "this month"): never the source of a report."""
    return token.lower_ in TIME_WORDS or token.ent_type_ == "DATE"


def child_with(token: Token, deps) -> Token | None:
    for child in token.children:
        if child.dep_ in deps:
            return child
    return None


def infinitive_of(verb: Token) -> Token | None:
    """The to-infinitive after a verb, whatever relation the parser gave it ("urged Trump to make ...",
    "is believed to have lost ...")."""
    return next(
        (
            c
            for c in verb.children
            if c.i > verb.i
            and (
                c.dep_ == "xcomp"
                or (c.pos_ in ("VERB", "AUX") and any(m.lower_ == "to" and m.dep_ == "mark" for m in c.children))
            )
        ),
        None,
    )


def says_not(verb: Token) -> bool:
    """A negated speech act: no statement ("did not respond", "would not say"); a negated belief still
    holds one ("He does not think so")."""
    lemma = verb_lemma(verb)
    return is_negated(verb) and (lemma is None or lx.REPORTING_VERB_CATEGORY.get(lemma) != "belief")


def is_negated(token: Token) -> bool:
    """'did not say', 'never confirmed'."""
    return any(c.dep_ in ("advmod", "neg") and c.lower_ in ("not", "n't", "never") for c in token.children)


def verb_lemma(token: Token) -> str | None:
    """The reporting-verb lemma of a token used as a verb, or None.

    A form the tagger took for a noun still counts when it heads a clause with a subject ("He worries
    that ...": "worries" tagged as a plural noun)."""
    lemma = lx.REPORTING_VERBS.get(token.lower_)
    if lemma is None and token.lemma_.lower() in lx.REPORTING_VERB_FORMS:
        lemma = token.lemma_.lower()
    if lemma is None:
        return None
    if token.pos_ in ("VERB", "AUX") or token.tag_.startswith("VB"):
        return lemma
    if (
        token.pos_ == "NOUN"
        and token.dep_ in ("ROOT", "ccomp", "conj", "parataxis")
        and (not any(c.dep_ == "det" for c in token.children) or (token.lower_.endswith("s") and token.lower_ != lemma))
        and any(
            c.dep_ in ("ccomp", "acl", "acl:relcl")
            and c.i > token.i
            and any(
                g.lower_ == "that" and (g.dep_ == "mark" or g.i == token.i + 1) for g in c.children
            )  # "The Post reports that ...", the "that" sometimes misparsed
            and any(g.dep_ in SUBJECTS or g.dep_ in PASSIVE_SUBJECTS for g in c.children)
            for c in token.children
        )
    ):
        return lemma  # "A new poll shows that ...", the verb tagged as a plural noun
    if (
        token.pos_ == "NOUN"
        and token.dep_ in SUBJECTS
        and token.lower_ != lemma
        and token.lower_.endswith("s")
        and token.i + 2 < len(token.doc)
        and token.doc[token.i + 1].lower_ == "that"
        and (
            token.doc[token.i + 2].pos_ in ("DET", "PRON", "PROPN", "NUM", "ADJ")
            or token.doc[token.i + 2].tag_ == "NNS"
        )
        and any(c.dep_ in ("compound", "nmod", "amod") and c.i < token.i for c in token.children)
    ):
        # "A city poll shows that residents ... have ...": the verb, tagged as a noun, taken with what it
        # reports for the subject of the reported clause (not "TV shows that air at night")
        return lemma
    noun_form = token.pos_ in ("NOUN", "PROPN") and token.lower_ != lemma and token.lower_.endswith("s")
    if noun_form and (_closes(token) or _introduces(token) or _inserted(token)):
        # "..., The Daily Ledger reports.", "The Daily Ledger reports:", "The issue, Roy notes, matters":
        # the verb, tagged as a noun
        return lemma
    return None


def _inserted(token: Token) -> bool:
    """Whether the word closes a short clause set off by commas inside a sentence, after a name or a
    pronoun: "The issue, Ann Roy notes, matters ..."."""
    doc = token.doc
    if token.i < 3 or token.i + 2 >= len(doc) or doc[token.i + 1].text != ",":
        return False
    j = token.i - 1
    if doc[j].pos_ not in ("PROPN", "PRON"):
        return False
    while j > 0 and token.i - j <= 4 and doc[j].pos_ == "PROPN":
        j -= 1
    return doc[j].text == "," or (doc[j].pos_ == "PRON" and doc[j - 1].text == ",")


def _introduces(token: Token) -> bool:
    """Whether the word follows a name and comes before a colon that opens what follows: "The Daily Ledger
    reports:"; not a byline of the outlet's own reporter ("Ledger's Ann Roy reports:", GUIDELINES.md: the
    outlet's own reporting is unattributed)."""
    doc = token.doc
    name = range(max(0, token.i - 6), token.i)
    return (
        token.i > 0
        and token.i + 1 < len(doc)
        and doc[token.i + 1].text == ":"
        and doc[token.i - 1].pos_ == "PROPN"
        and token.dep_ in ("ROOT", "compound", "flat")
        and not any(doc[k].tag_ == "POS" or doc[k].text in ("'", "’") for k in name)
    )


def _closes(token: Token) -> bool:
    """Whether the word ends its sentence after a comma and a noun phrase of names and nouns: "...,
    the Daily Ledger reports."
    """
    doc = token.doc
    k = token.i + 1
    while k < len(doc) and doc[k].text in QUOTE_CHARS:
        k += 1
    if k >= len(doc) or doc[k].text not in (".", "!", "?") or token.i == 0:
        return False
    j = token.i - 1
    while j > 0 and token.i - j <= 6 and (doc[j].pos_ in ("PROPN", "NOUN", "DET", "ADJ") or doc[j].tag_ == "POS"):
        j -= 1
    return j < token.i - 1 and doc[j].text == "," and doc[token.i - 1].pos_ in ("PROPN", "NOUN")


def that_clause(verb: Token, skip: set[int] | None = None) -> Token | None:
    """A that- or whether-clause after the verb, hanging from it by any relation or from a setting
    noun of it ("in an email that ...")."""
    skip = skip or set()
    for child in verb.children:
        if child.i <= verb.i or child.i in skip:
            continue
        candidates = [child]
        if child.dep_ in ("obl", "nmod"):  # "in an email that ...", "on its website that ..."
            candidates.extend(g for g in child.children if g.i > child.i)
        for c in candidates:
            if c.pos_ in ("VERB", "AUX", "ADJ", "NOUN", "PRON") and any(
                m.dep_ == "mark" and m.lower_ in ("that", "whether") for m in c.children
            ):
                return c
    return None


class SentenceView:
    """One sentence of a parsed paragraph as the finders read it, and the attributions found in it so far."""

    def __init__(self, sentence: SpacySpan, base: int, limit: int) -> None:
        self.sent = sentence
        self.doc = sentence.doc
        self.base = base
        self.end = min(sentence.end, sentence.start + limit)  # bounded work on an endless sentence
        self.found: list[Found] = []
        self.cue_tokens: set[int] = set()
        self._quoted = self._quoted_tokens()
        self.headline = self._is_headline()

    def _is_headline(self) -> bool:
        """A title-case line standing alone ("New Poll Shows Bump For Mayor."): its verbs are tagged as names."""
        if self.sent.start != 0 or self.sent.end != len(self.doc):
            return False
        words = [t for t in self.sent if t.is_alpha and len(t.text) > 3]
        return len(words) >= 3 and sum(t.text[:1].isupper() for t in words) >= 0.8 * len(words)

    def _quoted_tokens(self) -> list[bool]:
        """For each token of the sentence, whether it stands inside double quotation marks."""
        inside, out = False, []
        for k in range(self.sent.start, self.sent.end):
            text = self.doc[k].text
            if text in ("“", "„", "«", "``"):
                inside = True
                out.append(True)
            elif text in ("”", "»"):
                out.append(True)
                inside = False
            elif text in ('"', "''"):
                out.append(True)
                inside = not inside
            else:
                out.append(inside)
        return out

    def quoted(self, token: Token) -> bool:
        """Whether a token of the sentence stands inside double quotation marks (or is one)."""
        return self._quoted[token.i - self.sent.start]

    def span(self, tokens) -> tuple[int, int] | None:
        """Article offsets of the tokens that lie in the sentence, without punctuation at either end."""
        return chars([t for t in tokens if self.sent.start <= t.i < self.sent.end], self.base)

    def cue(self, tokens: list[Token]) -> tuple[int, int]:
        """Article offsets of a cue's tokens, which no later pattern of the sentence then reads as a cue."""
        self.cue_tokens.update(t.i for t in tokens)
        return self.base + tokens[0].idx, self.base + tokens[-1].idx + len(tokens[-1].text)

    def phrase(self, source: Token, cue: Token) -> list[Token]:
        """The tokens of the source's noun phrase: its subtree over noun-phrase relations only (a parser that
        made the subject the sentence's root hangs the whole clause from it), without any part that holds
        the cue ("Smith, who said ..."), inside the sentence."""
        out = [source]
        stack = [c for c in source.children]
        while stack:
            t = stack.pop()
            if t.dep_ not in NP_RELATIONS or not self.sent.start <= t.i < self.sent.end:
                continue
            if t.left_edge.i <= cue.i <= t.right_edge.i:
                continue
            if t.i > source.i and is_time(t) and t.dep_ not in ("flat",):
                continue  # "Ann Roy on Wednesday called ...": the time hung from the name is not part of it
            out.append(t)
            stack.extend(t.children)
        return sorted(out, key=lambda t: t.i)

    def source_span(self, source: Token, cue: Token) -> tuple[int, int]:
        """Token range of the source phrase (``phrase``), contiguous, without punctuation at its ends."""
        tokens = [t for t in self.phrase(source, cue) if not t.is_punct] or [source]
        lo, hi = tokens[0].i, tokens[-1].i + 1
        if lo < cue.i < hi:
            lo, hi = (lo, cue.i) if source.i < cue.i else (cue.i + 1, hi)
        while hi > lo + 1 and self.doc[hi - 1].is_punct:
            hi -= 1
        while lo < hi - 1 and (self.doc[lo].is_punct or self.doc[lo].dep_ == "case"):
            lo += 1
        return lo, hi

    def follows_content(self, verb: Token) -> bool:
        """Whether the verb comes after what it reports: a quotation or a clause and a comma before it."""
        k = verb.i - 1
        while k >= self.sent.start and self.doc[k].pos_ in ("ADV", "AUX", "PART") and not self.doc[k].is_punct:
            k -= 1
        if k < self.sent.start:
            return False
        return self.doc[k].text in QUOTE_CHARS or (self.doc[k].text in (",", "—", "–", ":") and k > self.sent.start + 1)

    def adjuncts_end(self, k: int) -> int | None:
        """From token ``k`` after a reporting verb: where the adjuncts that may follow it end ("on Monday",
        "in a statement", "to reporters", ", an astronomer at the Institute"): the index of the sentence's
        end or of a comma that goes on with more of the content; None if a clause follows instead."""
        end = self.sent.end
        start = k
        while k < end and k - start <= 25:
            t = self.doc[k]
            if (t.is_punct and t.text in ".!?") or (t.text in QUOTE_CHARS and k + 1 >= end - 1):
                return end
            if t.text in (",", "—", "–", ";", ":") or t.text in QUOTE_CHARS:
                return k
            if (
                t.pos_ in ("VERB", "AUX")
                and t.tag_ in FINITE | {"MD"}
                and t.dep_ not in ("acl:relcl",)
                and not any(self.doc[j].lower_ in RELATIVE for j in range(start, k))
            ):
                return None
            if t.lower_ in ("that", "whether", "if") and t.dep_ == "mark":
                return None
            k += 1
        return end if k >= end else None
