"""Claim matching: "Checked before?", our own published verdicts on other claims that say the same thing.

Candidates come from the full-text index (any of the claim's content words, best ranked first); each is then
scored by how alike the two claims' content words are (rapidfuzz's token-sort ratio, 0-100, over the words
left when stop words and attribution words such as "said" or "according" are set aside: word order and who
said it do not count) and kept only when the numbers in the two claims agree and both or neither are
negated: "unemployment fell to 5 percent" is not "... 7 percent", and "the minister did not resign" is not
"the minister resigned", however alike their words.

Token-set similarity was the first choice and is too lenient here: a claim that changes one word of another
("road repairs" for "new schools") keeps most of its words' set, and scored 75 to 96 on the labelled pairs
(docs/matching.md), as high as the rewordings. The token-sort ratio of the content words, with its threshold
chosen on half of those pairs, separates them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from factcheck.claims.models import Claim
from factcheck.extensions import db
from factcheck.review.models import Verdict, VerdictState
from factcheck.search.index import BY_KIND
from factcheck.search.queries import STOP_WORDS, matching

# Candidates read from the index, and the words of the claim they are looked up by.
CANDIDATES = 50
QUERY_WORDS = 10
# Similarity from which two claims count as saying the same thing: midway between the highest "same topic,
# another claim" (86) and the lowest rewording (91) of the labelled pairs' first half (docs/matching.md).
MIN_SIMILARITY = 88
SHOWN = 5

_WORD = re.compile(r"[^\W_]+")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_NUMBER_WORD_LIST = (
    "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen "
    "eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred thousand million billion "
    "trillion half third quarter twice double doubled triple tripled"
)
NUMBER_WORDS = frozenset(_NUMBER_WORD_LIST.split())
# Who said it is not what is claimed: "the office said" and "according to the office" say the same thing.
ATTRIBUTION_WORDS = frozenset(
    {"said", "says", "say", "according", "claimed", "claims", "told", "reported", "stated", "added", "found"}
    | {"announced", "insisted", "argued", "warned", "wrote"}
)
NEGATIONS = frozenset(
    {"not", "no", "never", "none", "nobody", "nothing", "neither", "nor", "nowhere", "without", "cannot"}
)


@dataclass(frozen=True, slots=True)
class PriorCheck:
    """A published verdict on another claim that says the same thing, and how alike the two claims are."""

    verdict: Verdict
    claim: Claim
    similarity: int  # 0-100


def numbers(text: str) -> frozenset[str]:
    """The numbers a claim states, written alike ("40,000" and "40000" are one; "2.5" stays a decimal), and
    the number words it uses ("four", "a third")."""
    found = {word for word in _WORD.findall(text.lower()) if word in NUMBER_WORDS}
    for number in _NUMBER.findall(text):
        if re.fullmatch(r"\d{1,3}(,\d{3})+", number):
            number = number.replace(",", "")
        found.add(number.replace(",", ".").rstrip(".") if "," in number else number)
    return frozenset(found)


def is_negated(text: str) -> bool:
    """Whether the claim says something is not so ("not", "never", "didn't", "no one"...)."""
    words = re.findall(r"[a-z]+(?:['’]t)?", text.lower())
    return any(word in NEGATIONS or word.endswith(("n't", "n’t")) for word in words)


def content_words(text: str) -> list[str]:
    """The claim's words but stop words and attribution words, lower-cased, in order."""
    return [word for word in _WORD.findall(text.lower()) if word not in STOP_WORDS and word not in ATTRIBUTION_WORDS]


def similarity(first: str, second: str) -> int:
    """How alike two claims' content words are, whatever their order (0-100), or 0 when their numbers or
    their negation differ."""
    if numbers(first) != numbers(second) or is_negated(first) != is_negated(second):
        return 0
    return round(fuzz.token_sort_ratio(" ".join(content_words(first)), " ".join(content_words(second))))


def lookup_words(text: str) -> list[str]:
    """The words the candidates are looked up by (any of them): the claim's content words, each once, its
    numbers and its longest words first (longer words are rarer, so fewer claims that share only a common
    word are read). Attribution words are not looked up: the similarity does not count them, and "said"
    alone would match every other claim."""
    words = list(dict.fromkeys(word for word in content_words(text) if len(word) > 1 or word.isdigit()))
    return sorted(words, key=lambda word: (not word.isdigit(), -len(word)))[:QUERY_WORDS]


def prior_checks(claim: Claim) -> list[PriorCheck]:
    """The published verdicts on other claims that say what ``claim`` says, most alike first."""
    words = lookup_words(claim.text)
    if not words:
        return []
    statement, score = matching(BY_KIND["claim"], " or ".join(words), Claim.id)
    candidates = db.session.execute(
        statement.add_columns(Claim.id, Claim.text)
        .join(Verdict, Verdict.claim_id == Claim.id)
        .where(Verdict.state == VerdictState.PUBLISHED, Claim.id != claim.id)
        .order_by(score.desc(), Claim.id)
        .limit(CANDIDATES)
    ).all()
    scored = sorted(
        ((similarity(claim.text, text), claim_id) for claim_id, text in candidates),
        key=lambda pair: (-pair[0], pair[1]),
    )
    kept = [(alike, claim_id) for alike, claim_id in scored if alike >= MIN_SIMILARITY][:SHOWN]
    if not kept:
        return []
    verdicts = {
        verdict.claim_id: verdict
        for verdict in db.session.scalars(
            select(Verdict)
            .where(Verdict.claim_id.in_([claim_id for _, claim_id in kept]), Verdict.state == VerdictState.PUBLISHED)
            .options(selectinload(Verdict.rating), selectinload(Verdict.claim).selectinload(Claim.article))
        )
    }
    return [PriorCheck(verdicts[claim_id], verdicts[claim_id].claim, alike) for alike, claim_id in kept]
