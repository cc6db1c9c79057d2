"""The demo project's stand-in media, drawn and synthesised from fixed seeds.

Modules: ``shots`` (what the content asks for), ``drawing`` and ``scenes`` (the painted
photos), ``photos`` (JPEG/PNG with camera EXIF), ``sound`` (espeak-ng speech, noise, music),
``clips`` (H.264 + AAC clips), ``run`` (the command, ``scripts/make_demo_media.py``).
"""
