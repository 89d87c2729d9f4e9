"""Search: the full-text index over claims, verdicts, evidence, sources and articles, its page and matching."""
