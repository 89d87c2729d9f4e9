"""Audit trail feature."""
