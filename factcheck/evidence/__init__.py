"""Evidence feature."""
