"""Other fact-checkers' verdicts: ClaimReviews read from pages and feeds, and stored as external fact-checks."""
