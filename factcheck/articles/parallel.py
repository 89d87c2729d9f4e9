"""The import command's parallelism, all of it: spaCy's own worker processes, through the analysis's
``analyze_many(texts, n_process=jobs)``. spaCy parses the paragraphs in ``jobs`` processes; the rules run in
the importing process as each article comes back."""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator
from typing import TypeVar

from factcheck.analysis import Analysis, analyze_many

# Below this many files spaCy parses in this process: a few articles fill one or two of its batches, so a
# second process would wait for work while the paragraphs still pay the trip to it and back.
PARALLEL_FROM_FILES = 16

Item = TypeVar("Item")


def default_jobs(files: int) -> int:
    """The processes parsing ``files`` files when the user does not say: the CPUs, from 16 files."""
    return (os.cpu_count() or 1) if files >= PARALLEL_FROM_FILES else 1


def analysed(
    items: Iterable[Item], text_of: Callable[[Item], str | None], jobs: int
) -> Generator[tuple[Item, Analysis | None], None, None]:
    """Each item with the analysis of its text, in order; an item without text (``text_of`` gives None, e.g.
    a refused file) comes back in its place with None. Items are taken only as far ahead as spaCy's batches
    need, so memory stays flat however many there are."""
    waiting: deque[tuple[Item, bool]] = deque()  # taken, not yet given back, and whether it is analysed
    reading = True

    def texts() -> Iterator[str]:
        for item in items:
            if not reading:
                return
            text = text_of(item)
            waiting.append((item, text is not None))
            if text is not None:
                yield text

    analyses = analyze_many(texts(), n_process=jobs)
    try:
        for analysis in analyses:
            while not waiting[0][1]:  # the items without text before this one, in their place
                yield waiting.popleft()[0], None
            yield waiting.popleft()[0], analysis
        for item, _ in waiting:  # those after the last one with text
            yield item, None
    except GeneratorExit:
        # Stopped early. Closing the analysis now would hang: spaCy's forked worker processes block sending
        # back the paragraphs they hold while spaCy waits for them to exit (spaCy 3.8). So take no further
        # item and let the analysis finish the few batches already handed to it.
        reading = False
        for _ in analyses:
            pass
        raise
