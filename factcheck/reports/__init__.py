"""Reports and exports: the sourcing report, verdict reports (CSV, JSON, HTML, PDF) and ClaimReview JSON-LD."""
