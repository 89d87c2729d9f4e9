"""Finding attributions inside one sentence: cue, source and content spans.

The engine is a set of patterns over a light tokenisation (no tagger): a reporting verb from the lexicon
with its verb group ("has also said"), a multiword cue ("according to"), a sourceless hedge
("reportedly", "were reported"), a possessive nominal cue ("his claim that"). For each verb cue the
sentence shape decides where the source and the content are:

- ``SOURCE said (that) CONTENT`` / ``SOURCE told REPORTER (that) CONTENT``
- ``CONTENT, SOURCE said.`` and ``"QUOTE," SOURCE said.``
- ``"QUOTE," said SOURCE.`` (inverted)
- ``according to SOURCE, CONTENT`` and ``CONTENT, according to SOURCE.``

Only the outermost attribution is kept when one sits inside the content of another (PolNeAR's rule).
All offsets are absolute offsets into the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import NamedTuple

from factcheck.analysis import words
from factcheck.analysis.model import AttributionKind
from factcheck.analysis.words import wordset as _words

# Possessive quantifiers: the same tokens as ``\w+(?:[’'&.\-]\w+)*|[^\w\s]`` (nothing after a word part
# could ever make the engine give characters back), found about a third faster.
_TOKEN = re.compile(r"\w++(?:[’'&.\-]\w++)*+|[^\w\s]")

OPEN_QUOTES = '“"‘«'
CLOSE_QUOTES = '”"’»'
INVERSION_MARKS = frozenset(",”\"’'—–:")
QUOTES = frozenset('“”"«»')

AUX = _words(
    "is are was were be been being am has have had having will would could can may might should "
    "must shall do does did 's ’s 've ’ve 'd ’d 'll ’ll"
)
BE = _words("is are was were be been being am")
NEG = _words("not n't n’t never no longer")
ADVERBS = _words(
    "also later previously again still just already even once often always then now recently "
    "too first further long soon since ever yet repeatedly reportedly allegedly publicly "
    "privately openly quickly immediately initially originally subsequently frequently "
    "consistently angrily flatly explicitly specifically separately similarly likewise simply "
    "only all both each alone"
)
DET_POSS = _words("the a an his her its their our my your this these those such any no every each another whose")
SUBJ_PRONOUNS = _words("i you he she we they it who which that")
PRONOUN_SOURCES = _words("i you he she we they it who which")
NOT_SOURCES = _words(
    "this that these those there what here all both each many much more most other others such it's there's"
)
SUBORDINATORS = _words(
    "that because while as when if although though since after before but so than where whether "
    "until unless whereas and or nor yet for with without whom whose"
)
PAREN_ADVERBS = _words(
    "however meanwhile too though also moreover instead nevertheless nonetheless then now "
    "indeed furthermore still likewise similarly separately additionally again later earlier "
    "today yesterday afterwards"
)
PAREN_PHRASES = (
    "in turn",
    "for example",
    "for instance",
    "for his part",
    "for her part",
    "for their part",
    "for its part",
    "in response",
    "in addition",
    "at the time",
    "in fact",
    "of course",
    "on the other hand",
    "in a statement",
    "in an interview",
    "on twitter",
)
DAYS = _words(
    "monday tuesday wednesday thursday friday saturday sunday today yesterday tonight tomorrow earlier later recently"
)
# Verbs that take the addressee as object before the content ("told reporters that ...").
RECIPIENT_VERBS = _words(
    "tell inform assure remind warn advise notify brief urge ask promise caution instruct implore convince persuade"
)
# Lemmas that read as a source-attributing verb in the inverted order ("...," said X).
INVERTIBLE = _words(
    "say add tell write ask explain continue note recall insist claim declare reply respond "
    "warn argue answer announce observe remark comment conclude counter quip joke complain "
    "suggest acknowledge admit concede confirm predict promise exclaim whisper shout yell tweet "
    "post report state"
)
# Lemmas whose plain use is so often not an attribution that a complement must mark it.
WEAK_LEMMAS = _words(
    "mean speak talk continue call address answer offer brief detail convey outline pitch promote "
    "broadcast question support back charge challenge champion defend justify welcome thank "
    "attack hail lash rail protest find show learn establish determine discover observe point "
    "prove expose demonstrate clarify see know feel consider regard view understand imagine "
    "expect hope fear recognize recognise realize realise assess doubt deem"
)
# Participles that continue the attribution of the main clause: ", adding that ...".
PARTICIPLE_CUES = _words(
    "saying adding noting arguing warning explaining insisting claiming stressing emphasizing "
    "emphasising suggesting citing calling asking predicting declaring acknowledging admitting "
    "promising pledging vowing telling writing asserting contending charging accusing"
)
# Passive hedges: "were reported", "is said to", "it is believed that".
HEDGE_PASSIVE_LEMMAS = _words("say report believe allege rumor rumour think understand claim suspect fear expect")
# Intention and desire cues PolNeAR marks and the reporting-verb list leaves out.
EXTRA_VERBS = {"urge": "speech", "urges": "speech", "urged": "speech", "vow": "intention", "vowed": "intention"}
IRREGULAR_PAST = _words(
    "said told wrote written thought knew known felt found saw seen understood meant taught "
    "spoke spoken foresaw foreseen sent laid put"
)


class Tok:
    """One token of a sentence: absolute offsets, its text and its lowercase form.

    A plain class rather than a NamedTuple: compiled (see ``native``), making one is a direct allocation
    and reading a field a load, where a NamedTuple goes through its Python-level constructor. Tokens are
    compared by their fields.
    """

    __slots__ = ("end", "low", "start", "text")

    def __init__(self, start: int, end: int, text: str, low: str) -> None:
        self.start = start
        self.end = end
        self.text = text
        self.low = low

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Tok):
            return NotImplemented
        return (self.start, self.end, self.text, self.low) == (other.start, other.end, other.text, other.low)

    def __hash__(self) -> int:
        return hash((self.start, self.end, self.text, self.low))

    def __repr__(self) -> str:
        return f"Tok({self.start!r}, {self.end!r}, {self.text!r}, {self.low!r})"


@dataclass(slots=True, init=False)  # init spelled out: native when compiled (see model)
class Found:
    """One attribution found in a sentence (absolute offsets; ``None`` when a part is absent)."""

    kind: AttributionKind
    cue: tuple[int, int] | None
    source: tuple[int, int] | None
    content: tuple[int, int] | None
    lemma: str
    resolve_to: tuple[int, int] | None  # antecedent of a relative-pronoun source ("who")
    weak: bool  # a cue that is often not an attribution (stance, belief, participle)

    def __init__(
        self,
        kind: AttributionKind,
        cue: tuple[int, int] | None,
        source: tuple[int, int] | None,
        content: tuple[int, int] | None,
        lemma: str = "",
        resolve_to: tuple[int, int] | None = None,
        weak: bool = False,
    ) -> None:
        self.kind = kind
        self.cue = cue
        self.source = source
        self.content = content
        self.lemma = lemma
        self.resolve_to = resolve_to
        self.weak = weak


def tokenize(text: str, start: int, end: int) -> list[Tok]:
    """Word and punctuation tokens of ``text[start:end]``."""
    return _tokens_and_lows(text, start, end)[0]


def _tokens_and_lows(text: str, start: int, end: int) -> tuple[list[Tok], list[str]]:
    """The tokens of ``text[start:end]`` and their lowercase forms: the matches of ``_TOKEN``.

    The tokenizer runs on every sentence, and the regex tests every character's Unicode category. Here
    the text is split at whitespace first (a token never spans it, and ``str.split`` and ``\\s`` agree on
    what whitespace is), and the regex only runs on the few pieces that are neither one word nor one
    word and a mark: ``str.isalnum`` is ``\\w`` without "_". Each piece's offset comes from ``str.find``,
    which lands on its start since only whitespace lies between one piece and the next.
    """
    toks: list[Tok] = []
    lows: list[str] = []
    at = start
    for piece in text[start:end].split():
        at = text.find(piece, at)
        if piece.isalnum():  # a word: "said"
            at = _add_token(toks, lows, at, piece)
            continue
        mark = piece[-1]
        if len(piece) > 1 and piece[:-1].isalnum() and not mark.isalnum() and mark != "_":
            # A word and a mark: "said," "Kyiv." (a joiner such as "." joins only when a word follows).
            at = _add_token(toks, lows, at, piece[:-1])
            at = _add_token(toks, lows, at, mark)
            continue
        for word in _TOKEN.findall(piece):
            at = _add_token(toks, lows, text.find(word, at), word)
    return toks, lows


def _add_token(toks: list[Tok], lows: list[str], at: int, word: str) -> int:
    """Append the token ``word`` found at ``at``; returns its end."""
    low = word.lower()
    stop = at + len(word)
    toks.append(Tok(at, stop, word, low))
    lows.append(low)
    return stop


def _is_cap(t: Tok) -> bool:
    return t.text[:1].isupper()


def _build_lemmas() -> dict[str, tuple[str, str]]:
    """Reporting-verb form -> (lemma, category): the lexicon's forms, then :data:`EXTRA_VERBS`."""
    lemmas = dict(words.verb_forms())
    for low, cat in EXTRA_VERBS.items():
        lemmas.setdefault(low, (low.rstrip("sd").removesuffix("e") or low, cat))
    return lemmas


