"""``flask --app factcheck import-article ...`` as the ``flask`` command runs it, timing each transaction.

    python bench/_timed_import.py LOG --app factcheck import-article --jobs 2 FILE...

bench/pages.py runs the import this way to learn how long each of its batches holds a transaction open
(from the transaction's first statement to the end of its commit): on SQLite that is how long a reviewer's
save can wait behind it. The seconds of each transaction are written to LOG as JSON when the command ends.
"""

from __future__ import annotations

import atexit
import json
import sys
import time
from pathlib import Path

from flask.cli import main
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

log = Path(sys.argv.pop(1))
spans: list[float] = []
began: list[float] = []


@event.listens_for(Engine, "begin")
def _began(_connection) -> None:
    began[:] = [time.perf_counter()]


@event.listens_for(Session, "after_commit")
def _committed(_session) -> None:
    if began:
        spans.append(time.perf_counter() - began.pop())


atexit.register(lambda: log.write_text(json.dumps(spans)))
main()
