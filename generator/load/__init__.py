"""Loading: read the content files with positions, validate, and build the Project model."""