_LEMMAS = _build_lemmas()
_lemma_of = _LEMMAS.get  # (lemma, category) of a reporting verb form, or None


def _is_past(low: str) -> bool:
    return low.endswith("ed") or low in IRREGULAR_PAST


class Phrases(NamedTuple):
    """The phrases of a table that start with one word."""

    seconds: frozenset[str]  # the second words of those of two words or more
    by_length: list[tuple[int, dict[str, str]]]  # (length, {phrase: category}), longest first


PhraseTable = dict[str, Phrases]


def _participle_commas(lows: list[str]) -> list[int]:
    """Positions of the commas of ``lows`` that come before a participle cue (", adding that")."""
    return [q for q in range(len(lows) - 1) if lows[q] == "," and lows[q + 1] in PARTICIPLE_CUES]


def _phrase_at(lows: list[str], i: int, table: PhraseTable) -> tuple[int, str] | None:
    """(number of words, category) of the longest phrase of ``table`` starting at word ``lows[i]``."""
    options = table.get(lows[i])
    if options is None:
        return None
    # Most words that start some phrase ("the", "is", "it") are followed by none of their second words.
    multiword = i + 1 < len(lows) and lows[i + 1] in options.seconds
    for n, phrases in options.by_length:
        if (multiword or n == 1) and i + n <= len(lows):
            cat = phrases.get(" ".join(lows[i : i + n]))
            if cat is not None:
                return n, cat
    return None


def _phrase_table(phrases: dict[str, str], min_words: int) -> PhraseTable:
    """first word -> its :class:`Phrases`, for phrase lookup at a token."""
    table: dict[str, dict[int, dict[str, str]]] = {}
    seconds: dict[str, set[str]] = {}
    for phrase, cat in phrases.items():
        parts = phrase.split()
        if len(parts) >= min_words:
            table.setdefault(parts[0], {}).setdefault(len(parts), {})[" ".join(parts)] = cat
            seconds.setdefault(parts[0], set()).update(parts[1:2])
    return {
        first: Phrases(frozenset(seconds[first]), sorted(by_len.items(), reverse=True))
        for first, by_len in table.items()
    }


@cache
def _tables() -> tuple[PhraseTable, PhraseTable, frozenset[str]]:
    """Lexicon tables shared by every analyzer: cue phrases, hedges, noun-like verb forms."""
    nounish = frozenset(words.cue_nouns()) | frozenset(words.document_nouns()) | _NOUNISH
    return _phrase_table(words.cue_phrases(), 2), _phrase_table(words.hedges(), 1), nounish


@cache
def _hedge_singles() -> frozenset[str]:
    """The seem-verbs and the one-word hedges ("reportedly")."""
    singles = {first for first, options in _tables()[1].items() if any(n == 1 for n, _p in options.by_length)}
    return frozenset(singles) | _SEEM


@cache
def _starts() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """Words at which a rule can fire: verb cues, hedges and the nouns of nominal cues.

    A verb cue starts at a reporting-verb form or at the first word of a ``verb:`` cue phrase; a hedge at
    a seem-verb or the first word of a hedge phrase; a nominal cue is a cue noun or a stance noun. The
    rules only look at the tokens in these sets, and skip a sentence with none.
    """
    by_first, hedge_by_first, _ = _tables()
    verb_phrase_firsts = {
        first
        for first, options in by_first.items()
        if any(cat.startswith("verb:") for _n, phrases in options.by_length for cat in phrases.values())
    }
    return (
        frozenset(_LEMMAS) | verb_phrase_firsts,
        frozenset(hedge_by_first) | _SEEM,
        frozenset(words.cue_nouns()) | _STANCE_NOUNS,
    )


