"""The media package's one error: a file that cannot be used.

Photos that Pillow cannot decode, clips and sound that ffmpeg cannot read, a trim outside a
clip: each stage that meets one reports it against the file, as a problem of the user's input.
It lives apart from ``probe.py`` so that ``ffmpeg.py``, which ``probe.py`` runs, can raise it.
"""

from __future__ import annotations


class MediaUnreadable(Exception):
    """The file cannot be used; ``str(exc)`` is a short Vietnamese reason for staff."""
