"""Claims feature."""
