"""What is said: written text to spoken form, the offline speech engine, cached narration."""
