"""The read-only public JSON API (``/api/v1``): published fact-checks as ClaimReview JSON-LD, no login."""
