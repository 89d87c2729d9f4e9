"""Attribution analysis: plain typed Python over the project's spaCy pipeline, no Flask or SQLAlchemy.

``analyze(text)`` splits a text into blocks and sentences and reports, for each sentence, who (if anyone)
it is attributed to and whether that source is one a reader could check; ``analyze_many(texts)`` does the
same for many texts, batched through spaCy.
"""

from factcheck.analysis.blocks import split_blocks
from factcheck.analysis.engine import analyze, analyze_many
from factcheck.analysis.model import (
    Analysis,
    Attribution,
    AttributionKind,
    Block,
    BlockKind,
    Claim,
    Source,
    SourceType,
    Span,
    Status,
)

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
    "analyze",
    "analyze_many",
    "split_blocks",
]
