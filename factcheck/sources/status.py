"""The sourcing status a fact-checker acts on, with reviewers' corrections and identity checks applied."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from factcheck.articles.models import Claim
    from factcheck.sources.models import Source


class IdentityResult:
    """Results of a reviewer's identity check of a source."""

    VERIFIED = "verified"
    UNVERIFIABLE = "unverifiable"
    NONEXISTENT = "nonexistent"
    ALL = (VERIFIED, UNVERIFIABLE, NONEXISTENT)
    LABELS = {  # noqa: RUF012 - a constant table
        VERIFIED: "verified",
        UNVERIFIABLE: "could not be verified",
        NONEXISTENT: "does not appear to exist",
    }


def claim_sources(claim: Claim) -> list[Source]:
    """The registry sources a claim is attributed to (a reviewer's corrected source alone, if set)."""
    if claim.corrected_source is not None:
        return [claim.corrected_source]
    seen: dict[int, Source] = {}
    for attribution in claim.attributions:
        if attribution.source is not None:
            seen.setdefault(attribution.source.id, attribution.source)
    return list(seen.values())


def effective_status(claim: Claim) -> str:
    """The status to report and act on.

    A reviewer's correction wins. Otherwise a claim flagged ``unverified_named`` counts as ``sourced`` once
    every named person it rests on has been verified by a reviewer; an unverifiable one stays flagged.
    """
    if claim.corrected_status:
        return claim.corrected_status
    if claim.status == "unverified_named":
        people = [s for s in claim_sources(claim) if s.type == "person"]
        if people and all(s.identity_status == IdentityResult.VERIFIED for s in people):
            return "sourced"
    return claim.status
