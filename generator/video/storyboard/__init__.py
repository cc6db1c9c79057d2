"""What the video shows and says, planned from the filtered model and video.yml (pure data)."""
