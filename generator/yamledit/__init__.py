"""Editing YAML that people wrote, keeping their comments and layout: the round-trip editor
(``roundtrip``), list items as text spans (``items``) and scalars written so they read back as
themselves (``text``). Used by the studio and by the staff commands alike."""
