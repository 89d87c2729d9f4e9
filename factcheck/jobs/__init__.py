"""Background jobs: work too long for a web request (the PDF report), run by ``flask --app factcheck worker``."""