class SentenceAnalyzer:
    """Pattern matcher for the sentences of one text; the lexicon tables are shared and built once."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.anon = words.anonymous_words()
        self.cue_nouns = words.cue_nouns()
        self.by_first, self.hedge_by_first, self.nounish = _tables()
        self.verb_starts, self.hedge_starts, self.nominal_nouns = _starts()
        self.hedge_singles = _hedge_singles()
        self._lows: list[str] = []
        self._toks: list[Tok] = []
        self._cue_commas: list[int] | None = None
        self._title_case: bool | None = False

    def _headline(self) -> bool:
        """Whether the current sentence is a headline in title case ("Lindsey Graham Says ...")."""
        if self._title_case is None:
            # A headline capitalises its verbs too.
            alpha = [t.text for t in self._toks if t.text.isalpha() and len(t.text) > 3]
            self._title_case = len(alpha) >= 3 and sum(w[0].isupper() for w in alpha) >= 0.8 * len(alpha)
        return self._title_case

    # ------------------------------------------------------------------------------------------------
    def find(self, start: int, end: int) -> list[Found]:
        """All outermost attributions of the sentence ``text[start:end]``."""
        toks, lows = _tokens_and_lows(self.text, start, end)
        if len(toks) < 2:
            return []
        if len(toks) > _MAX_TOKENS:
            # A run-on "sentence" (a list, a transcript without punctuation): analyse it in windows so
            # that the pairwise steps stay linear in the text length.
            out: list[Found] = []
            for w in range(0, len(toks), _MAX_TOKENS):
                chunk = toks[w : w + _MAX_TOKENS]
                out += self.find(chunk[0].start, chunk[-1].end)
            return out
        self._lows = lows
        self._toks = toks
        self._title_case = None  # computed when first needed
        self._cue_commas = None  # likewise
        found: list[Found] = []
        found += self._according(toks, start, end)
        found += self._verbs(toks, start, end)
        found += self._nominal(toks, start, end)
        found += self._hedges(toks, start, end, found)
        found += self._in_document(toks, start, end)
        found += self._asked(toks, start, end)
        if not found:
            return found
        # Participles without a subject of their own share the source of the cue before them.
        previous: Found | None = None
        kept = []
        for f in sorted(found, key=lambda f: f.cue or (0, 0)):
            if f.lemma.startswith("~"):
                f.lemma = f.lemma[1:]
                if f.source is None:
                    if previous is None or previous.source is None:
                        if f.lemma not in _PARTICIPLE_LEMMAS:
                            continue
                    else:
                        f.source, f.resolve_to = previous.source, previous.resolve_to
            kept.append(f)
            previous = f
        found = kept
        # A cue inside quotation marks belongs to the quoted speaker's words, not to the author.
        if found:
            regions = quote_regions(self.text, start, end)
            if regions:
                found = [f for f in found if f.cue is None or not any(s <= f.cue[0] < e for s, e in regions)]
        return _outermost(found, self.text)

    # ------------------------------------------------------------------------------------------------
    def _participle_commas(self, lows: list[str]) -> list[int]:
        """Positions of the commas before a participle cue (", adding that"), ascending; once per sentence."""
        if lows is not self._lows:
            return _participle_commas(lows)
        if self._cue_commas is None:
            self._cue_commas = _participle_commas(lows)
        return self._cue_commas

    def _lows_of(self, toks: list[Tok]) -> list[str]:
        """The lowercase forms of ``toks`` (those of the sentence being analysed, computed once)."""
        return self._lows if toks is self._toks else [t.low for t in toks]

    def _match_phrase(self, toks: list[Tok], i: int, table: PhraseTable) -> tuple[int, str] | None:
        """(number of tokens, category) of the longest phrase of ``table`` starting at token ``i``."""
        if toks[i].low not in table:
            return None
        return _phrase_at(self._lows_of(toks), i, table)

    def _according(self, toks: list[Tok], start: int, end: int) -> list[Found]:
        """``according to SOURCE``, ``citing SOURCE``, ``as reported by SOURCE``."""
        out = []
        i = 0
        n = len(toks)
        firsts = _source_after_firsts()
        lows = self._lows_of(toks)
        # Only a token that starts a source_after phrase can start a match; ``i`` skips past each match.
        for q in [q for q, low in enumerate(lows) if low in firsts]:
            if q < i:
                continue
            i = q
            m = _phrase_at(lows, i, self.by_first)
            if m is None or m[1] != "source_after":
                i += 1
                continue
            k, _ = m
            phrase = " ".join(t.low for t in toks[i : i + k])
            if phrase in ("per", "citing", "quoting") and i == 0:
                i += 1
                continue
            cue_s, cue_e = toks[i].start, toks[i + k - 1].end
            j = i + k
            # Artifact words after "according to" belong to the cue when their creator follows:
            # "according to statements from the Kremlin".
            if j + 1 < n and toks[j].low in _ARTIFACTS and toks[j + 1].low in ("from", "by", "of"):
                cue_e = toks[j + 1].end
                j += 2
            elif (
                j + 2 < n
                and toks[j].low in ("a", "the")
                and toks[j + 1].low in _ARTIFACTS
                and toks[j + 2].low in ("from", "by", "of")
            ):
                cue_e = toks[j + 2].end
                j += 3
            # Source: up to the next comma, semicolon, dash or the end.
            src_end_i = j
            while src_end_i < n and toks[src_end_i].text not in (",", ";", "—", "–", ":", "(", ")", "“", "”", '"'):
                src_end_i += 1
            if src_end_i == j:
                i += k
                continue
            last = src_end_i - 1
            while last >= j and toks[last].text in (".", "!", "?"):
                last -= 1
            if last < j:
                i += k
                continue
            source = (toks[j].start, toks[last].end)
            # Content: the rest of the sentence on the other side.
            lead = i
            if lead > 0 and toks[lead - 1].text == ",":
                lead -= 1
            if i > 0 and (lead > 0):
                content = _trim_content(self.text, toks[0].start, toks[lead - 1].end)
            else:
                content = _trim_content(self.text, toks[src_end_i].end if src_end_i < n else end, end)
            if content is None or content[1] - content[0] < 3:
                i += k
                continue
            kind = AttributionKind.ACCORDING_TO
            out.append(Found(kind, (cue_s, cue_e), source, content, lemma="according to"))
            i = src_end_i
        return out

    # ------------------------------------------------------------------------------------------------
    def _verbal(self, toks: list[Tok], i: int, cat: str) -> bool:
        """Whether the verb form at ``i`` is used as a verb here (not a noun or an adjective)."""
        t = toks[i]
        prev = toks[i - 1] if i > 0 else None
        if prev is None or (_is_cap(t) and not self._headline()):
            # Sentence-initial imperative or noun ("Claims that ..."), or part of a name ("United States").
            return False
        p = prev.low
        nxt = toks[i + 1].low if i + 1 < len(toks) else ""
        if not _is_past(t.low) and (nxt in AUX or nxt in ("of",)) and nxt not in ("’s", "'s"):
            return False  # "member states are", "calls of": a noun followed by its verb
        if p in DET_POSS or (p.endswith(("’s", "'s")) and p not in ("it’s", "it's", "he’s", "he's", "she's")):
            return False
        if t.low.endswith("ing"):
            # A participle continues a clause (", saying ...") or follows an auxiliary ("is saying") or
            # a preposition ("by saying", "after claiming").
            if t.low in PARTICIPLE_CUES and (p in ("and", "while") or (_is_cap(prev) and i > 1)):
                return True  # "footage of Trump saying ...", "touting their record and saying ..."
            return prev.text == "," or p in AUX or p in ADVERBS or p in NEG or p in _ING_PREPOSITIONS
        if t.low in ("shows", "show", "finds", "find") and any(
            toks[q].low in _DOC_EXTRA for q in range(max(0, i - 12), i)
        ):
            return True  # "a USA TODAY analysis of ... filings shows"
        nounish = t.low in self.nounish
        if nxt == "to" and t.low in _INTENT_FORMS:
            return True  # "and plans to reduce the cost": a verb before its infinitive
        if nounish and (p in _QUANTIFIERS or nxt in _NOUN_NEXT):
            return False  # "some calls into the hotline", "Republican claims as false"
        if nxt in ("that", "whether"):
            if nounish and i > 1 and toks[i - 2].low in DET_POSS:
                return False  # "a good bet that": an adjective and a noun
            plural_noun_pair = t.low.endswith("s") and p.endswith("s") and not p.endswith("ss")
            if nounish and plural_noun_pair and prev.text.islower() and p not in self.anon and p not in ADVERBS:
                return False  # "savings plans that", "Republican claims that": a noun and a relative clause
            return p not in _PREPOSITIONS
        if p == "to":
            # An infinitive is a cue only after a verb that passes the attribution on ("went on to say",
            # "have to say"); "requires candidates to disclose", "free to disclose" are not attributions.
            return i > 1 and (toks[i - 2].low in _INFINITIVE_HOSTS or toks[i - 2].low not in _INFINITIVE_BLOCKERS)
        if p in AUX or p in NEG or p in SUBJ_PRONOUNS:
            return True
        if (
            _is_past(t.low)
            and t.low not in _PURE_SPEECH_PAST
            and prev.text.isalpha()
            and prev.text.islower()
            and p not in self.anon
            and p not in ADVERBS
            and p not in ("and", "but", "or", "who", "which", "that")
            and (nxt in _RELATIVE_NEXT or nxt in DAYS or nxt == "")
            and not _speaker_noun(p)
        ):
            return False  # "a message posted Friday", "the video first published": a reduced relative
        if t.low in _STRICT_FORMS:
            return False  # "states", "points", "means": a cue only before "that" (handled above)
        if t.low not in self.nounish:
            # An unambiguous verb form after any word that is not a preposition.
            return p not in _PREPOSITIONS
        if p[:1].isdigit() or p in _NUMBER_WORDS:
            return False  # "27 states", "3 points"
        if i > 1 and toks[i - 2].low in DET_POSS:
            return False  # "a later press gaggle", "the Facebook message": an adjective or noun before a noun
        if _is_past(t.low) and t.low not in ("found", "known", "seen", "meant", "written", "put", "sent"):
            return True
        if p in ADVERBS or (p.endswith("ly") and p.isalpha()):
            return True
        if prev.text in (",", "”", '"', "’"):
            return True  # "... ," says Smith
        if _is_cap(prev) and not (i == 1 and p in _FUNCTION_CAPS):
            # "Trump tweets", "Clinton claimed"; a base form after a name is a compound ("Facebook message").
            plural_subject = (p.endswith("s") and len(p) > 3) or (i > 2 and toks[i - 2].low == "and")
            return t.low.endswith("s") or _is_past(t.low) or plural_subject
        if p in self.anon:
            return True
        # A plural noun subject: "Republicans say", "voters believe".
        return bool(p.endswith("s") and p.isalpha() and not t.low.endswith("s") and len(p) > 3)

    def _verbs(self, toks: list[Tok], start: int, end: int) -> list[Found]:
        out: list[Found] = []
        starts = self.verb_starts
        lows = self._lows_of(toks)
        for i in [i for i, low in enumerate(lows) if low in starts]:
            t = toks[i]
            hit = _lemma_of(t.low)
            if hit is None:
                # A multiword verb that starts with a non-reporting verb: "made it clear", "weighed in".
                m = _phrase_at(lows, i, self.by_first)
                if m is not None and m[1].startswith("verb:") and i > 0 and not _is_cap(t):
                    hit = (m[1][5:], "speech")
                else:
                    continue
            lemma, cat = hit
            if not self._verbal(toks, i, cat):
                continue
            f = self._verb_at(toks, i, lemma, cat, start, end)
            if f is not None:
                out.append(f)
        return out

    def _verb_at(self, toks: list[Tok], i: int, lemma: str, cat: str, start: int, end: int) -> Found | None:
        text = self.text
        n = len(toks)
        low = toks[i].low
        # Verb group: auxiliaries, negation and adverbs on the left; phrasal particles on the right.
        gs = i
        while gs > 0:
            word = toks[gs - 1].text
            lw = toks[gs - 1].low
            if lw in _VERB_GROUP or (word.endswith("ly") and word.isalpha() and word.islower() and len(lw) > 4):
                gs -= 1  # an auxiliary, a negation or an adverb
            else:
                break
        ge = i
        m = self._match_phrase(toks, i, self.by_first)
        if m is not None and m[1].startswith("verb:"):
            ge = i + m[0] - 1
        group_words = {toks[k].low for k in range(gs, i)}
        if group_words & _REPORTING_ADVERBS:
            return None  # "the mayor reportedly ordered": the hedge, not the actor, qualifies the claim
        passive = bool(group_words & BE) and _is_past(low) and lemma not in ("continue",)
        # "to" infinitive after a control verb: "declined to comment", "wants to say": keep the head.
        if gs > 0 and toks[gs - 1].low == "to" and gs > 1 and _lemma_of(toks[gs - 2].low):
            return None  # the outer verb carries the attribution
        after = ge + 1
        # Colon after the cue: "He said:" -> the colon is part of the cue.
        colon = after < n and toks[after].text == ":"
        if colon:
            ge = after
            after += 1
            if after >= n or (after == n - 1 and not toks[after].text[0].isalnum()):
                # "He said:" ending the sentence: the quotation follows (the engine attaches it).
                src, resolve, _s = self._source_before(toks, gs)
                if src is not None:
                    return Found(AttributionKind.DIRECT_QUOTE, (toks[gs].start, toks[ge].end), src, None, ":next")
                return None

        if passive:
            return self._passive(toks, gs, ge, lemma, start, end)

        prev_char = text[toks[gs - 1].start] if gs > 0 else ""
        participle = (
            low.endswith("ing")
            and gs > 0
            and (toks[gs - 1].text == "," or toks[gs - 1].low in _ING_PREPOSITIONS)
            and (low in PARTICIPLE_CUES or (toks[gs - 1].text == "," and cat in _PARTICIPLE_CATS))
        )
        if participle:
            content = self._content_after(toks, after, lemma, end)
            if content is None:
                return None
            subject = self._subject(toks, gs)
            subject_text = text[subject[0] : subject[1]].lower() if subject else ""
            if subject_text in NOT_SOURCES or subject_text in ("it", "there"):
                return None  # "This marks ..., signaling a new phase": not a speaker
            # Without a subject the participle shares the source of the cue before it (find() fills it).
            return Found(_kind(text, content), (toks[gs].start, toks[ge].end), subject, content, "~" + lemma, weak=True)
        if low.endswith("ing") and low not in PARTICIPLE_CUES and not (group_words & BE):
            return None  # "a growing call", "the meaning of": too often not a cue; "is demanding" is a verb

        # Inverted: '"...," said Smith.'
        if (
            prev_char in INVERSION_MARKS
            and gs == i
            and lemma in INVERTIBLE
            and after < n
            and toks[after].text[0].isalnum()
            and toks[after].low not in ("that", "to", "it’s", "it's", "this", "so", "yes", "no")
            and toks[after].low not in DAYS
            and toks[after].low not in _PREPOSITIONS
            and not (
                toks[after].low in ("he", "she", "they", "we", "i", "it")
                and after + 1 < n
                and toks[after + 1].text[0].isalnum()
            )
            and not (prev_char == "," and self._source_before(toks, gs)[2] == 0)
        ):
            # (Not: "X, the spokesman, said Tuesday ...", "said he hopes ...", "said on Twitter ...".)
            src = self._source_after(toks, after, end)
            head_end = next(
                (t.start for t in toks[after:] if t.text == "," or t.low in ("who", "which")), src[1] if src else 0
            )
            if src is not None and any(
                t.low in AUX and t.low not in ("’s", "'s") for t in toks[after:] if t.start < min(src[1], head_end)
            ):
                src = None  # '..., said it was taking steps': not an inverted source but a clause
            if src is not None:
                content = self._content_before(toks, gs, start)
                if content is not None:
                    return Found(_kind(text, content), (toks[gs].start, toks[ge].end), src, content, lemma)

        # Left source NP.
        src, resolve, src_start_i = self._source_before(toks, gs)
        if gs > 1 and toks[gs - 1].low == "to":
            # An infinitive ("has yet to explain", "would have more to say"): the clause's subject speaks.
            src, resolve = self._subject(toks, gs - 1), None
            src_start_i = next((q for q in range(gs) if src and toks[q].start == src[0]), 0)
        if src is None and gs > 1 and toks[gs - 1].low in ("and", "but"):
            # Coordinated verb phrase: "Mr. McKinley is bearish ... and expects them to ...".
            src = self._subject(toks, gs - 1)
            src_start_i = next((q for q in range(gs) if toks[q].start == src[0]), 0) if src else 0
        if src is None:
            return None
        rest = self._content_after(toks, after, lemma, end)
        if rest is not None and text[rest[0] : rest[1]].lower() in _PREPOSITIONS:
            rest = None  # "The spot concludes with": no content
        if rest is None and src_start_i == 0 and self._only_setting(toks, after, end, lemma):
            # "Clinton said." after a quote that blingfire split off: the content is the previous sentence.
            return Found(AttributionKind.DIRECT_QUOTE, (toks[gs].start, toks[ge].end), src, None, lemma, resolve)
        # Postposed: "CONTENT, SOURCE said." -- nothing (or only a setting) after the cue.
        if (rest is None or self._only_setting(toks, after, end, lemma)) and src_start_i > 0:
            before = toks[src_start_i - 1].text
            if before.lower() == "as" and rest is not None:
                # "As many tax experts have pointed out, Mr. Trump is free ...": the content follows.
                return Found(_kind(text, rest), (toks[gs].start, toks[ge].end), src, rest, lemma, resolve)
            if before in (",", "”", '"', "’", "—", "–"):
                content = self._content_before(toks, src_start_i, start)
                if content is not None:
                    return Found(_kind(text, content), (toks[gs].start, toks[ge].end), src, content, lemma, resolve)
            return None
        if rest is None:
            return None
        if src_start_i > 0 and not self._source_ok(toks, src_start_i, gs, lemma, cat):
            return None
        if src_start_i == 0 and not self._source_ok(toks, 0, gs, lemma, cat):
            return None
        weak = lemma in WEAK_LEMMAS or cat in ("belief", "factive", "stance", "intention")
        src_toks = [t for t in toks[src_start_i:gs] if t.start >= src[0]]
        named = any(_is_cap(t) for t in src_toks) or (
            len(src_toks) == 1 and src_toks[0].low in ("he", "she", "they", "i", "we", "who")
        )
        if lemma == "call" and named:
            weak = False  # "Clinton called half of Trump's supporters 'deplorables'"
        if lemma in _DOCUMENTARY and any(t.low in words.document_nouns() or t.low in _DOC_EXTRA for t in src_toks):
            weak = False  # "A 2014 study by ... found 31 incidents", "the analysis shows Clinton ahead"
        if ge > i and m is not None and m[1].startswith("verb:"):
            weak = False  # "called for", "called on", "pointed out": the phrase itself is the cue
        if weak and not self._complement_ok(toks, after, lemma, cat):
            return None
        strong = lemma in _STRONG_LEMMAS or (ge > i and m is not None and m[1].startswith("verb:"))
        return Found(_kind(text, rest), (toks[gs].start, toks[ge].end), src, rest, lemma, resolve, weak=not strong)

    def _subject(self, toks: list[Tok], upto: int) -> tuple[int, int] | None:
        """The subject NP of the main clause (for ", saying ..."): the first noun phrase of the sentence."""
        k = 0
        # Skip a leading adverbial clause: "In August, several groups ...".
        if (
            toks[0].low in _PREPOSITIONS
            or toks[0].low in SUBORDINATORS
            or toks[0].low in DAYS
            or toks[0].low in _OPENERS
        ) and any(t.text == "," for t in toks[:upto]):
            while k < upto and toks[k].text != ",":
                k += 1
            k += 1
        if k < upto and toks[k].low in _LEADING_DROP:
            k += 1
        s = k
        while k < upto:
            tk = toks[k]
            lw = tk.low
            if lw in AUX or lw in NEG or lw in SUBORDINATORS or not (tk.text[0].isalnum() or tk.text == "."):
                break
            if not _is_cap(tk) and (_lemma_of(lw) is not None or lw.endswith("ed")) and k > s:
                break
            k += 1
            if k - s > 8:
                return None
        if k <= s or k > upto:
            return None
        e = k - 1
        while e > s and toks[e].text == ".":
            e -= 1
        return (toks[s].start, toks[e].end)

    def _passive(self, toks: list[Tok], gs: int, ge: int, lemma: str, start: int, end: int) -> Found | None:
        n = len(toks)
        after = ge + 1
        if after < n and toks[after].low == "by" and after + 1 < n:
            src = self._source_after(toks, after + 1, end)
            if src is None:
                return None
            content = self._content_before(toks, gs, start) if gs > 0 else None
            if content is None:
                return None
            return Found(AttributionKind.INDIRECT, (toks[gs].start, toks[ge].end), src, content, lemma)
        if lemma not in HEDGE_PASSIVE_LEMMAS:
            return None
        # "It is said that X" / "X is said to Y" / "no casualties were reported": a sourceless hedge.
        content = (toks[0].start, toks[gs - 1].end) if gs > 0 else None
        if after < n and toks[after].low in ("that", "to"):
            c2 = _trim_content(self.text, toks[after].start, end)
            if gs > 0 and toks[0].low == "it" and gs <= 2:
                content = c2
            elif content is not None and c2 is not None:
                content = (content[0], c2[1])
        if content is None:
            return None
        content = _trim_content(self.text, *content)
        if content is None:
            return None
        return Found(AttributionKind.HEDGE, (toks[gs].start, toks[ge].end), None, content, lemma)

    # ------------------------------------------------------------------------------------------------
    def _source_before(self, toks: list[Tok], gs: int) -> tuple[tuple[int, int] | None, tuple[int, int] | None, int]:
        """Source NP ending right before token ``gs``: (span, antecedent of a relative pronoun, start index)."""
        if gs == 0:
            return None, None, 0
        j = gs - 1
        if toks[j].text == ",":
            # Appositive or parenthetical: "X, the spokesman, said" / "Critics, however, warn".
            k = j - 1
            while k >= 0 and toks[k].text not in (",", "“", "”", '"', ";", ":", "(", ")", "—", "–"):
                k -= 1
            if k < 0 or toks[k].text != ",":
                return None, None, gs
            inner = " ".join(t.low for t in toks[k + 1 : j])
            head, _, hs = self._np_before(toks, k)
            if head is None:
                return None, None, gs
            if (
                inner in PAREN_ADVERBS
                or inner in PAREN_PHRASES
                or toks[k + 1].low in ("who", "which", "whose")
                or (toks[k + 1].low in _PREPOSITIONS and toks[k + 1].low not in ("the", "a", "an"))
            ):
                # "Clinton, at a later press gaggle, said": a setting, not part of who the source is.
                return head, None, hs
            if j - k - 1 > 32:
                return None, None, gs
            return (head[0], toks[j].end), None, hs
        span, resolve, s = self._np_before(toks, gs)
        return span, resolve, s

    def _np_before(self, toks: list[Tok], gs: int) -> tuple[tuple[int, int] | None, tuple[int, int] | None, int]:
        """A noun phrase ending right before ``gs`` (no commas inside)."""
        j = gs - 1
        if j < 0:
            return None, None, 0
        t = toks[j]
        if t.low in ("who", "which", "that") and j > 0:
            # Relative pronoun source: the antecedent is the NP before it (for the registry only).
            k = j - 1
            if toks[k].text == ",":
                k -= 1
            if k >= 0:
                ante, _, _ = self._np_before(toks, k + 1)
            else:
                ante = None
            if t.low == "that" and ante is None:
                return None, None, gs
            return (t.start, t.end), ante, j
        k = j
        count = 0
        while k >= 0:
            tk = toks[k]
            lw = tk.low
            if tk.text == ")":
                # A parenthetical inside the NP: "Rep. Gwen Moore (D-Wis.)".
                q = k - 1
                while q >= 0 and toks[q].text != "(" and k - q < 8:
                    q -= 1
                if q >= 0 and toks[q].text == "(":
                    count += k - q
                    k = q - 1
                    continue
                break
            if not (tk.text[0].isalnum() or tk.text in ("&", "'", "’", ".", "-")):
                break
            if tk.text == "." and not (k > 0 and len(toks[k - 1].text) <= 4 and _is_cap(toks[k - 1])):
                break
            if lw in ("and", "&", "or"):
                # Part of a compound name only between capitalised words or group nouns.
                if (
                    k > 0
                    and k + 1 <= j
                    and (
                        (_is_cap(toks[k - 1]) and _is_cap(toks[k + 1]))
                        or (toks[k - 1].low in self.anon and toks[k + 1].low in self.anon)
                        or (toks[k + 1].low in _PREPOSITIONS and toks[k + 1].low not in ("the", "a", "an"))
                    )
                ):
                    k -= 1
                    count += 1
                    continue
                break
            if lw in _NP_STOPS:  # a subordinator, an auxiliary or a negation
                break
            if lw.endswith("ing") and not tk.text[:1].isupper() and lw not in ("king", "ring"):
                break
            if lw in _LEMMAS and not tk.text[:1].isupper() and k != j and _is_past(lw) and lw not in ("retired",):
                break
            count += 1
            if count > 14:
                return None, None, gs
            k -= 1
        s = k + 1
        if s > j:
            return None, None, gs
        # Drop a leading preposition phrase without comma ("In Iowa Trump said" is rare; "Also" etc.).
        while s <= j and (toks[s].low in _LEADING_DROP):
            s += 1
        if s > j:
            return None, None, gs
        return (toks[s].start, toks[j].end), None, s

    def _source_ok(self, toks: list[Tok], s: int, gs: int, lemma: str, cat: str) -> bool:
        words_ = [t.low for t in toks[s:gs] if t.text[0].isalnum()]
        if not words_:
            return False
        phrase = " ".join(words_)
        if phrase in NOT_SOURCES or words_[0] in ("there",):
            return False
        if phrase == "it" and cat not in ("speech", "written", "confirm_deny"):
            return False
        if phrase in ("you", "we", "i") and cat in ("belief", "intention"):
            return True
        # A source has some noun: a capitalised word, a pronoun, or a known person/group/body noun.
        if any(_is_cap(t) for t in toks[s:gs]) or phrase in PRONOUN_SOURCES:
            return True
        return cat in ("speech", "written", "confirm_deny", "hedge") or any(w in _source_nouns() for w in words_)

    def _source_after(self, toks: list[Tok], a: int, end: int) -> tuple[int, int] | None:
        """Source NP after an inverted cue or ``by``: up to a setting, a participle or the end."""
        n = len(toks)
        k = a
        while k < n:
            tk = toks[k]
            if tk.text in (";", ":", "“", "”", '"', "(", "—", "–") or (tk.text == "." and k == n - 1):
                break
            if tk.text in ("!", "?"):
                break
            if (
                tk.text == ","
                and k + 1 < n
                and (
                    toks[k + 1].low in PARTICIPLE_CUES
                    or toks[k + 1].low in ("and", "but", "according", "in", "on", "at", "during", "as", "when")
                    or toks[k + 1].low in DAYS
                )
            ):
                break
            if (
                tk.low in ("in", "on", "at", "during", "via", "after", "before", "while", "when", "to", "last", "this")
                and k > a
            ):
                # A setting ("in a statement", "on Monday", "told reporters") ends the source unless it is
                # a descriptive "of/at the X" after a title: keep "professor at Yale".
                if tk.low in ("at",) and k > a and toks[k - 1].low in words.generic_descriptors():
                    k += 1
                    continue
                if tk.low in ("in", "at") and k + 1 < n and _is_cap(toks[k + 1]) and toks[k + 1].low not in DAYS:
                    k += 1
                    continue
                break
            if tk.low in DAYS and k > a:
                break
            k += 1
        last = k - 1
        while last >= a and toks[last].text in (",", ".", "'", "’"):
            last -= 1
        if last < a:
            return None
        return (toks[a].start, toks[last].end)

    def _content_before(self, toks: list[Tok], s: int, start: int) -> tuple[int, int] | None:
        """Content of a postposed or inverted cue: from the sentence start to before the cue's comma."""
        if s == 0:
            return None
        e = toks[s - 1].end
        return _trim_content(self.text, start, e)

    def _content_after(self, toks: list[Tok], a: int, lemma: str, end: int) -> tuple[int, int] | None:
        """Content after the cue: skip an addressee and a setting, stop at a participle cue."""
        n = len(toks)
        if a >= n:
            return None
        k = a
        if lemma in RECIPIENT_VERBS:
            # "told reporters (on Monday) that", "told CNN's Jake Tapper that": jump to the complementiser.
            for q in range(a, min(n, a + 9)):
                if toks[q].low in ("that", "whether", "if", "to", ":", "how", "why", "what") or (
                    toks[q].text in OPEN_QUOTES
                ):
                    k = q + 1 if toks[q].text == ":" else q
                    break
                if toks[q].text == "," and q + 1 < n and toks[q + 1].text in OPEN_QUOTES:
                    k = q + 1
                    break
            else:
                # Without a complementiser the content follows a short object ("told him the vote ...");
                # an addressee alone ("Boyle asked Trump.") leaves the content to the previous sentence.
                if toks[a].low in ("him", "her", "them", "us", "me", "you", "reporters"):
                    k = a + 1
                q = k
                while q < n and q < k + 4 and (_is_cap(toks[q]) or toks[q].low in ("the", "’s", "'s")):
                    q += 1
                if q >= n - 1 or toks[q].text in (".", "!", "?"):
                    return None
        # Skip a setting or time expression: "said Monday that", "said in a statement that".
        lows = self._lows_of(toks)
        by_first = self.by_first
        while k < n:
            m = _phrase_at(lows, k, by_first)
            if m is not None and m[1] == "setting":
                k += m[0]
                continue
            lw = lows[k]
            if lw in DAYS or (lw in ("on", "last", "this") and k + 1 < n and lows[k + 1] in DAYS):
                k += 1 if lw in DAYS else 2
                continue
            if lw == ",":
                k += 1
                continue
            break
        if k >= n:
            return None
        cs = toks[k].start
        # Stop at a participle cue: ", adding that ..." starts a new attribution.
        ce = end
        for q in self._participle_commas(lows):
            if q > k:
                ce = toks[q].start
                break
        return _trim_content(self.text, cs, ce)

    def _only_setting(self, toks: list[Tok], a: int, end: int, lemma: str = "") -> bool:
        """Whether the cue ends its clause: only a setting, a time or an addressee follows ("told reporters.")."""
        n = len(toks)
        k = a
        if lemma in RECIPIENT_VERBS:
            # An addressee: a pronoun, "reporters", or a short capitalised name ("The Post", "CNN").
            if k < n and toks[k].low in ("him", "her", "them", "us", "me", "you", "reporters", "journalists"):
                k += 1
            else:
                q = k
                while q < n and q < k + 5 and (_is_cap(toks[q]) or toks[q].low in ("the", "'s", "’s", ".")):
                    q += 1
                k = q
        lows = self._lows_of(toks)
        by_first = self.by_first
        while k < n:
            m = _phrase_at(lows, k, by_first)
            if m is not None and m[1] == "setting":
                k += m[0]
                continue
            lw = lows[k]
            if lw in DAYS or (lw in ("on", "last", "this", "late", "early") and k + 1 < n and lows[k + 1] in DAYS):
                k += 1 if lw in DAYS else 2
                continue
            if lw in ("afternoon", "morning", "evening", "night", "week", "month", "year", "then", "again"):
                k += 1
                continue
            break
        if k >= n:
            return True
        return toks[k].text in (".", "!", "?", ",", ";", "—", "–") or (toks[k].text in CLOSE_QUOTES and k == n - 1)

    def _complement_ok(self, toks: list[Tok], a: int, lemma: str, cat: str) -> bool:
        """A weak cue needs a marked complement: that-clause, quote, colon, wh-word or infinitive."""
        n = len(toks)
        if a >= n:
            return False
        if a + 1 < n and toks[a].low in ("him", "her", "them", "us", "me", "it") and toks[a + 1].low == "to":
            return True  # "expects them to ...", "urged him to ..."
        if lemma == "know" and toks[a].low in ("i", "you", "he", "she", "we", "they", "there", "that"):
            return True
        if lemma == "want" and toks[a].text[0].isalnum() and toks[a].low not in ("to", "that"):
            return True  # "Democrats want policies that create more revenue": the object is the content
        if cat == "intention":
            # "decided after a lengthy investigation not to recommend charges": the infinitive may come later.
            for q in range(a, min(n, a + 9)):
                if toks[q].low == "to" and q + 1 < n and toks[q + 1].text.isalpha() and toks[q + 1].text.islower():
                    return toks[q + 1].low not in ("the", "a", "an", "his", "her", "their", "its")
                if not toks[q].text[0].isalnum():
                    break
        if cat == "stance" and toks[a].text[0].isalnum() and toks[a].low not in ("to", "that", "it"):
            return True  # "endorsed Clinton", "opposed the resolution": the object is the content
        if cat == "stance" and any(toks[q].low in ("for", "as", "over", "of") for q in range(a, min(n, a + 12))):
            return True  # "criticized Tulsa police officer Betty Shelby for ...", "praised her as ..."
        if lemma in _BELIEF_CLAUSE and (toks[a].low in _CLAUSE_STARTS or _is_cap(toks[a])):
            return True  # "believe bigotry is ...", "thinks Trump will ..."
        if cat in ("belief", "factive", "speech", "hedge", "confirm_deny") and toks[a].text[0].isalnum():
            # A bare clause: "hoped electric utilities would be able ...": a finite verb within a few words.
            for q in range(a + 1, min(n, a + 7)):
                if toks[q].low in _FINITE:
                    return True
                if not toks[q].text[0].isalnum():
                    break
        if lemma in ("agree", "disagree", "side", "liken", "compare") and toks[a].low in ("with", "to"):
            return True
        documentary = lemma in ("show", "find", "reveal", "suggest", "indicate") and a >= 2
        if documentary and any(toks[q].low in words.document_nouns() for q in range(max(0, a - 4), a)):
            return True  # a document or poll shows something: "The poll showed Clinton ahead"
        for q in range(a, min(n, a + 4)):
            lw = toks[q].low
            if lw in ("that", "whether", "if", "how", "why", "what", "who") or toks[q].text in OPEN_QUOTES:
                return True
            if toks[q].text == ":":
                return True
            if lw == "to" and cat in ("intention", "belief") and q == a:
                return True
            if lw in ("for", "on") and lemma in ("call",) and q == a:
                return True
            if toks[q].text in (",", ".", ";"):
                return False
        # Stance verbs: "criticized Trump for ...", "praised her as ...".
        if cat == "stance":
            return any(toks[q].low in ("for", "as", "over") for q in range(a, min(n, a + 6)))
        return False

    # ------------------------------------------------------------------------------------------------
    def _nominal(self, toks: list[Tok], start: int, end: int) -> list[Found]:
        """Possessive nominal cues: "his claim that ...", "Trump's view is that ...", "in her view, ..."."""
        out = []
        n = len(toks)
        nouns = self.nominal_nouns  # cue nouns and stance nouns
        for i in [i - 1 for i, low in enumerate(self._lows_of(toks)[1 : n - 1], 1) if low in nouns]:
            t = toks[i]
            noun = toks[i + 1].low
            possessive = t.low in ("his", "her", "their", "its") or (
                t.low.endswith(("’s", "'s")) and _is_cap(t) and t.low not in ("it’s", "it's", "editor’s", "editor's")
            )
            if not possessive:
                continue
            k = i + 2
            if k < n and toks[k].low in ("is", "was") and k + 1 < n and toks[k + 1].low == "that":
                k += 1
            if k < n and (toks[k].low in ("that", ":") or toks[k].text in OPEN_QUOTES):
                content = _trim_content(self.text, toks[k].start, end)
                if content is None:
                    continue
                # "Trump's": the name without the possessive ending.
                src = (t.start, t.end) if t.low in ("his", "her", "their", "its") else (t.start, t.end - 2)
                out.append(Found(AttributionKind.INDIRECT, (toks[i + 1].start, toks[i + 1].end), src, content, noun))
            elif k < n and toks[k].low in _NOUN_PREPS and k + 1 < n and toks[k + 1].text[0].isalnum():
                # "Clinton's attacks on Trump", "his support for the bill": the object is the content.
                q = k + 1
                while q < n and toks[q].text not in (",", ";", ".", ":", "—", "–", "(", ")") and q < k + 12:
                    q += 1
                content = _trim_content(self.text, toks[k + 1].start, toks[q - 1].end)
                if content is None:
                    continue
                src = (t.start, t.end) if t.low in ("his", "her", "their", "its") else (t.start, t.end - 2)
                cue = (toks[i + 1].start, toks[k].end)
                out.append(Found(AttributionKind.INDIRECT, cue, src, content, noun, weak=True))
            elif (
                i > 0
                and toks[i - 1].low == "in"
                and noun in ("view", "opinion", "words", "estimation")
                and k < n
                and toks[k].text == ","
            ):
                content = _trim_content(self.text, toks[k + 1].start, end) if k + 1 < n else None
                if content is None:
                    continue
                src = (t.start, t.end) if t.low in ("his", "her", "their", "its") else (t.start, t.end - 2)
                out.append(Found(AttributionKind.INDIRECT, (toks[i - 1].start, toks[i + 1].end), src, content, noun))
        return out

    def _asked(self, toks: list[Tok], start: int, end: int) -> list[Found]:
        """ "Asked whether X, Smith said ...": the question is attributed to the asker's answerer's clause.

        PolNeAR marks the fronted "Asked ..." as a cue of its own, with the main clause's subject as source.
        """
        if len(toks) < 5 or toks[0].low != "asked":
            return []
        comma = next((q for q in range(2, len(toks) - 1) if toks[q].text == ","), None)
        if comma is None:
            return []
        cue_end = 1 if toks[1].low in ("about", "whether", "if") and toks[1].low == "about" else 0
        content = _trim_content(self.text, toks[cue_end + 1].start, toks[comma - 1].end)
        rest = toks[comma + 1 :]
        subject = self._subject(rest, len(rest)) if rest else None
        if content is None or subject is None:
            return []
        cue = (toks[0].start, toks[cue_end].end)
        return [Found(AttributionKind.INDIRECT, cue, subject, content, "ask", weak=True)]

    def _in_document(self, toks: list[Tok], start: int, end: int) -> list[Found]:
        """ "In a CNN poll released Monday, 50 percent ...": the document is the source, "In" the cue."""
        if len(toks) < 4:
            return []
        if toks[0].low != "in":
            return self._in_eyes(toks, start)
        comma = next((q for q in range(1, min(len(toks), 14)) if toks[q].text == ","), None)
        if comma is None or comma < 3:
            return []
        if toks[1].low not in ("a", "an", "the", "its", "his", "her", "their", "this", "that") and not _is_cap(toks[1]):
            return []  # "In offering analysis ...": not a document
        head = [t.low for t in toks[1:comma]]
        if not any(w in _POLL_WORDS for w in head):
            return []
        content = _trim_content(self.text, toks[comma].end, end)
        if content is None:
            return []
        source = (toks[1].start, toks[comma - 1].end)
        return [Found(AttributionKind.ACCORDING_TO, (toks[0].start, toks[0].end), source, content, "in")]

    def _in_eyes(self, toks: list[Tok], start: int) -> list[Found]:
        """ "... are 'safe' in his eyes": the possessor's view is the cue, the possessor the source."""
        if "in" not in self._lows_of(toks):
            return []
        for i in range(1, len(toks) - 2):
            if (
                toks[i].low == "in"
                and toks[i + 1].low in ("his", "her", "their")
                and toks[i + 2].low in ("eyes", "view", "opinion", "mind", "estimation")
            ):
                content = _trim_content(self.text, start, toks[i].start)
                if content is not None:
                    cue = (toks[i].start, toks[i + 2].end)
                    return [
                        Found(AttributionKind.ACCORDING_TO, cue, (toks[i + 1].start, toks[i + 1].end), content, "in")
                    ]
        return []

    def _hedges(self, toks: list[Tok], start: int, end: int, found: list[Found]) -> list[Found]:
        """Sourceless reporting hedges: "reportedly", "allegedly", "it is said", "is believed to"."""
        out = []
        n = len(toks)
        starts, singles, hedges = self.hedge_starts, self.hedge_singles, self.hedge_by_first
        lows = self._lows_of(toks)
        # A seem-verb, a one-word hedge, or the first word of a longer hedge followed by one of its second words.
        for i in [
            i
            for i, low in enumerate(lows)
            if low in starts and (low in singles or (i < n - 1 and lows[i + 1] in hedges[low].seconds))
        ]:
            if toks[i].low in _SEEM and 0 < i < n - 1 and toks[i - 1].low not in DET_POSS:
                nxt = toks[i + 1]
                if nxt.low in ("to", "that") or (
                    toks[i].low.startswith("seem")
                    and nxt.text.isalpha()
                    and nxt.text.islower()
                    and nxt.low not in _PREPOSITIONS
                ):
                    # "The vote seems unlikely", "Trump appeared to suggest": an unsourced impression.
                    content = _trim_content(self.text, start, end)
                    if content is not None:
                        out.append(Found(AttributionKind.HEDGE, (toks[i].start, toks[i].end), None, content, "seem"))
                continue
            m = _phrase_at(lows, i, self.hedge_by_first)
            if m is None:
                continue
            k, cat = m
            if cat not in ("adverb", "passive", "impersonal", "phrase"):
                continue
            phrase = " ".join(t.low for t in toks[i : i + k])
            if cat == "adverb" and phrase not in _REPORTING_ADVERBS:
                continue
            if cat == "passive" and not any(toks[q].low in _HEDGE_PARTICIPLES for q in range(i, i + k)):
                continue
            if cat == "phrase" and not any(
                toks[q].low in _HEDGE_PARTICIPLES | _HEDGE_PHRASE_WORDS for q in range(i, i + k)
            ):
                continue
            cue = (toks[i].start, toks[i + k - 1].end)
            if any(f.cue and f.cue[0] <= cue[0] < f.cue[1] for f in found):
                continue
            content = _trim_content(self.text, start, end)
            if content is None:
                continue
            out.append(Found(AttributionKind.HEDGE, cue, None, content, phrase))
        return out


