"""Every model, imported in one place so metadata (create_all, Alembic) always sees the whole schema."""

from factcheck.articles.models import Article
from factcheck.audit.models import AuditEvent
from factcheck.auth.models import User
from factcheck.claims.models import Attribution, Claim
from factcheck.evidence.models import Evidence
from factcheck.factchecks.models import ExternalFactCheck
from factcheck.jobs.models import Job
from factcheck.review.models import Rating, Verdict
from factcheck.search import index as search_index
from factcheck.sources.models import ArticleSource, IdentityCheck, Source

__all__ = [
    "Article",
    "ArticleSource",
    "Attribution",
    "AuditEvent",
    "Claim",
    "Evidence",
    "ExternalFactCheck",
    "IdentityCheck",
    "Job",
    "Rating",
    "Source",
    "User",
    "Verdict",
    "search_index",
]
