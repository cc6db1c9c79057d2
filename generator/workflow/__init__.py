"""workflow stage."""
