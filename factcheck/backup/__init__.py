"""Backup: the whole database as one versioned JSON document, and back."""
