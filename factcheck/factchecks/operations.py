"""Storing imported fact-checks: each one once (by review URL, else by publisher and claim text)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select

from factcheck.extensions import db
from factcheck.factchecks.models import ExternalFactCheck
from factcheck.factchecks.parse import FactCheckData


@dataclass(slots=True)
class ImportCounts:
    """What an import did: fact-checks added, and those already stored (or twice in the input)."""

    added: int = 0
    duplicates: int = 0


def identity(item: FactCheckData) -> tuple[str, str]:
    """What makes a fact-check the same as another: its review URL, else its publisher and claim."""
    return ("url", item.review_url) if item.review_url else ("claim", item.claim_key)


def store_factchecks(items: Iterable[FactCheckData]) -> ImportCounts:
    """Add the fact-checks not stored yet, each once; flushes, the caller commits."""
    counts = ImportCounts()
    pending: dict[tuple[str, str], FactCheckData] = {}
    for item in items:
        key = identity(item)
        if key in pending:
            counts.duplicates += 1
        else:
            pending[key] = item
    urls = [value for kind, value in pending if kind == "url"]
    claim_keys = [value for kind, value in pending if kind == "claim"]
    stored: set[tuple[str, str]] = set()
    # In chunks: a statement's parameters are limited (SQLite's default is 32,766).
    for start in range(0, len(urls), 500):
        chunk = urls[start : start + 500]
        found = db.session.scalars(select(ExternalFactCheck.review_url).where(ExternalFactCheck.review_url.in_(chunk)))
        stored.update(("url", url) for url in found if url)
    for start in range(0, len(claim_keys), 500):
        chunk = claim_keys[start : start + 500]
        found = db.session.scalars(select(ExternalFactCheck.claim_key).where(ExternalFactCheck.claim_key.in_(chunk)))
        stored.update(("claim", claim_key) for claim_key in found if claim_key)
    for key, item in pending.items():
        if key in stored:
            counts.duplicates += 1
            continue
        db.session.add(
            ExternalFactCheck(
                publisher_name=item.publisher_name,
                publisher_url=item.publisher_url,
                review_url=item.review_url,
                claim_text=item.claim_text,
                claim_key=None if item.review_url else item.claim_key,
                claimant=item.claimant,
                claim_date=item.claim_date,
                rating=item.rating,
                score_per_mille=None if item.score is None else round(item.score * 1000),
                language=item.language,
                reviewed_on=item.reviewed_on,
            )
        )
        counts.added += 1
    db.session.flush()
    return counts
