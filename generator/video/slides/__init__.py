"""The drawn cards: text layout, paint, one module per kind of slide, and the registry that
maps a slide's kind to its drawer (add a slide kind there)."""
