"""Writes for the core domain: one module per concern (merge, review, gazetteer)."""
