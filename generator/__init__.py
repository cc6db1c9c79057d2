"""baocao: reports, galleries, a narrated video and an archive from a procuracy's YAML records."""

__version__ = "0.1.0"
