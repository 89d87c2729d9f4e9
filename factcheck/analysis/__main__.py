"""Command line: ``python -m factcheck.analysis --jsonl FILE...``.

Prints one JSON object per line per file (``Analysis.to_contract(path)``). A file that cannot be read
or is not UTF-8 is reported on stderr and makes the exit status non-zero; the other files are still
printed.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

from factcheck.analysis.engine import analyze


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; returns the exit status (0 ok, 1 some file failed, 2 usage error)."""
    parser = argparse.ArgumentParser(
        prog="python -m factcheck.analysis",
        description="Attribution analysis of article texts: who says so, and can a reader check it?",
    )
    parser.add_argument("--jsonl", action="store_true", help="print one JSON object per line per file")
    parser.add_argument("files", nargs="+", metavar="FILE", help="UTF-8 text files to analyse")
    args = parser.parse_args(argv)
    if not args.jsonl:
        parser.error("only --jsonl output is supported; pass --jsonl")
    status = 0
    for path in args.files:
        try:
            with open(path, encoding="utf-8", newline="") as f:
                text = f.read()
        except UnicodeDecodeError as exc:
            print(f"error: {path}: not valid UTF-8 ({exc.reason} at byte {exc.start})", file=sys.stderr)
            status = 1
            continue
        except OSError as exc:
            print(f"error: {path}: {exc.strerror or exc}", file=sys.stderr)
            status = 1
            continue
        record = analyze(text).to_contract(path)
        sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
        sys.stdout.flush()
    return status


if __name__ == "__main__":
    sys.exit(main())
