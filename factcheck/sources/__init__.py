"""Sources feature."""
