"""Image pipeline pieces: reading photos, estimating foreground colour, composing and writing outputs."""
