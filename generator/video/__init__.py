"""The conference video, by stage: ``storyboard`` (pure plan) → ``narration`` (speech) →
``slides`` (drawn cards) → ``assemble`` (scenes) → ``render`` (the engine). Every cached
artefact follows one rule, in ``generator.codehash``."""
