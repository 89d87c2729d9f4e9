"""Every frame a verb uses is explained in verb_frames.txt's header."""

from __future__ import annotations

import re

from factcheck.analysis import lexicons as lx


def test_every_verb_frame_is_explained_in_the_header():
    head = " ".join(lx.header("verb_frames.txt"))
    missing = sorted(
        {
            (lemma, frame)
            for lemma, frames in lx.VERB_FRAMES.items()
            for frame in frames
            if not re.search(rf"\b{frame}\b", head)
        }
    )
    assert missing == []