_ARTIFACTS = _words(
    "statement statements report reports documents document data figures records comments "
    "remarks estimates estimate sources source officials testimony filings analysis study "
    "survey poll polls a-statement"
)
_PREPOSITIONS = _words(
    "of in on at for about with by from into onto over under between among against without within the a an"
)
_NOUNISH = _words(
    "state states post posts rule rules press tweet tweets report reports answer answers call calls claim "
    "claims comment comments note notes offer offers plan plans promise promises question questions "
    "support supports view views message messages charge charges fear fears hope hopes doubt doubts "
    "estimate estimates forecast forecasts appeal appeals protest protests demand demands attack attacks "
    "back backs address pitch pitches outline outlines detail details brief briefs label labels "
    "challenge challenges defend welcome thanks praise concern concerns worry worries warning text texts "
    "email emails blog blogs quote quotes joke jokes reply replies release releases guess bet bets "
    "vow vows pledge pledges want wants need needs find finds show shows"
)
_PARTICIPLE_CATS = _words("speech stance confirm_deny hedge written")
_SEEM = _words("seem seems seemed appear appears appeared")
_POLL_WORDS = _words("poll polls survey surveys study studies report analysis census")
_PARTICIPLE_LEMMAS = frozenset(
    lemma for form in PARTICIPLE_CUES if (lemma := words.verb_forms().get(form, (form, ""))[0])
)
_STRONG_LEMMAS = _words(
    "say tell add write ask explain note argue claim insist warn declare announce report state reply respond "
    "acknowledge admit confirm deny predict promise suggest recall tweet post according"
)
_RELATIVE_NEXT = _words("by on in at as last this earlier , . ; : first")
_PURE_SPEECH_PAST = _words(
    "said told added wrote asked argued claimed insisted warned declared announced replied responded "
    "acknowledged admitted confirmed denied predicted promised suggested recalled tweeted explained noted "
    "believed thought felt knew wanted hoped feared worried agreed urged vowed pledged"
)
_STANCE_NOUNS = _words(
    "attack attacks support criticism criticisms opposition praise endorsement endorsements call calls push "
    "plea pleas demand demands pledge pledges promise promises plan plans proposal proposals warning "
    "warnings complaint complaints concern concerns questions doubts views stance position"
)
_NOUN_PREPS = _words("on for of about against to over with")
_NUMBER_WORDS = _words(
    "one two three four five six seven eight nine ten eleven twelve twenty thirty forty fifty hundred "
    "thousand million billion several few many dozens"
)
_STRICT_FORMS = _words(
    "state states point points mean means reason reasons press counter voice emails email post posts "
    "rule rules read message messages text texts brief briefs detail details address"
)
_INTENT_FORMS = _words("plan plans want wants hope hopes pledge pledges vow vows promise promises seek seeks")
_OPENERS = _words(
    "once despite during following amid like unlike last meanwhile however still now then instead later "
    "earlier asked speaking"
)
_MAX_TOKENS = 250
_NP_STOPS = SUBORDINATORS | AUX | NEG
_VERB_GROUP = AUX | NEG | ADVERBS
_QUANTIFIERS = _words("some many all most several few more other both")
_NOUN_NEXT = _words("as into from for , . ; – — ) :")
_INFINITIVE_HOSTS = _words(
    "on going went goes go has have had used continued continues began begins tried tries want wants "
    "wanted plans planned plan refused refuses declined declines seemed seems appeared appears expected "
    "likely able willing ready sure eager decided decides vowed promised pledged"
)
_INFINITIVE_BLOCKERS = _words(
    "requires require required requiring free critical allow allows allowed forced force forces "
    "time way need needs needed daring dare asked asks urged urging ability right chance opportunity "
    "important necessary hard easy difficult them him her us me you it"
)
_FINITE = _words("would will is was could should has have are were can may might must had does did")
_FUNCTION_CAPS = _words("some many most all the a an this these those other several few any each every")
_ING_PREPOSITIONS = _words("by after before while for without of in from since upon when")
_BELIEF_CLAUSE = _words(
    "believe think suspect guess suppose assume reckon doubt fear worry feel hope note notice observe "
    "acknowledge recognize realize understand argue insist predict warn"
)
_DOCUMENTARY = _words("show find reveal indicate suggest demonstrate conclude estimate")
_DOC_EXTRA = _words(
    "analysis average transcript slide research data poll polls survey study report review investigation "
    "audit records documents statement complaint filing figures numbers results census video footage"
)
_CLAUSE_STARTS = _words(
    "i you he she we they it there this that these those the a an his her their its our my no some many most all every"
)
_LEADING_DROP = _words("also then but and so yet thus still now")
_REPORTING_ADVERBS = frozenset(_words("reportedly allegedly purportedly supposedly reputedly rumoredly"))
_HEDGE_PARTICIPLES = _words(
    "said reported believed alleged thought rumored rumoured understood claimed suspected feared expected"
)
_HEDGE_PHRASE_WORDS = _words("reports rumor rumors rumour rumours say says reportedly")


