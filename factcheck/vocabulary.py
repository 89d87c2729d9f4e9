"""The workbench's one vocabulary: every sourcing status, review state, verdict state and identity-check result,
defined once as an Enum, each value with the one human name every page, form, report and export shows.

The machine values (``unverified_named``, ``in_review``) are what the database stores and the exports carry;
they never change. Models build their check constraints from these Enums (``one_of``), forms their choices
(``choices``), the JSON export's schema its ``enum`` lists, and templates show a value by its name (the
``status_name``, ``state_name`` and ``identity_name`` filters, registered by ``register``). A count is shown
with its noun in the right number by ``counted`` ("1 claim", "2 claims"), a size by ``size_in_words`` ("2 MiB");
both are template filters too.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

from flask import Flask
from markupsafe import Markup

from factcheck.analysis.model import Status

__all__ = [
    "ANALYSED_STATUSES",
    "CORRECTABLE_STATUSES",
    "IDENTITY_RESULT_NAMES",
    "NOT_IDENTIFIED",
    "REVIEW_STATE_NAMES",
    "STATUS_MEANINGS",
    "STATUS_NAMES",
    "IdentityResult",
    "ReviewState",
    "Status",
    "VerdictState",
    "choices",
    "counted",
    "identity_name",
    "one_of",
    "register",
    "size_in_words",
    "state_name",
    "status_name",
]


class ReviewState(StrEnum):
    """Where a claim is in the editorial review queue."""

    NEW = "new"
    IN_REVIEW = "in_review"
    SUBMITTED = "submitted"
    PUBLISHED = "published"
    RETURNED = "returned"


class VerdictState(StrEnum):
    """Where one verdict revision is: a draft, proposed, published, sent back, replaced, or a correction given
    up before publication (the published revision it would have replaced stays)."""

    DRAFT = "draft"
    SUBMITTED = "submitted"
    PUBLISHED = "published"
    RETURNED = "returned"
    SUPERSEDED = "superseded"
    DISCARDED = "discarded"


# The revisions a claim has now: the published one and the one being written. Superseded and discarded ones
# are history: not searched, not filtered on.
CURRENT_VERDICT_STATES: tuple[VerdictState, ...] = (
    VerdictState.DRAFT,
    VerdictState.SUBMITTED,
    VerdictState.PUBLISHED,
    VerdictState.RETURNED,
)


class IdentityResult(StrEnum):
    """Results of a reviewer's identity check of a source."""

    VERIFIED = "verified"
    UNVERIFIABLE = "unverifiable"
    NONEXISTENT = "nonexistent"


# The sourcing status of a claim (the analysis's own Enum, factcheck.analysis.model.Status), by its one name.
STATUS_NAMES: dict[str, str] = {
    Status.SOURCED: "sourced",
    Status.UNVERIFIED_NAMED: "named, identity not established",
    Status.ANONYMOUS: "anonymous",
    Status.HEDGED: "hedged",
    Status.UNATTRIBUTED: "unattributed",
    Status.NOT_A_CLAIM: "not a claim",
    Status.NOT_ANALYSED: "not analysed",
}
# What each status means, for the article page's legend ("name: meaning"): constants with nothing to escape
# but an apostrophe, so the page shows them as written.
STATUS_MEANINGS: dict[str, Markup] = {
    Status.SOURCED: Markup("an identifiable source"),
    Status.UNVERIFIED_NAMED: Markup("a named person the text does not identify"),
    Status.ANONYMOUS: Markup("an unnamed person or group"),
    Status.HEDGED: Markup("hedged, no source"),
    Status.UNATTRIBUTED: Markup("no attribution"),
    Status.NOT_A_CLAIM: Markup("a reviewer found it asserts nothing"),
    Status.NOT_ANALYSED: Markup("the article's language is not supported"),
}
# The statuses the analysis gives a claim it reads, in the order reports and the legend list them.
ANALYSED_STATUSES: tuple[Status, ...] = tuple(s for s in Status if s not in (Status.NOT_A_CLAIM, Status.NOT_ANALYSED))
# A reviewer sets a real status, also on a claim the analysis did not read (never "not_analysed" itself).
CORRECTABLE_STATUSES: tuple[Status, ...] = tuple(s for s in Status if s != Status.NOT_ANALYSED)

REVIEW_STATE_NAMES: dict[str, str] = {
    ReviewState.NEW: "new",
    ReviewState.IN_REVIEW: "in review",
    ReviewState.SUBMITTED: "submitted",
    ReviewState.PUBLISHED: "published",
    ReviewState.RETURNED: "returned",
}
IDENTITY_RESULT_NAMES: dict[str, str] = {
    IdentityResult.VERIFIED: "verified",
    IdentityResult.UNVERIFIABLE: "could not be verified",
    IdentityResult.NONEXISTENT: "does not appear to exist",
}
# How a source the article does not identify is flagged (its claims are "named, identity not established"
# when it is a named person); an identified one is "identifiable".
NOT_IDENTIFIED = "identity not established"


def status_name(status: str | None) -> str:
    """The one human name of a sourcing status."""
    if status is None:
        return ""
    return STATUS_NAMES.get(status, status.replace("_", " "))


def state_name(state: str | None) -> str:
    """The one human name of a claim's review state."""
    if state is None:
        return ""
    return REVIEW_STATE_NAMES.get(state, state.replace("_", " "))


def identity_name(result: str | None, unchecked: str = "not checked yet") -> str:
    """The result of a source's newest identity check in words (``unchecked`` without one)."""
    if result is None:
        return unchecked
    return IDENTITY_RESULT_NAMES.get(result, result)


def counted(count: int, noun: str, plural: str | None = None) -> str:
    """A number with its noun in the right form: "1 claim", "0 claims", "2 entries" (``plural`` when it is not
    the noun and an s)."""
    return f"{count} {noun if count == 1 else plural or noun + 's'}"


def size_in_words(size: int) -> str:
    """A number of bytes as people read it: "2 MiB", "2.5 MiB", "5.9 KiB", "800 bytes"."""
    for unit, name in ((1024 * 1024, "MiB"), (1024, "KiB")):
        if size >= unit:
            return f"{size / unit:.1f}".removesuffix(".0") + f" {name}"
    return counted(size, "byte")


def choices(values: Iterable[str], names: dict[str, str]) -> list[tuple[str, str]]:
    """(value, name) pairs for a form's SelectField."""
    return [(str(value), names[value]) for value in values]


def one_of(column: str, values: Iterable[str]) -> str:
    """A check constraint's SQL: ``column IN ('a', 'b')``, from an Enum (its values are plain identifiers)."""
    quoted = ", ".join(f"'{value}'" for value in values)
    return f"{column} IN ({quoted})"


def register(app: Flask) -> None:
    """Make the names available to every template."""
    app.add_template_filter(status_name, "status_name")
    app.add_template_filter(state_name, "state_name")
    app.add_template_filter(identity_name, "identity_name")
    app.add_template_filter(counted, "counted")
    app.add_template_filter(size_in_words, "size_in_words")
    app.jinja_env.globals.update(
        STATUS_MEANINGS=STATUS_MEANINGS, ANALYSED_STATUSES=ANALYSED_STATUSES, NOT_IDENTIFIED=NOT_IDENTIFIED
    )
