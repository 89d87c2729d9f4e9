"""Review workflow: verdicts, ratings and the editorial review queue."""
