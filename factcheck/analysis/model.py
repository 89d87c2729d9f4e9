"""Result types of the attribution analysis.

Everything here is plain data: the web app stores it, the CLI prints it as JSON lines, and tests and
benchmarks inspect it. All offsets are Python ``str`` indices into the analysed text.

The dataclasses spell out their ``__init__`` (``init=False``): compiled (see ``native``), a hand-written
``__init__`` is native code, while the one ``dataclasses`` generates stays interpreted and made each
object about ten times slower to build (the analysis builds a few hundred per article). ``dataclass``
still gives them their ``repr``, equality and, for the value types ``Span`` and ``Block``, a hash.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Status(StrEnum):
    """Sourcing status of one sentence (one per claim)."""

    SOURCED = "sourced"
    UNVERIFIED_NAMED = "unverified_named"
    ANONYMOUS = "anonymous"
    HEDGED = "hedged"
    UNATTRIBUTED = "unattributed"
    NOT_A_CLAIM = "not_a_claim"


class AttributionKind(StrEnum):
    """How an assertion is attributed."""

    DIRECT_QUOTE = "direct_quote"
    INDIRECT = "indirect"
    ACCORDING_TO = "according_to"
    HEDGE = "hedge"


class SourceType(StrEnum):
    """What kind of thing a source is."""

    PERSON = "person"
    ORGANISATION = "organisation"
    GOVERNMENT = "government"
    GROUP = "group"
    OUTLET = "outlet"
    DOCUMENT = "document"


class BlockKind(StrEnum):
    """What a block of the text (a paragraph-level unit) is."""

    PARAGRAPH = "paragraph"
    HEADING = "heading"
    BOILERPLATE = "boilerplate"


@dataclass(slots=True, init=False, unsafe_hash=True)
class Span:
    """A stretch of the text: ``text[start:end] == self.text``."""

    start: int
    end: int
    text: str

    def __init__(self, start: int, end: int, text: str) -> None:
        self.start = start
        self.end = end
        self.text = text


@dataclass(slots=True, init=False, unsafe_hash=True)
class Block:
    """A paragraph, heading or boilerplate line; ``index`` is its paragraph index."""

    index: int
    start: int
    end: int
    kind: BlockKind

    def __init__(self, index: int, start: int, end: int, kind: BlockKind) -> None:
        self.index = index
        self.start = start
        self.end = end
        self.kind = kind


@dataclass(slots=True, init=False)
class Attribution:
    """One attribution relation: a cue, the source it names and the content attributed."""

    kind: AttributionKind
    cue: Span | None
    source: Span | None
    content: Span | None
    source_id: int | None

    def __init__(
        self,
        kind: AttributionKind,
        cue: Span | None,
        source: Span | None,
        content: Span | None,
        source_id: int | None = None,
    ) -> None:
        self.kind = kind
        self.cue = cue
        self.source = source
        self.content = content
        self.source_id = source_id


@dataclass(slots=True, init=False)
class Claim:
    """One sentence of the text with its sourcing status and the reason for it."""

    start: int
    end: int
    paragraph: int
    text: str
    status: Status
    reason: str
    attributions: list[Attribution]

    def __init__(
        self,
        start: int,
        end: int,
        paragraph: int,
        text: str,
        status: Status,
        reason: str,
        attributions: list[Attribution] | None = None,
    ) -> None:
        self.start = start
        self.end = end
        self.paragraph = paragraph
        self.text = text
        self.status = status
        self.reason = reason
        self.attributions = [] if attributions is None else attributions


@dataclass(slots=True, init=False)
class Source:
    """A distinct source of an article (the registry entry)."""

    id: int
    name: str
    type: SourceType
    descriptor: str | None
    affiliation: str | None
    identifiable: bool
    mentions: list[Span]
    claims: list[int]  # indices into Analysis.claims

    def __init__(
        self,
        id: int,
        name: str,
        type: SourceType,
        descriptor: str | None,
        affiliation: str | None,
        identifiable: bool,
        mentions: list[Span] | None = None,
        claims: list[int] | None = None,
    ) -> None:
        self.id = id
        self.name = name
        self.type = type
        self.descriptor = descriptor
        self.affiliation = affiliation
        self.identifiable = identifiable
        self.mentions = [] if mentions is None else mentions
        self.claims = [] if claims is None else claims


@dataclass(slots=True, init=False)
class Analysis:
    """The whole result for one text."""

    text: str
    blocks: list[Block]
    claims: list[Claim]
    sources: list[Source]

    def __init__(self, text: str, blocks: list[Block], claims: list[Claim], sources: list[Source]) -> None:
        self.text = text
        self.blocks = blocks
        self.claims = claims
        self.sources = sources

    def to_contract(self, path: str) -> dict:
        """The JSON object of the ``--jsonl`` contract for this text."""

        def span(s: Span | None) -> dict | None:
            return None if s is None else {"start": s.start, "end": s.end, "text": s.text}

        return {
            "path": path,
            "claims": [
                {
                    "start": c.start,
                    "end": c.end,
                    "paragraph": c.paragraph,
                    "status": str(c.status),
                    "reason": c.reason,
                    "attributions": [
                        {
                            "kind": str(a.kind),
                            "cue": span(a.cue),
                            "source": span(a.source),
                            "content": span(a.content),
                            "source_id": a.source_id,
                        }
                        for a in c.attributions
                    ],
                }
                for c in self.claims
            ],
            "sources": [
                {
                    "id": s.id,
                    "name": s.name,
                    "type": str(s.type),
                    "descriptor": s.descriptor,
                    "affiliation": s.affiliation,
                    "identifiable": s.identifiable,
                }
                for s in self.sources
            ],
        }


__all__ = [
    "Analysis",
    "Attribution",
    "AttributionKind",
    "Block",
    "BlockKind",
    "Claim",
    "Source",
    "SourceType",
    "Span",
    "Status",
]
