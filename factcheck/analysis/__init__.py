"""Attribution analysis: pure Python, no Flask or SQLAlchemy.

``analyze(text)`` splits a text into blocks and sentences and reports, for each sentence, who (if anyone)
it is attributed to and whether that source is one a reader could check.
"""

from factcheck.analysis.blocks import split_blocks
from factcheck.analysis.engine import analyze
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
    "split_blocks",
]