# The marks quote_regions pairs: ``''`` (two apostrophes, a straight double quote in some transcripts) and
# the double quotes.
_QUOTE_MARKS = ("''", '"', "“", "”", "«", "»")


@cache
def _source_after_firsts() -> frozenset[str]:
    """First words of the cue phrases after which the source follows ("according to", "citing")."""
    return frozenset(p.split()[0] for p, cat in words.cue_phrases().items() if cat == "source_after")


def _quote_marks(text: str, start: int, end: int) -> list[tuple[int, str]]:
    """(offset, mark) of the quote marks of ``text[start:end]`` in text order, as the regex
    ``''|["“”«»]`` would find them (two apostrophes are one mark, scanned left to right).

    One ``str.find`` scan per mark, each over memory at C speed, where the regex tests every character
    against its set: most stretches hold few quote marks or none.
    """
    marks: list[tuple[int, str]] = []
    for mark in _QUOTE_MARKS:
        at = text.find(mark, start, end)
        while at >= 0:
            marks.append((at, mark))
            at = text.find(mark, at + len(mark), end)
    marks.sort()
    return marks


def quote_regions(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Quoted stretches of ``text[start:end]``.

    Curly quotes pair up; straight quotes toggle. A closing quote with no opening one means the stretch
    began before ``start``; an opening quote left open runs to ``end``.
    """
    regions: list[tuple[int, int]] = []
    open_at: int | None = None
    for i, c in _quote_marks(text, start, end):
        if c == '"' or c == "''":
            j = i + len(c)
            closing = i > start and not text[i - 1].isspace() and (j >= end or not text[j].isalnum())
            if open_at is None and closing and not regions:
                regions.append((start, j))  # the quote opened before this stretch
            elif open_at is None:
                open_at = i
            else:
                regions.append((open_at, j))
                open_at = None
        elif c == "“" or c == "«":
            if open_at is None:
                open_at = i
        elif open_at is not None:  # ” or »
            regions.append((open_at, i + 1))
            open_at = None
        elif not regions:
            regions.append((start, i + 1))
    if open_at is not None:
        regions.append((open_at, end))
    return regions


@cache
def _source_nouns() -> frozenset[str]:
    """Words that make a lowercase noun phrase a source: anonymous-source words, government bodies,
    organisations, titles, generic descriptors and document nouns."""
    return frozenset(
        [
            *words.anonymous_words(),
            *words.government_bodies(),
            *words.organisations(),
            *words.titles(),
            *words.generic_descriptors(),
            *words.document_nouns(),
        ]
    )


def _speaker_noun(word: str) -> bool:
    """Whether a lowercase noun can be a speaker: a body, an office, a group ("the court ruled")."""
    return (
        word in words.government_bodies()
        or word in words.organisations()
        or word in words.titles()
        or word in words.generic_descriptors()
        or word in words.anonymous_words()
    )


def _trim_content(text: str, s: int, e: int) -> tuple[int, int] | None:
    """Trim spaces, a trailing comma/period outside quotes, and leading punctuation of a content span."""
    while s < e and (text[s].isspace() or text[s] in ",;—–-:"):
        s += 1
    while e > s and (text[e - 1].isspace() or text[e - 1] in ",;—–-:"):
        e -= 1
    if e > s and text[e - 1] == "." and not text.endswith(("U.S.", ".S.", "Jr.", "Inc."), s, e):
        e -= 1
    while e > s and text[e - 1].isspace():
        e -= 1
    if e - s < 2:
        return None
    return s, e


def _kind(text: str, content: tuple[int, int]) -> AttributionKind:
    """Direct quote when the content opens (or closes) with a quotation mark."""
    s, e = content
    head, tail = text[s : min(e, s + 2)], text[max(s, e - 2) : e]  # the first and last two characters
    if head[:1] in QUOTES or tail[-1:] in QUOTES or (len(tail) > 1 and tail[0] in QUOTES) or head == "''":
        return AttributionKind.DIRECT_QUOTE
    return AttributionKind.INDIRECT


_COORD = re.compile(
    r"(?:[,;][”\"’]?\s+(?:and|but|although|though|while|whereas|as|because|since|even as|even though|"
    r"when|after|before|if|until|unless)"
    r"|\s(?:and|but|because|although|though|whereas)(?:\s+also)?)\s+$"
)


def _coordination_cut(text: str, content_start: int, source_start: int) -> int | None:
    """End of a content span before ", but/although/while ..." that opens a clause with its own source."""
    window = text[max(content_start, source_start - 40) : source_start]
    m = _COORD.search(window)
    if m is None:
        return None
    cut = source_start - len(window) + m.start()
    return cut if cut - content_start >= 3 else None


def _outermost(found: list[Found], text: str) -> list[Found]:
    """Drop attributions whose cue lies inside another attribution's content; dedupe equal cues."""
    keep: list[Found] = []
    seen: set[tuple[int, int]] = set()
    # A weak cue inside a strong cue's source is part of how the source is described:
    # "Trump, speaking to a veterans group, said ..." -- "speaking" is not an attribution of its own.
    found = [
        g
        for g in found
        if not (
            g.weak
            and g.cue is not None
            and any(f is not g and not f.weak and f.source and f.source[0] <= g.cue[0] < f.source[1] for f in found)
        )
    ]
    for f in found:
        if f.cue is None or f.cue in seen:
            continue
        inside = False
        for g in found:
            if g is f or g.content is None or f.cue is None or g.cue is None:
                continue
            if g.content[0] <= f.cue[0] and f.cue[1] <= g.content[1] and f.source is not None:
                # "X urged Y, although they say Z": a coordinated clause with its own subject is a
                # separate attribution; the first content ends at the comma.
                anchor = f.source[0] if f.source[0] >= g.content[0] else f.cue[0]
                cut = _coordination_cut(text, g.content[0], anchor)
                if cut is None and g.weak and not f.weak and f.source[0] > g.content[0] + 2:
                    # A weak host ("posted", "attacked") does not swallow a strong cue with its own source.
                    cut = f.source[0]
                    while cut > g.content[0] and (text[cut - 1].isspace() or text[cut - 1] in ",;:—–"):
                        cut -= 1
                if cut is not None and cut - g.content[0] >= 3:
                    g.content = (g.content[0], cut)
                    continue
                if not f.weak and f.kind != AttributionKind.HEDGE and f.source[0] > g.content[0]:
                    continue  # a strong cue with its own source inside the content: keep both
            if g.content is None:  # (the cut above never empties it; for the type checker)
                continue
            if g.content[0] <= f.cue[0] and f.cue[1] <= g.content[1]:
                # Keep f if g's cue is in turn inside f's content (mutual: keep the longer content).
                mutual = f.content is not None and f.content[0] <= g.cue[0] < f.content[1]
                if mutual and f.content is not None and (f.content[1] - f.content[0]) >= (g.content[1] - g.content[0]):
                    continue
                if mutual and not f.weak and not g.weak and f.source is not None and g.source is not None:
                    continue  # "X said she felt ... because '...,' she said": two cues, two attributions
                if f.kind == AttributionKind.HEDGE or g.kind != AttributionKind.HEDGE:
                    inside = True
                    break
        if not inside:
            keep.append(f)
            seen.add(f.cue)
    # Hedges overlapping a sourced cue's content are kept (they qualify it) but a hedge whose cue is a
    # verb already used is a duplicate.
    keep.sort(key=lambda f: f.cue or (0, 0))
    return keep
