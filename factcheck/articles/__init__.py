"""Articles feature."""
