"""Attribution analysis: plain typed Python, no Flask or SQLAlchemy.

``analyze(text)`` splits a text into blocks and sentences and reports, for each sentence, who (if anyone)
it is attributed to and whether that source is one a reader could check.

The modules may be compiled with mypyc (see setup.py); :data:`BUILD` says which build runs.
"""

import sys

from factcheck.analysis import native

# First, before any other module of the package: compiled modules only while they match their sources.
BUILD = native.select(sys.modules[__name__])

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
    "BUILD",
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
