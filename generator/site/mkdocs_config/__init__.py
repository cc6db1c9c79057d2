"""Everything that reads or writes mkdocs.yml: the safe reader (``reader``), what a project may set
(``model``, checked by ``settings``), the names it may use (``names``), and the configuration of a
build (``compose``: package defaults in ``mkdocs.default.yml``, then the project's, then the
generator's own decisions)."""
