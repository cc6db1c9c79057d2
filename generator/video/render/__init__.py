"""The render engine: scenes in, MP4 with subtitles, chapters and a report out (the encoder,
framing, overlays, soundtrack and muxing). It does not read the content model."""
